"""The reading-list records: the request that built a list, its entries and their quotes.

A `ReadingList` is what `build` returns, what `saved` writes as JSON and what every exporter
reads. Entries keep a copy of the document's metadata so that a list still exports when its
document has left the index; `saved.refresh_metadata` replaces the copy with fresh values.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

SCHEMA = "kuntahaku.reading-list/1"
GROUP_BY = ("theme", "municipality", "year", "none")
FORMAT_NAMES = ("csv", "html", "json", "md")  # the export formats (`export.FORMATS`)
ORDERS = ("date", "relevance", "manual")  # manual: the order of `entries` as saved
FILTER_FACETS = ("theme", "issuer", "municipality", "region", "fund", "organisation", "body")


@dataclass
class ListRequest:
    """What to look for (as `search` takes it) and how to lay the list out."""

    query: str = ""
    # Facet filters, canonical values once resolved: {"theme": ["circular_economy"], ...}
    filters: dict[str, list[str]] = field(default_factory=dict)
    doc_type: str = ""
    lang: str = ""
    year: int | None = None
    date_from: str = ""  # YYYY, YYYY-MM or YYYY-MM-DD, inclusive
    date_to: str = ""
    group_by: str = "theme"
    order: str = "date"
    quotes: int = 2  # best passages quoted per document
    title: str = ""
    limit: int = 200  # documents at most

    def describe(self) -> str:
        """One line saying what was asked, for the head of an exported list."""
        parts = [f"query “{self.query}”"] if self.query else []
        for facet, values in self.filters.items():
            if values:
                parts.append(f"{facet}: {', '.join(values)}")
        if self.doc_type:
            parts.append(f"type: {self.doc_type}")
        if self.lang:
            parts.append(f"language: {self.lang}")
        if self.year is not None:
            parts.append(f"year: {self.year}")
        if self.date_from or self.date_to:
            parts.append(f"dates: {self.date_from or '…'} – {self.date_to or '…'}")
        return "; ".join(parts) or "everything"


@dataclass
class Quote:
    """A short quote from one passage, with the page where the quoted text stands."""

    text: str
    page: int  # page where the quoted sentence starts (0 when unknown)
    page_end: int = 0  # page where it ends when that is a later page, else 0
    passage_id: str = ""
    passage_pages: list[int] = field(default_factory=list)
    section: str = ""  # "§ 45" when the passage belongs to a numbered item
    heading: str = ""


@dataclass
class Rendition:
    """Another file holding the same text as an entry (another format or producer)."""

    doc_id: str
    path: str


@dataclass
class Entry:
    """One document of a list, with the metadata shown for it and its best quotes."""

    doc_id: str
    path: str
    title: str = ""
    doc_type: str = ""
    body: str = ""
    municipality: str = ""
    date: str = ""
    diary_numbers: list[str] = field(default_factory=list)
    lang: str = ""
    score: float = 0.0
    themes: list[str] = field(default_factory=list)  # theme values of the matched passages
    municipalities: list[str] = field(default_factory=list)  # municipality entities, by count
    quotes: list[Quote] = field(default_factory=list)
    also: list[Rendition] = field(default_factory=list)
    note: str = ""
    added_by_hand: bool = False

    @property
    def sections(self) -> list[str]:
        """The § of the quoted passages ("§ 45"), in quote order, once each; chapter numbers
        of reports are left out."""
        return list(dict.fromkeys(q.section for q in self.quotes if q.section.startswith("§")))


@dataclass
class ReadingList:
    """A built or saved reading list."""

    name: str = ""
    request: ListRequest = field(default_factory=ListRequest)
    entries: list[Entry] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # doc ids removed by hand
    created: str = ""
    updated: str = ""

    @property
    def title(self) -> str:
        """The list's title: the one given, else one made from the request."""
        return self.request.title or f"Reading list: {self.request.describe()}"

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form, the saved file's content."""
        data = dataclasses.asdict(self)
        return {"schema": SCHEMA, **data}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReadingList:
        """Inverse of `to_dict`; unknown keys are ignored."""
        entries = []
        for e in data.get("entries", []):
            quotes = [Quote(**_known(Quote, q)) for q in e.get("quotes", [])]
            also = [Rendition(**_known(Rendition, r)) for r in e.get("also", [])]
            entries.append(Entry(**{**_known(Entry, e), "quotes": quotes, "also": also}))
        return cls(
            name=str(data.get("name", "")),
            request=ListRequest(**_known(ListRequest, data.get("request") or {})),
            entries=entries,
            removed=list(data.get("removed", [])),
            created=str(data.get("created", "")),
            updated=str(data.get("updated", "")),
        )


def _known(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in dataclasses.fields(cls)}
    return {k: v for k, v in data.items() if k in names}
