"""Building a reading list: search every passage that matches, gather them by document, fold
renditions of one text into one entry, and quote each document's best passages.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from kuntahaku.errors import EmptyReadingList
from kuntahaku.ingest import entities
from kuntahaku.models import Document
from kuntahaku.readinglist import dedup
from kuntahaku.readinglist.model import Entry, ListRequest, ReadingList, Rendition
from kuntahaku.readinglist.quotes import (
    TermMatcher,
    marked_terms,
    pick_quotes,
    query_terms,
    quote_quality,
)
from kuntahaku.store import DocumentStore

# Renditions lead their group in this order: real pages first.
_FORMAT_RANK = {"pdf": 0, "html": 1, "text": 2}


class HitLike(Protocol):
    """What a reading list reads from a search hit."""

    doc_id: str
    passage_id: str
    score: float
    snippet: str
    entities: dict[str, list[str]]


@dataclass
class _Found:
    """The passages search found in one document."""

    doc: Document
    passages: list[tuple[str, float]] = field(default_factory=list)
    facets: dict[str, Counter[str]] = field(default_factory=dict)

    @property
    def score(self) -> float:
        return max((s for _, s in self.passages), default=0.0)


def resolve_request(request: ListRequest) -> ListRequest:
    """The request with every facet value replaced by its canonical value.

    Raises `UnknownFacetValue` (with close suggestions) for a value no alias matches, so an
    unknown theme is refused before anything is searched.
    """
    filters = {
        facet: list(dict.fromkeys(_canonical(facet, v) for v in values))
        for facet, values in request.filters.items()
        if values
    }
    return ListRequest(**{**request.__dict__, "filters": filters})


def _canonical(facet: str, value: str) -> str:
    # Bodies are matched by search itself (base forms); the entity facets have canonical ids.
    return value if facet == "body" else entities.resolve(facet, value)


def search_terms(request: ListRequest, hits: Iterable[HitLike] = ()) -> TermMatcher:
    """Words a good quote contains: the query's, the themes' trigger terms, search's marks."""
    terms = query_terms(request.query)
    for theme in request.filters.get("theme", []):
        terms.extend(entities.theme_terms(theme))
    terms.extend(marked_terms(h.snippet for h in hits))
    return TermMatcher(terms)


def build_from_hits(
    store: DocumentStore, request: ListRequest, hits: Sequence[HitLike]
) -> ReadingList:
    """A reading list of the documents behind `hits` (passage hits of a search).

    Raises `EmptyReadingList` when no hit leads to a stored document.
    """
    found: dict[str, _Found] = {}
    for h in hits:
        f = found.get(h.doc_id)
        if f is None:
            doc = store.get(h.doc_id)
            if doc is None:
                continue
            f = found[h.doc_id] = _Found(doc)
        f.passages.append((h.passage_id, float(h.score)))
        for facet in ("theme", "municipality"):
            f.facets.setdefault(facet, Counter()).update(h.entities.get(facet, []))
    if not found:
        raise EmptyReadingList(f"no documents match {request.describe()}; nothing written")
    matcher = search_terms(request, hits)
    ordered = sorted(found.values(), key=_lead_order)
    boilerplate = dedup.Boilerplate.of_store(store if len(ordered) > 1 else _NoTexts())
    entries = [_entry(group, request, matcher) for group in _renditions(ordered, boilerplate)]
    entries.sort(key=lambda e: -e.score)
    return ReadingList(request=request, entries=entries[: request.limit])


def _lead_order(f: _Found) -> tuple[int, str]:
    return (_FORMAT_RANK.get(f.doc.format, 3), f.doc.path)


class _NoTexts:
    """No documents to count sentences in: one document found has no renditions to fold."""

    def doc_ids(self) -> list[str]:
        """None."""
        return []

    def passage_text(self, doc_id: str, limit: int = 0) -> str:
        """Nothing."""
        return ""


def _renditions(found: list[_Found], boilerplate: dedup.Boilerplate) -> list[list[_Found]]:
    by_id = {f.doc.doc_id: f for f in found}
    docs = [f.doc for f in found]
    return [[by_id[d.doc_id] for d in g] for g in dedup.cluster(docs, boilerplate=boilerplate)]


