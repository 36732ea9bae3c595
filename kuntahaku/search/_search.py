"""Running a search: filters, grouping passages by document, facet counts, snippets, suggestions.

Results are grouped by document: `total` counts documents and each document is represented by
its best passage (or, with `passages`, by every matching passage, best first). Facet counts
count documents too, over everything the query and filters match.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import query as wq

from kuntahaku.errors import QuerySyntaxError, UsageError
from kuntahaku.search import _entities as entity_stage
from kuntahaku.search._bounds import SEARCH_SECONDS, Deadline, check_expansion
from kuntahaku.search._dates import date_bound
from kuntahaku.search._doctypes import resolve_doc_type
from kuntahaku.search._execute import Hits, SegmentQuery
from kuntahaku.search._group import Matched, documents, facet_counts_of, members
from kuntahaku.search._live import LiveIndex, live_index
from kuntahaku.search._query import body_query, parse_query
from kuntahaku.search._schema import ENTITY_FACETS, LANGS, TEXT_FIELDS
from kuntahaku.search._snippet import make_snippet
from kuntahaku.text import lemmas, normalise_lang

SORTS = ("relevance", "date")
# Names a filter may be given under, mapped to the facet field.
FILTER_ALIASES = {"city": "municipality", "org": "organisation", "organization": "organisation"}
MAX_SUGGESTIONS = 5
MAX_SUGGEST_CHARS = 30  # spelling suggestions for longer words would walk most of the terms


@dataclass(frozen=True)
class SearchRequest:
    """What to search: a query (may be empty), filters, order and how many documents.

    `filters` maps a facet (municipality/city, region, fund, theme, organisation/org, body) to
    values in any alias; values of one facet are ORed, different facets ANDed. `limit` counts
    documents; 0 means all.
    """

    query: str = ""
    filters: Mapping[str, Sequence[str]] = field(default_factory=dict)
    doc_type: str = ""
    lang: str = ""
    year: int | None = None
    date_from: str = ""
    date_to: str = ""
    sort: str = ""  # relevance | date; "" = relevance, or date for an empty query
    limit: int = 10
    passages: bool = False
    facets: bool = True
    time_limit: float = SEARCH_SECONDS  # seconds; past it the search stops with QueryTimeout


@dataclass
class Hit:
    """One passage found, with its document's fields."""

    doc_id: str
    passage_id: str
    path: str
    title: str
    doc_type: str
    date: str
    lang: str
    body: str
    diary_numbers: list[str]
    section: str
    heading_path: list[str]
    page: int | None
    pages: list[int]
    score: float
    text: str
    snippet: str
    entities: dict[str, list[str]]
    matches: int = 1  # matching passages in this document


@dataclass
class SearchResult:
    """Hits grouped by document (`total` documents), facet counts and spelling suggestions."""

    query: str
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    suggestions: list[str] = field(default_factory=list)
    passages: int = 0  # matching passages


def _filter_values(request: SearchRequest) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, values in request.filters.items():
        facet = FILTER_ALIASES.get(name, name)
        if facet not in (*ENTITY_FACETS, "body"):
            raise UsageError(
                f"unknown filter {name!r}; known: {', '.join((*ENTITY_FACETS, 'body'))}"
            )
        vals = [values] if isinstance(values, str) else list(values)
        if vals:
            out.setdefault(facet, []).extend(vals)
    return out


def build_filter(request: SearchRequest) -> tuple[Any, list[Any]]:
    """The filter query for a request, and `p_<facet>` terms that prefer passages that match."""
    parts: list[Any] = []
    prefer: list[Any] = []
    for facet, values in _filter_values(request).items():
        if facet == "body":
            parts.append(wq.Or([body_query(v) for v in values]))
            continue
        canon = list(dict.fromkeys(entity_stage.resolve(facet, v) for v in values))
        parts.append(wq.Or([wq.Term(facet, v) for v in canon]))
        prefer.extend(wq.Term(f"p_{facet}", v) for v in canon)
    if request.doc_type:
        parts.append(wq.Term("doc_type", resolve_doc_type(request.doc_type)))
    if request.lang:
        parts.append(wq.Term("lang", normalise_lang(request.lang)))
    if request.year is not None:
        if request.date_from or request.date_to:
            raise UsageError("give either a year or a date range (--from/--to), not both")
        parts.append(wq.Term("year", f"{request.year:04d}"))
    if request.date_from or request.date_to:
        lo = date_bound(request.date_from, end=False) if request.date_from else None
        hi = date_bound(request.date_to, end=True) if request.date_to else None
        if lo and hi and lo > hi:
            raise QuerySyntaxError(f"the date range starts after it ends ({lo} > {hi})")
        parts.append(wq.TermRange("date", lo, hi))
    if not parts:
        return None, prefer
    return (parts[0] if len(parts) == 1 else wq.And(parts)), prefer


def _matched_terms(q: Any, reader: Any) -> dict[str, set[str]]:
    """Terms of each text field that the query matched (wildcards and fuzzy terms expanded).

    Our own walk over the leaves: whoosh's `Query.existing_terms` reuses its `fieldname`
    argument as a loop variable and so drops the terms of every field after the first.
    """
    out: dict[str, set[str]] = {f: set() for f in TEXT_FIELDS}
    for leaf in q.leaves():
        if leaf.field() not in out:
            continue
        for fieldname, text in leaf.expanded_terms(reader, phrases=True):
            if fieldname in out and (fieldname, text) in reader:
                out[fieldname].add(text.decode("utf-8") if isinstance(text, bytes) else text)
    return out


