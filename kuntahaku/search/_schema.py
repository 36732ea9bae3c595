"""The passage schema of the whoosh engine (tantivy's mirrors it): one record per passage, the
document's fields copied on it.

Text is indexed once per language (`text_fi`, `text_sv`, `text_en`) with that language's
analyzer, in the field of the passage's language and of the document's other languages (all
three when the language is unknown), and stored once in `text`. Facet fields hold canonical
entity values for the whole document (so a filter selects documents), `p_<facet>` those of the
passage itself (to pick its best passage).
"""

from __future__ import annotations

from typing import Any

from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from kuntahaku.search._fields import ENTITY_FACETS, FACETS, LANGS, SCHEMA_VERSION, TEXT_FIELDS
from kuntahaku.search._whoosh_analysis import (
    LanguageAnalyzer,
    MultiLanguageAnalyzer,
    TermPositionsFormat,
)

__all__ = ["ENTITY_FACETS", "FACETS", "LANGS", "SCHEMA_VERSION", "TEXT_FIELDS", "build_schema"]


def _text(analyzer: Any, stored: bool = False) -> TEXT:
    """A text field with positions (for phrases), indexed through our analyzers' fast path."""
    field = TEXT(analyzer=analyzer, phrase=True, stored=stored)
    field.format = TermPositionsFormat(field_boost=field.format.field_boost)
    return field


def build_schema() -> Schema:
    """The passage schema (see module docstring)."""
    keyword = {f: KEYWORD(commas=True, lowercase=False) for f in ENTITY_FACETS}
    passage_keyword = {f"p_{f}": KEYWORD(commas=True, lowercase=False) for f in ENTITY_FACETS}
    schema = Schema(
        passage_id=ID(stored=True, unique=True),
        doc_id=ID(stored=True, sortable=True),
        ordinal=STORED(),
        path=STORED(),
        title=_text(MultiLanguageAnalyzer(), stored=True),
        text=STORED(),
        text_fi=_text(LanguageAnalyzer("fi")),
        text_sv=_text(LanguageAnalyzer("sv")),
        text_en=_text(LanguageAnalyzer("en")),
        pages=STORED(),
        section=STORED(),
        heading_path=STORED(),
        diary_numbers=STORED(),
        entities=STORED(),
        langs=STORED(),  # the language fields the text went into
        doc_facets=STORED(),  # the document-level facet values, read once per matched document
        diary=KEYWORD(commas=True, lowercase=False),
        issuer=KEYWORD(commas=True, lowercase=False),
        doc_type=ID(stored=True),
        lang=ID(stored=True, sortable=True),
        body=ID(stored=True),
        date=ID(stored=True, sortable=True),
        year=ID(stored=True),
        **keyword,
        **passage_keyword,
    )
    # Whoosh stats the disk once per posting of a field without a length column when it writes a
    # segment (W3PerDocReader._cached_reader does not cache a missing column): giving every
    # indexed field lengths made commits several times faster on the corpus.
    for _, fieldtype in schema.items():
        if fieldtype.indexed:
            fieldtype.scorable = True
    return schema