def _entry(group: list[_Found], request: ListRequest, matcher: TermMatcher) -> Entry:
    """One entry for a group of renditions, led by the one whose quotes read best (two-column
    or table-heavy extractions lose to clean text); a PDF's real page numbers count for one
    good quote, and ties go to pdf, html, text in that order."""
    candidates = [entry_for(f.doc, f.passages, matcher, request.quotes) for f in group]

    def quality(i: int) -> tuple[float, int]:
        pages_bonus = 1.0 if group[i].doc.format == "pdf" else 0.0
        return quote_quality(candidates[i].quotes, matcher) + pages_bonus, -i

    best = max(range(len(group)), key=quality)
    lead, entry = group[best], candidates[best]
    group = [lead, *(f for i, f in enumerate(group) if i != best)]
    facets: dict[str, Counter[str]] = {}
    for f in group:
        for facet, counts in f.facets.items():
            facets.setdefault(facet, Counter()).update(counts)
    entry.score = max(f.score for f in group)
    hit_themes = [t for t, _ in facets.get("theme", Counter()).most_common()]
    entry.themes = hit_themes or entry.themes
    entry.municipalities = [m for m, _ in facets.get("municipality", Counter()).most_common()]
    entry.also = [Rendition(f.doc.doc_id, f.doc.path) for f in group[1:]]
    copy_metadata(entry, lead.doc, [f.doc for f in group[1:]])
    return entry


def entry_for(
    doc: Document, passages: Sequence[tuple[str, float]], matcher: TermMatcher, n_quotes: int
) -> Entry:
    """An entry for one document: its metadata and quotes from its best passages."""
    entry = Entry(doc_id=doc.doc_id, path=doc.path)
    entry.quotes = pick_quotes(doc, passages, matcher, n_quotes)
    copy_metadata(entry, doc)
    if not entry.themes:
        counts: Counter[str] = Counter()
        for p in doc.passages:
            counts.update(p.entities.get("theme", []))
        entry.themes = [t for t, _ in counts.most_common()]
    return entry


def copy_metadata(entry: Entry, doc: Document, others: Sequence[Document] = ()) -> None:
    """Copy what an entry shows of its document (title, type, body, date...) onto it; a field
    the document lacks is taken from its other renditions, when one of them has it."""
    meta = doc.metadata
    entry.path = doc.path
    entry.title = meta.title or Path(doc.path).stem
    entry.doc_type = meta.doc_type
    entry.body = meta.body
    entry.municipality = meta.municipality
    entry.date = meta.date
    entry.diary_numbers = diary_numbers(doc, entry.sections)
    entry.lang = doc.lang
    for other in others:
        m = other.metadata
        if entry.doc_type in ("", "other"):
            entry.doc_type = m.doc_type
        entry.body = entry.body or m.body
        entry.municipality = entry.municipality or m.municipality
        entry.date = entry.date or m.date
        entry.diary_numbers = entry.diary_numbers or diary_numbers(other, entry.sections)


def diary_numbers(doc: Document, sections: Sequence[str], most: int = 3) -> list[str]:
    """The diary numbers worth showing: those of the quoted sections (§) when the document
    tells them, else all of them when there are at most `most` (minutes list dozens)."""
    numbers = {s.removeprefix("§").strip() for s in sections}
    quoted = [
        s.diary_number
        for s in doc.metadata.sections
        if s.number in numbers and s.diary_number and s.kind == "paragraph_sign"
    ]
    if quoted:
        return list(dict.fromkeys(quoted))
    everything = list(doc.metadata.diary_numbers)
    return everything if len(everything) <= most else []


def build_list(index_dir: Path, request: ListRequest) -> ReadingList:
    """Search the index folder for every passage matching `request` and build the list."""
    from kuntahaku.search import SearchRequest, run_search

    req = resolve_request(request)
    search = SearchRequest(
        query=req.query,
        filters=req.filters,
        doc_type=req.doc_type,
        lang=req.lang,
        year=req.year,
        date_from=req.date_from,
        date_to=req.date_to,
        passages=True,
        limit=0,
        facets=False,
    )
    result = run_search(index_dir, search)
    with DocumentStore(index_dir) as store:
        return build_from_hits(store, req, result.hits)
