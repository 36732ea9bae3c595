"""Grouping entries (by theme, municipality or year) and ordering them (by date or relevance).

Each entry appears in exactly one group: its main theme (the requested theme it matched, else
its most frequent one), its issuing municipality, or its year. Groups are sorted by name
(years newest first); entries without a value come last.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kuntahaku.readinglist.model import Entry

NO_VALUE = {
    "theme": "Other themes",
    "municipality": "No issuing municipality known",
    "year": "Undated",
    "none": "",
}


@dataclass
class Group:
    """A heading and the entries under it."""

    key: str
    label: str
    entries: list[Entry] = field(default_factory=list)


def group_key(entry: Entry, group_by: str, wanted_themes: list[str] | None = None) -> str:
    """The value an entry is grouped under, "" when it has none."""
    if group_by == "theme":
        for theme in wanted_themes or []:
            if theme in entry.themes:
                return theme
        return entry.themes[0] if entry.themes else ""
    if group_by == "municipality":
        # Only the issuer: a ministry's report naming Oulu ten times is not Oulu's document.
        return entry.municipality
    if group_by == "year":
        return entry.date[:4] if entry.date[:4].isdigit() else ""
    return ""


def order_entries(entries: list[Entry], order: str) -> list[Entry]:
    """Newest first (undated last) for "date"; best score first for "relevance"; stable;
    "manual" keeps the saved order (entries moved by hand)."""
    if order == "manual":
        return list(entries)
    if order == "relevance":
        return sorted(entries, key=lambda e: -e.score)
    dated = sorted((e for e in entries if e.date), key=lambda e: e.date, reverse=True)
    return dated + [e for e in entries if not e.date]


def group_entries(
    entries: list[Entry],
    group_by: str,
    order: str,
    wanted_themes: list[str] | None = None,
    labels: dict[str, str] | None = None,
) -> list[Group]:
    """Entries in groups, each group ordered; `labels` maps a key to its display name."""
    groups: dict[str, Group] = {}
    for e in order_entries(entries, order):
        key = group_key(e, group_by, wanted_themes)
        label = (labels or {}).get(key, key) if key else NO_VALUE.get(group_by, "")
        groups.setdefault(key, Group(key=key, label=label)).entries.append(e)
    known = [g for k, g in groups.items() if k]
    if group_by == "year":
        known.sort(key=lambda g: g.key, reverse=True)
    else:
        known.sort(key=lambda g: g.label.casefold())
    return known + ([groups[""]] if "" in groups else [])
