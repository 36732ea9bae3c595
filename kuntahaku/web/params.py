"""The state of the search page, read from and written to its URL.

Every choice on the page (query, filters, date range, sort, page, interface language) is a
URL parameter, so a search can be bookmarked, shared and opened again. Repeatable filters
(issuer, municipality, region, fund, theme, organisation, body) may appear several times; values of
one facet are ORed, different facets ANDed, as in the CLI.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from urllib.parse import quote_plus

from kuntahaku.errors import UsageError
from kuntahaku.search import SORTS, SearchRequest

MULTI = ("issuer", "municipality", "region", "fund", "theme", "organisation", "body")
SINGLE = ("type", "lang", "year", "from", "to")
PER_PAGE = 10
MAX_PAGE = 500
MAX_QUERY_CHARS = 1000
MAX_VALUES = 20
# Facet field of the search index -> URL parameter.
FACET_PARAM = {
    "issuer": "issuer",
    "municipality": "municipality",
    "region": "region",
    "fund": "fund",
    "theme": "theme",
    "organisation": "organisation",
    "body": "body",
    "doc_type": "type",
    "lang": "lang",
    "year": "year",
}


@lru_cache(maxsize=8192)
def _quoted(text: str) -> str:
    """A parameter name or value encoded for a URL (as `urlencode` does); a page links every
    facet value, so each is encoded once."""
    return quote_plus(text)


# Stands for a filter value in an encoded URL (`toggled_query_strings`); never a real value.
_PLACEHOLDER = "\x00value\x00"


class BadParameter(UsageError):
    """A URL parameter the search page cannot use; the message names it."""


@dataclass(frozen=True)
class SearchState:
    """What the search page shows, as parsed from its URL."""

    q: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    doc_type: str = ""
    lang: str = ""
    year: str = ""
    date_from: str = ""
    date_to: str = ""
    sort: str = ""
    page: int = 1
    expand: bool = True  # also search the vocabulary's other names of the query's words

    @classmethod
    def parse(cls, params: Mapping[str, str], multi: Mapping[str, list[str]]) -> SearchState:
        """The state from single values (`params`) and repeated ones (`multi`, per name).

        Raises BadParameter for a value that cannot be right whatever the index holds.
        """
        q = params.get("q", "")
        if len(q) > MAX_QUERY_CHARS:
            raise BadParameter(f"the query is longer than {MAX_QUERY_CHARS} characters")
        filters: dict[str, tuple[str, ...]] = {}
        for name in MULTI:
            values = tuple(dict.fromkeys(v.strip() for v in multi.get(name, []) if v.strip()))
            if len(values) > MAX_VALUES:
                raise BadParameter(f"more than {MAX_VALUES} values for {name}")
            if values:
                filters[name] = values
        year = params.get("year", "").strip()
        if year and not (year.isdigit() and len(year) == 4):
            raise BadParameter(f"year must be four digits, not {year!r}")
        sort = params.get("sort", "").strip()
        if sort and sort not in SORTS:
            raise BadParameter(f"unknown sort {sort!r}; use one of: {', '.join(SORTS)}")
        expand_text = params.get("expand", "1").strip() or "1"
        if expand_text not in ("0", "1"):
            raise BadParameter(f"expand must be 0 or 1, not {expand_text!r}")
        page_text = params.get("page", "1").strip() or "1"
        if not page_text.isdigit() or not 1 <= int(page_text) <= MAX_PAGE:
            raise BadParameter(f"page must be a number from 1 to {MAX_PAGE}")
        state = cls(
            q=q.strip(),
            filters=filters,
            doc_type=params.get("type", "").strip(),
            lang=params.get("lang", "").strip(),
            year=year,
            date_from=params.get("from", "").strip(),
            date_to=params.get("to", "").strip(),
            sort=sort,
            page=int(page_text),
            expand=expand_text == "1",
        )
        if state.year and (state.date_from or state.date_to):
            raise BadParameter("give either a year or a date range, not both")
        return state

    def request(self, limit: int, facets: bool = True) -> SearchRequest:
        """The `SearchRequest` the CLI would send for this state, `limit` documents."""
        return SearchRequest(
            query=self.q,
            filters={k: list(v) for k, v in self.filters.items()},
            doc_type=self.doc_type,
            lang=self.lang,
            year=int(self.year) if self.year else None,
            date_from=self.date_from,
            date_to=self.date_to,
            sort=self.sort,
            limit=limit,
            facets=facets,
            expand=self.expand,
        )

    @property
    def offset(self) -> int:
        """Documents before this page."""
        return (self.page - 1) * PER_PAGE

    def pairs(self, page: bool = True) -> list[tuple[str, str]]:
        """The state as URL parameters, in a stable order."""
        out: list[tuple[str, str]] = []
        if self.q:
            out.append(("q", self.q))
        for name in MULTI:
            out.extend((name, v) for v in self.filters.get(name, ()))
        for name, value in (
            ("type", self.doc_type),
            ("lang", self.lang),
            ("year", self.year),
            ("from", self.date_from),
            ("to", self.date_to),
            ("sort", self.sort),
        ):
            if value:
                out.append((name, value))
        if not self.expand:
            out.append(("expand", "0"))
        if page and self.page > 1:
            out.append(("page", str(self.page)))
        return out

    def query_string(self, extra: Iterable[tuple[str, str]] = ()) -> str:
        """`pairs()` (and `extra`) encoded for a URL, without the leading `?`."""
        return "&".join(f"{_quoted(k)}={_quoted(v)}" for k, v in [*self.pairs(), *extra])

    def active(self) -> list[tuple[str, str]]:
        """The active filters as (parameter, value), in display order."""
        out = [(name, v) for name in MULTI for v in self.filters.get(name, ())]
        for name, value in (
            ("type", self.doc_type),
            ("lang", self.lang),
            ("year", self.year),
            ("from", self.date_from),
            ("to", self.date_to),
        ):
            if value:
                out.append((name, value))
        return out

    def has(self, param: str, value: str) -> bool:
        """Whether this filter value is active."""
        if param in MULTI:
            return value in self.filters.get(param, ())
        return dict(self.active()).get(param) == value

    def toggled(self, param: str, value: str) -> SearchState:
        """The state with a filter value switched on (or off when it was on), on page 1."""
        if param in MULTI:
            values = self.filters.get(param, ())
            new = tuple(v for v in values if v != value) if value in values else (*values, value)
            filters = {k: v for k, v in self.filters.items() if k != param}
            if new:
                filters[param] = new
            return replace(self, filters=filters, page=1)
        on = not self.has(param, value)
        new_value = value if on else ""
        if param == "type":
            return replace(self, doc_type=new_value, page=1)
        if param == "lang":
            return replace(self, lang=new_value, page=1)
        if param == "year":  # a year replaces a date range
            return replace(self, year=new_value, date_from="", date_to="", page=1)
        if param == "from":
            return replace(self, date_from=new_value, page=1)
        if param == "to":
            return replace(self, date_to=new_value, page=1)
        raise BadParameter(f"unknown filter {param!r}")

    def toggled_query_strings(self, param: str, values: Iterable[str]) -> list[str]:
        """`toggled(param, v).query_string()` for each value: the state with a placeholder
        switched on is encoded once and each value put in its place (a page links every facet
        value; encoding the whole state per link was most of the facets' time)."""
        values = list(values)
        on = [v for v in values if not self.has(param, v)]
        parts = self.toggled(param, _PLACEHOLDER).query_string().split(_quoted(_PLACEHOLDER))
        out = []
        for v in values:
            if len(parts) == 2 and v in on:
                out.append(parts[0] + _quoted(v) + parts[1])
            else:
                out.append(self.toggled(param, v).query_string())
        return out

    def at_page(self, page: int) -> SearchState:
        """The same search on another page."""
        return replace(self, page=page)

    def cleared(self) -> SearchState:
        """The query alone, every filter off."""
        return SearchState(q=self.q, sort=self.sort, expand=self.expand)