def _suggest(searcher: Any, words: list[str]) -> list[str]:
    """Spellings from the index for the query words the index does not know."""
    reader = searcher.reader()
    out: list[str] = []
    for word in words:
        if any(c in word for c in "*?~") or not 3 <= len(word) <= MAX_SUGGEST_CHARS:
            continue
        own = {word.lower(), *(lem for lang in LANGS for lem in lemmas(word, lang))}
        if any((f, t) in reader for f in TEXT_FIELDS for t in own):
            continue  # the index knows the word: nothing to correct (a filter left it out)
        for fieldname in TEXT_FIELDS:
            for s in searcher.suggest(fieldname, word.lower(), limit=3, maxdist=2, prefix=1):
                if s not in own and s not in out and not s.isdigit():
                    out.append(s)
    return out[:MAX_SUGGESTIONS]


def _term_positions(
    reader: Any, docnum: int, terms: dict[str, set[str]], langs: list[str]
) -> set[int]:
    """Token positions in passage `docnum` of the terms the query matched, read from the
    index's postings (the text of every language field is the passage's text)."""
    found: set[int] = set()
    for code in langs:
        fieldname = f"text_{code}"
        for term in terms.get(fieldname, ()):
            try:
                m = reader.postings(fieldname, term)
            except Exception:  # whoosh raises TermNotFound (and kin) for a missing term
                continue
            m.skip_to(docnum)
            if m.is_active() and m.id() == docnum:
                found.update(m.value_as("positions"))
    return found


def _hit(
    stored: dict[str, Any],
    score: float,
    terms: dict[str, set[str]],
    matches: int,
    positions: set[int] | None = None,
) -> Hit:
    lang = stored.get("lang", "")
    text = stored.get("text", "")
    langs = [c for c in stored.get("langs", []) if c in LANGS] or list(LANGS)
    snippet = make_snippet(
        text, {code: terms[f"text_{code}"] for code in langs}, positions=positions
    )
    pages = [int(p) for p in stored.get("pages", [])]
    return Hit(
        doc_id=stored["doc_id"],
        passage_id=stored["passage_id"],
        path=stored.get("path", ""),
        title=stored.get("title", ""),
        doc_type=stored.get("doc_type", ""),
        date=stored.get("date", ""),
        lang=lang,
        body=stored.get("body", ""),
        diary_numbers=list(stored.get("diary_numbers", [])),
        section=stored.get("section", ""),
        heading_path=list(stored.get("heading_path", [])),
        page=pages[0] if pages else None,
        pages=pages,
        score=round(float(score), 4),
        text=text,
        snippet=snippet,
        entities=dict(stored.get("entities", {})),
        matches=matches,
    )


def _prepare(request: SearchRequest) -> tuple[Any, Any, list[str], str]:
    if request.sort and request.sort not in SORTS:
        raise UsageError(f"unknown sort {request.sort!r}; use one of: {', '.join(SORTS)}")
    if request.limit < 0:
        raise UsageError("limit must be 0 (all) or more")
    parsed = parse_query(request.query)
    filt, prefer = build_filter(request)
    if parsed.query is None:
        q: Any = wq.Every()
        sort = request.sort or "date"
    else:
        q = parsed.query
        sort = request.sort or "relevance"
    if prefer:
        q = wq.AndMaybe(q, wq.Or(prefer))
    return q, filt, parsed.words, sort


def _mask(seg: SegmentQuery, q: Any) -> np.ndarray:
    return seg.hits(q).mask


def _match(live: LiveIndex, q: Any, filt: Any, time_limit: float = SEARCH_SECONDS) -> Matched:
    """Per segment, the passages `q` matches that pass the filter, with their scores.

    Raises QuerySyntaxError when the query's wildcards expand too far, QueryTimeout when the
    search runs past `time_limit` seconds."""
    top = live.searcher
    check_expansion(q, top.reader())
    deadline = Deadline(time_limit)
    out: Matched = []
    for leaf in live.leaves():
        seg = SegmentQuery(top, leaf, deadline)
        hits = seg.hits(q)
        if filt is not None and hits.mask.any():
            mask = hits.mask & leaf.table.allowed(repr(filt), partial(_mask, seg, filt))
            hits = Hits(mask, np.where(mask, hits.score, 0.0))
        out.append((leaf, hits))
    return out


def run_search(index_dir: Path, request: SearchRequest) -> SearchResult:
    """Search the index folder; raises QuerySyntaxError/UnknownFacetValue for bad input."""
    q, filt, words, sort = _prepare(request)
    live = live_index(index_dir)
    searcher = live.searcher
    matched = _match(live, q, filt, request.time_limit)
    total, chosen = documents(matched, sort, request.limit)
    terms = _matched_terms(q, searcher.reader())
    hits: list[Hit] = []
    for doc in chosen:
        found = members(doc, matched) if request.passages else [(doc.score, doc.docnum)]
        for score, docnum in found:
            stored = searcher.stored_fields(docnum)
            langs = [c for c in stored.get("langs", []) if c in LANGS] or list(LANGS)
            positions = _term_positions(searcher.reader(), docnum, terms, langs)
            hits.append(_hit(stored, score, terms, doc.count, positions))
    facets = facet_counts_of(matched) if request.facets else {}
    suggestions = _suggest(searcher, words) if not total and words else []
    passages = sum(len(hits_) for _, hits_ in matched)
    return SearchResult(request.query, total, hits, facets, suggestions, passages=passages)


def facet_counts(index_dir: Path, request: SearchRequest) -> dict[str, dict[str, int]]:
    """Document counts per facet value for what the request matches."""
    q, filt, _, _ = _prepare(request)
    return facet_counts_of(_match(live_index(index_dir), q, filt, request.time_limit))
