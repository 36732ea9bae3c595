"""Document types for filters: any name of a type (fi/sv/en), matching that type and every type
that is a kind of it (`--type report` finds financial statements, budgets and strategies too)."""

from __future__ import annotations

from kuntahaku.search import _qtree as qt
from kuntahaku.vocab.doctypes import DOC_TYPES, narrower_types, resolve_doc_type

__all__ = ["DOC_TYPES", "doc_type_query", "resolve_doc_type"]


def doc_type_query(value: str) -> qt.Node:
    """The filter for a type named in any language (raises on an unknown name)."""
    return qt.any_of([qt.Term("doc_type", t) for t in narrower_types(resolve_doc_type(value))])
