"""The municipal vocabulary in Finnish, Swedish and English: document types and deciding bodies.

It sits below both ingestion (which detects types and bodies) and search (whose filters accept
any of their names), so that both read one data file and neither imports the other.
"""

from kuntahaku.vocab.doctypes import DOC_TYPES, doc_type_label, resolve_doc_type

__all__ = ["DOC_TYPES", "doc_type_label", "resolve_doc_type"]
