"""Running a search: filters, grouping passages by document, facet counts, snippets, suggestions.

Results are grouped by document: `total` counts documents and each document is represented by
its best passage (or, with `passages`, by every matching passage, best first). Facet counts
count documents too, over everything the query and filters match.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import query as wq

from kuntahaku.errors import QuerySyntaxError, UsageError
from kuntahaku.search import _entities as entity_stage
from kuntahaku.search._dates import date_bound
from kuntahaku.search._doctypes import resolve_doc_type
from kuntahaku.search._index import open_index
from kuntahaku.search._query import body_query, parse_query
from kuntahaku.search._schema import ENTITY_FACETS, FACETS, LANGS, TEXT_FIELDS
from kuntahaku.search._snippet import make_snippet
from kuntahaku.text import lemmas, normalise_lang

SORTS = ("relevance", "date")
# Names a filter may be given under, mapped to the facet field.
FILTER_ALIASES = {"city": "municipality", "org": "organisation", "organization": "organisation"}
MAX_SUGGESTIONS = 5


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


def _facet_counts(searcher: Any, doc_of: dict[int, str]) -> dict[str, dict[str, int]]:
    """Documents per facet value among the matched passages `doc_of` (docnum -> doc_id).

    Document-level values are read once per document (from one of its passages); the passage
    language is read per passage from its column.
    """
    found: dict[str, dict[str, set[str]]] = {f: {} for f in FACETS}
    seen: set[str] = set()
    lang_col = searcher.reader().column_reader("lang")
    for docnum, doc_id in doc_of.items():
        lang = lang_col[docnum]
        if lang:
            found["lang"].setdefault(lang, set()).add(doc_id)
        if doc_id in seen:
            continue
        seen.add(doc_id)
        values = searcher.stored_fields(docnum).get("doc_facets", {})
        for facet, vals in values.items():
            if facet in found and facet != "lang":
                for v in vals:
                    found[facet].setdefault(v, set()).add(doc_id)
    counts: dict[str, dict[str, int]] = {}
    for facet, by_value in found.items():
        items = [(v, len(ids)) for v, ids in by_value.items()]
        if facet == "year":
            items.sort(reverse=True)
        else:
            items.sort(key=lambda kv: (-kv[1], kv[0]))
        counts[facet] = dict(items)
    return counts


def _suggest(searcher: Any, words: list[str]) -> list[str]:
    out: list[str] = []
    for word in words:
        if any(c in word for c in "*?~") or len(word) < 3:
            continue
        own = {word.lower(), *(lem for lang in LANGS for lem in lemmas(word, lang))}
        for fieldname in TEXT_FIELDS:
            for s in searcher.suggest(fieldname, word.lower(), limit=3, maxdist=2, prefix=1):
                if s not in own and s not in out and not s.isdigit():
                    out.append(s)
    return out[:MAX_SUGGESTIONS]


def _hit(stored: dict[str, Any], score: float, terms: dict[str, set[str]], matches: int) -> Hit:
    lang = stored.get("lang", "")
    text = stored.get("text", "")
    langs = [c for c in stored.get("langs", []) if c in LANGS] or list(LANGS)
    snippet = make_snippet(text, {code: terms[f"text_{code}"] for code in langs})
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


def run_search(index_dir: Path, request: SearchRequest) -> SearchResult:
    """Search the index folder; raises QuerySyntaxError/UnknownFacetValue for bad input."""
    q, filt, words, sort = _prepare(request)
    ix = open_index(index_dir, create=False).whoosh_index
    with ix.searcher() as searcher:
        reader = searcher.reader()
        results = searcher.search(q, filter=filt, limit=None)
        doc_col = reader.column_reader("doc_id")
        groups: dict[str, list[tuple[int, float]]] = {}
        for score, docnum in results.top_n:
            groups.setdefault(doc_col[docnum], []).append((docnum, score))
        order = list(groups)
        if sort == "date":
            date_col = reader.column_reader("date")
            dates = {d: date_col[groups[d][0][0]] or "" for d in order}
            order.sort(key=lambda d: (dates[d] != "", dates[d], groups[d][0][1]), reverse=True)
        chosen = order if request.limit == 0 else order[: request.limit]
        terms = _matched_terms(q, reader)
        hits: list[Hit] = []
        for doc_id in chosen:
            members = groups[doc_id] if request.passages else groups[doc_id][:1]
            for docnum, score in members:
                hits.append(_hit(searcher.stored_fields(docnum), score, terms, len(groups[doc_id])))
        facets: dict[str, dict[str, int]] = {}
        if request.facets:
            doc_of = {docnum: doc_col[docnum] for _, docnum in results.top_n}
            facets = _facet_counts(searcher, doc_of)
        suggestions = _suggest(searcher, words) if not groups and words else []
        return SearchResult(
            request.query, len(groups), hits, facets, suggestions, passages=len(results.top_n)
        )


def facet_counts(index_dir: Path, request: SearchRequest) -> dict[str, dict[str, int]]:
    """Document counts per facet value for what the request matches."""
    q, filt, _, _ = _prepare(request)
    ix = open_index(index_dir, create=False).whoosh_index
    with ix.searcher() as searcher:
        reader = searcher.reader()
        doc_col = reader.column_reader("doc_id")
        docnums = searcher.docs_for_query(q if filt is None else wq.And([q, filt]))
        return _facet_counts(searcher, {d: doc_col[d] for d in docnums})
