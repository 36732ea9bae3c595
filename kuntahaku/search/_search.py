"""Running a search: filters, grouping passages by document, facet counts, snippets, suggestions.

Results are grouped by document: `total` counts documents and each document is represented by
its best passage (or, with `passages`, by every matching passage, best first). Facet counts
count documents too, over everything the query and filters match.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kuntahaku.errors import QuerySyntaxError, UsageError
from kuntahaku.search import _entities as entity_stage
from kuntahaku.search import _qtree as qt
from kuntahaku.search._bounds import SEARCH_SECONDS
from kuntahaku.search._dates import date_bound
from kuntahaku.search._doctypes import doc_type_query
from kuntahaku.search._engine import FoundPassage, open_searcher
from kuntahaku.search._fields import ENTITY_FACETS, LANGS
from kuntahaku.search._query import ParsedQuery, body_query, parse_query
from kuntahaku.search._snippet import TermMatcher, make_snippet
from kuntahaku.text import normalise_lang

SORTS = ("relevance", "date")
# Names a filter may be given under, mapped to the facet field.
# `city` is the issuing municipality, `mentions` a municipality the document mentions.
FILTER_ALIASES = {
    "city": "issuer",
    "mentions": "municipality",
    "org": "organisation",
    "organization": "organisation",
}
FILTER_FACETS = ("issuer", *ENTITY_FACETS, "body")


@dataclass(frozen=True)
class SearchRequest:
    """What to search: a query (may be empty), filters, order and how many documents.

    `filters` maps a facet (issuer/city: the issuing municipality; municipality/mentions: one
    the document mentions; region, fund, theme, organisation/org, body) to values in any alias;
    values of one facet are ORed, different facets ANDed. `limit` counts documents; 0 means all.
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
    expand: bool = True  # also search the other names of vocabulary words (`vocab.terms`)


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
    expanded: dict[str, list[str]] = field(default_factory=dict)  # word -> equivalents searched


def _filter_values(request: SearchRequest) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, values in request.filters.items():
        facet = FILTER_ALIASES.get(name, name)
        if facet not in FILTER_FACETS:
            raise UsageError(f"unknown filter {name!r}; known: {', '.join(FILTER_FACETS)}")
        vals = [values] if isinstance(values, str) else list(values)
        if vals:
            out.setdefault(facet, []).extend(vals)
    return out


def build_filter(request: SearchRequest) -> tuple[qt.Node | None, list[qt.Node]]:
    """The filter for a request, and `p_<facet>` terms that prefer passages that match."""
    parts: list[qt.Node] = []
    prefer: list[qt.Node] = []
    for facet, values in _filter_values(request).items():
        if facet == "body":
            parts.append(qt.any_of([body_query(v) for v in values]))
            continue
        canon = list(dict.fromkeys(entity_stage.resolve(facet, v) for v in values))
        parts.append(qt.any_of([qt.Term(facet, v) for v in canon]))
        if facet != "issuer":
            prefer.extend(qt.Term(f"p_{facet}", v) for v in canon)
    if request.doc_type:
        parts.append(doc_type_query(request.doc_type))
    if request.lang:
        parts.append(qt.Term("lang", normalise_lang(request.lang)))
    if request.year is not None:
        if request.date_from or request.date_to:
            raise UsageError("give either a year or a date range (--from/--to), not both")
        parts.append(qt.Term("year", f"{request.year:04d}"))
    if request.date_from or request.date_to:
        lo = date_bound(request.date_from, end=False) if request.date_from else None
        hi = date_bound(request.date_to, end=True) if request.date_to else None
        if lo and hi and lo > hi:
            raise QuerySyntaxError(f"the date range starts after it ends ({lo} > {hi})")
        parts.append(qt.Range("date", lo, hi))
    if not parts:
        return None, prefer
    return (parts[0] if len(parts) == 1 else qt.And(tuple(parts))), prefer


def _hit(
    found: FoundPassage,
    terms: dict[str, set[str]],
    matches: int,
    matchers: dict[tuple[str, ...], TermMatcher],
) -> Hit:
    """A found passage as a hit with its snippet (`matchers`: one search's, per languages)."""
    stored, score, positions = found.stored, found.score, found.positions
    lang = stored.get("lang", "")
    text = stored.get("text", "")
    langs = tuple(c for c in stored.get("langs", []) if c in LANGS) or LANGS
    wanted = {code: terms.get(f"text_{code}", set()) for code in langs}
    matcher = matchers.get(langs)
    if matcher is None and positions is None:
        matcher = matchers[langs] = TermMatcher(wanted)
    snippet = make_snippet(text, wanted, positions=positions, matcher=matcher)
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


def _prepare(request: SearchRequest) -> tuple[qt.Filtered, ParsedQuery, str]:
    if request.sort and request.sort not in SORTS:
        raise UsageError(f"unknown sort {request.sort!r}; use one of: {', '.join(SORTS)}")
    if request.limit < 0:
        raise UsageError("limit must be 0 (all) or more")
    parsed = parse_query(request.query, request.expand)
    filt, prefer = build_filter(request)
    if parsed.query is None:
        q: qt.Node = qt.Every()
        sort = request.sort or "date"
    else:
        q = parsed.query
        sort = request.sort or "relevance"
    return qt.Filtered(q, filt, tuple(prefer)), parsed, sort


def run_search(index_dir: Path, request: SearchRequest) -> SearchResult:
    """Search the index folder; raises QuerySyntaxError/UnknownFacetValue for bad input."""
    query, parsed, sort = _prepare(request)
    words = parsed.words
    searcher = open_searcher(index_dir)
    found = searcher.search(
        query, sort, request.limit, request.passages, request.facets, request.time_limit
    )
    matchers: dict[tuple[str, ...], TermMatcher] = {}
    hits = [
        _hit(p, found.terms, doc.count, matchers) for doc in found.documents for p in doc.passages
    ]
    suggestions = searcher.suggest(words) if not found.total and words else []
    return SearchResult(
        request.query,
        found.total,
        hits,
        found.facets,
        suggestions,
        passages=found.passages,
        expanded=parsed.expanded,
    )


def facet_counts(index_dir: Path, request: SearchRequest) -> dict[str, dict[str, int]]:
    """Document counts per facet value for what the request matches."""
    query, _, _ = _prepare(request)
    return open_searcher(index_dir).facet_counts(query, request.time_limit)
