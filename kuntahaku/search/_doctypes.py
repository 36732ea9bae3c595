"""Document types for search filters: the shared vocabulary's names in Finnish, Swedish, English."""

from __future__ import annotations

from kuntahaku.vocab.doctypes import DOC_TYPES, resolve_doc_type

__all__ = ["DOC_TYPES", "resolve_doc_type"]
