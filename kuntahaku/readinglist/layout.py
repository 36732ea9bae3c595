"""What every export format shows, computed once: the groups in order, numbered entries, paths
as the reader should see them, citation lines, and the stable JSON form of an entry.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kuntahaku.errors import UsageError
from kuntahaku.ingest import entities
from kuntahaku.readinglist.cite import citation, finnish_date, page_label
from kuntahaku.readinglist.group import Group, group_entries
from kuntahaku.readinglist.model import SCHEMA, Entry, ReadingList

GROUP_TEXT = {"theme": "theme", "municipality": "municipality", "year": "year", "none": ""}
ORDER_TEXT = {
    "date": "newest first",
    "relevance": "most relevant first",
    "manual": "in the order given",
}


@dataclass
class View:
    """A reading list laid out for export."""

    lst: ReadingList
    groups: list[Group]
    group_by: str
    order: str
    base_dir: Path | None = None

    @property
    def count(self) -> int:
        """Number of documents in the list."""
        return sum(len(g.entries) for g in self.groups)

    def shown_path(self, path: str) -> str:
        """A path relative to `base_dir` when it lies under it, else as stored."""
        if self.base_dir is None:
            return path
        base = str(self.base_dir.resolve())
        if os.path.commonpath([base, path]) == base:
            return os.path.relpath(path, base)
        return path

    def numbered(self) -> list[tuple[Group, list[tuple[int, Entry]]]]:
        """Groups with their entries numbered 1..n across the whole list."""
        out, n = [], 0
        for g in self.groups:
            rows = []
            for e in g.entries:
                n += 1
                rows.append((n, e))
            out.append((g, rows))
        return out

    def summary(self) -> str:
        """ "12 documents · grouped by theme · newest first"."""
        parts = [f"{self.count} document{'s' if self.count != 1 else ''}"]
        if GROUP_TEXT.get(self.group_by):
            parts.append(f"grouped by {GROUP_TEXT[self.group_by]}")
        parts.append(ORDER_TEXT.get(self.order, self.order))
        return " · ".join(parts)


def make_view(
    lst: ReadingList,
    base_dir: Path | None = None,
    group_by: str | None = None,
    order: str | None = None,
) -> View:
    """Lay a list out, grouped and ordered as saved unless told otherwise."""
    gb = group_by or lst.request.group_by
    od = order or lst.request.order
    themes = lst.request.filters.get("theme", [])
    labels = theme_labels(e for x in lst.entries for e in x.themes) if gb == "theme" else {}
    groups = group_entries(lst.entries, gb, od, wanted_themes=themes, labels=labels)
    return View(lst=lst, groups=groups, group_by=gb, order=od, base_dir=base_dir)


def theme_labels(themes: Iterable[str]) -> dict[str, str]:
    """Headings for theme groups in the three languages: "Circular economy – kiertotalous /
    cirkulär ekonomi"."""
    out: dict[str, str] = {}
    for theme in set(themes):
        try:
            en, fi, sv = (entities.label("theme", theme, lang) for lang in ("en", "fi", "sv"))
        except UsageError:
            continue
        others = " / ".join(dict.fromkeys(x for x in (fi, sv) if x != en))
        out[theme] = en[:1].upper() + en[1:] + (f" – {others}" if others else "")
    return out


def title(entry: Entry, limit: int = 140) -> str:
    """An entry's title for a heading: at most `limit` characters, cut at a space."""
    flat = " ".join(entry.title.split())
    if len(flat) <= limit:
        return flat
    cut = flat.rfind(" ", 0, limit)
    return flat[: cut if cut > limit // 2 else limit].rstrip(" ,;:") + "…"


def facts(entry: Entry) -> list[tuple[str, str]]:
    """The labelled facts shown under an entry's title, only those that are known."""
    rows = [
        ("Type", entry.doc_type if entry.doc_type not in ("", "other") else ""),
        ("Body", entry.body),
        ("Municipality", entry.municipality),
        ("Date", finnish_date(entry.date)),
        ("Diary no.", ", ".join(entry.diary_numbers)),
        ("§", ", ".join(s.removeprefix("§").strip() for s in entry.sections)),
    ]
    return [(k, v) for k, v in rows if v]


def entry_json(entry: Entry, view: View, rank: int, group: Group) -> dict[str, Any]:
    """An entry in the exported JSON (schema in docs/reading-lists.md)."""
    return {
        "rank": rank,
        "group": group.key,
        "doc_id": entry.doc_id,
        "path": view.shown_path(entry.path),
        "title": entry.title,
        "doc_type": entry.doc_type,
        "body": entry.body,
        "municipality": entry.municipality,
        "date": entry.date,
        "diary_numbers": entry.diary_numbers,
        "sections": entry.sections,
        "lang": entry.lang,
        "score": round(entry.score, 3),
        "themes": entry.themes,
        "also": [{"doc_id": r.doc_id, "path": view.shown_path(r.path)} for r in entry.also],
        "quotes": [
            {
                "text": q.text,
                "page": q.page,
                "page_end": q.page_end,
                "pages_label": page_label(q),
                "section": q.section,
                "heading": q.heading,
                "passage_id": q.passage_id,
                "passage_pages": q.passage_pages,
                "citation": citation(entry, q),
            }
            for q in entry.quotes
        ],
        "note": entry.note,
        "added_by_hand": entry.added_by_hand,
    }


def list_json(view: View) -> dict[str, Any]:
    """The whole list in the exported JSON."""
    lst = view.lst
    return {
        "schema": SCHEMA,
        "name": lst.name,
        "title": lst.title,
        "description": lst.request.describe(),
        "request": dataclasses.asdict(lst.request),
        "group_by": view.group_by,
        "order": view.order,
        "documents": view.count,
        "created": lst.created,
        "updated": lst.updated,
        "groups": [
            {
                "key": g.key,
                "label": g.label,
                "entries": [entry_json(e, view, n, g) for n, e in rows],
            }
            for g, rows in view.numbered()
        ],
    }
