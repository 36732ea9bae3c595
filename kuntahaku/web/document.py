"""The document page: metadata, § list with pages, entities, and every passage with the
words of the query that led there highlighted.

Highlighted words are those search itself matched in this document's passages (the marked
words of its snippets, so lemmas and compound parts count as they do in search), plus the
query's own words by stem, the way reading lists find their quotes (`readinglist.quotes`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from kuntahaku import render
from kuntahaku.errors import DocumentNotFound
from kuntahaku.models import Document
from kuntahaku.readinglist.quotes import marked_terms, query_terms
from kuntahaku.search import SearchRequest, run_search
from kuntahaku.store import DocumentStore
from kuntahaku.web.results import SEARCH_LOCK

_DOC_ID = re.compile(r"[0-9a-f]{6,64}")
_WORD = re.compile(r"\w+")


@dataclass
class DocumentView:
    """A stored document and what the page marks in it."""

    doc: Document
    matched: set[str] = field(default_factory=set)  # passage ids the query matched
    terms: list[str] = field(default_factory=list)

    @property
    def file_name(self) -> str:
        """The original file's name."""
        return Path(self.doc.path).name

    def json(self) -> dict[str, Any]:
        """The `show --json` shape."""
        return render.document_json(self.doc)

    def entities(self) -> dict[str, dict[str, int]]:
        """Entities by type with their mention counts."""
        return render.entity_counts(self.doc)

    def highlighted(self, text: str) -> Markup:
        """A passage's text, escaped, with the query's words in <mark>."""
        return highlight(text, self.terms)


def load_document(store: DocumentStore, doc_id: str) -> Document:
    """A document by its exact id only (never a path from the request)."""
    if not _DOC_ID.fullmatch(doc_id):
        raise DocumentNotFound(f"{doc_id!r} is not a document id")
    doc = store.get(doc_id)
    if doc is None:
        raise DocumentNotFound(f"no ingested document has the id {doc_id!r}")
    return doc


def document_view(index_dir: Path, doc_id: str, query: str = "") -> DocumentView:
    """The document, and, for a query, its matched passages and the words to highlight."""
    with DocumentStore(index_dir) as store:
        doc = load_document(store, doc_id)
    view = DocumentView(doc)
    if not query.strip():
        return view
    with SEARCH_LOCK:
        result = run_search(
            index_dir, SearchRequest(query=query, passages=True, limit=0, facets=False)
        )
    mine = [h for h in result.hits if h.doc_id == doc.doc_id]
    view.matched = {h.passage_id for h in mine}
    view.terms = list(dict.fromkeys([*marked_terms(h.snippet for h in mine), *query_terms(query)]))
    return view


def _patterns(terms: list[str]) -> re.Pattern[str] | None:
    """One pattern finding any term: exact for short words, by stem for long ones (Finnish
    inflects and compounds: "kiertotalous" finds "kiertotalouden")."""
    parts = []
    for term in sorted(set(terms), key=len, reverse=True):
        for word in term.lower().split():
            if len(word) <= 3:
                parts.append(rf"(?<!\w){re.escape(word)}(?!\w)")
            else:
                parts.append(re.escape(word[: max(4, len(word) - 2)]))
    return re.compile("|".join(parts), re.I) if parts else None


def highlight(text: str, terms: list[str]) -> Markup:
    """Escape `text` and wrap each word containing a term in <mark>."""
    pattern = _patterns(terms)
    if pattern is None:
        return Markup(escape(text))
    out: list[Markup] = []
    cursor = 0
    for m in _WORD.finditer(text):
        if pattern.search(m.group(0)):
            out.append(escape(text[cursor : m.start()]))
            out.append(Markup("<mark>{}</mark>").format(m.group(0)))
            cursor = m.end()
    out.append(escape(text[cursor:]))
    return Markup("").join(out)
