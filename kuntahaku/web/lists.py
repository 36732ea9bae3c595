"""Reading lists from the web: the same saved lists (`readinglist.SavedLists`) that the CLI's
`reading-list` commands read and write, edited through the same functions."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kuntahaku import readinglist
from kuntahaku.errors import UsageError
from kuntahaku.readinglist.layout import View, make_view
from kuntahaku.store import DocumentStore
from kuntahaku.web.params import SearchState

EXPORT_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}


def summaries(index_dir: Path) -> list[dict[str, Any]]:
    """Name, title, entries and last change of every saved list (as `reading-list ls`)."""
    return readinglist.SavedLists(index_dir).summaries()


def names(index_dir: Path) -> list[str]:
    """Names of the saved lists."""
    return readinglist.SavedLists(index_dir).names()


def create(index_dir: Path, name: str, state: SearchState | None = None, title: str = "") -> None:
    """Save a new, empty list; its request is the search it was started from, if any, so
    that quotes of added documents match that search and `reading-list refresh` rebuilds it."""
    saved = readinglist.SavedLists(index_dir)
    saved.ensure_free(name)
    request = readinglist.ListRequest(title=title.strip())
    if state is not None:
        filters = {k: list(v) for k, v in state.filters.items()}
        request = readinglist.resolve_request(
            readinglist.ListRequest(
                query=state.q,
                filters=filters,
                doc_type=state.doc_type,
                lang=state.lang,
                year=int(state.year) if state.year else None,
                date_from=state.date_from,
                date_to=state.date_to,
                title=title.strip(),
            )
        )
    saved.save(readinglist.ReadingList(request=request), name)


def load_view(index_dir: Path, name: str) -> View:
    """A saved list with fresh metadata, laid out as its exports are."""
    lst = readinglist.SavedLists(index_dir).load(name)
    with DocumentStore(index_dir) as store:
        readinglist.refresh_metadata(lst, store)
    return make_view(lst)


def edit(
    index_dir: Path,
    name: str,
    change: Callable[[readinglist.ReadingList, DocumentStore], object],
) -> None:
    """Load a saved list, apply one change, save it (the CLI's `reading-list` edits)."""
    saved = readinglist.SavedLists(index_dir)
    lst = saved.load(name)
    with DocumentStore(index_dir) as store:
        change(lst, store)
    saved.save(lst, name, replace=True)


def add(index_dir: Path, name: str, doc_id: str) -> None:
    """Add a document by id."""
    edit(index_dir, name, lambda lst, store: readinglist.add_document(lst, store, doc_id))


def remove(index_dir: Path, name: str, doc_id: str) -> None:
    """Remove a document by id."""
    edit(index_dir, name, lambda lst, store: readinglist.remove_document(lst, store, doc_id))


def note(index_dir: Path, name: str, doc_id: str, text: str) -> None:
    """Set or clear a note."""
    if len(text) > 4000:
        raise UsageError("a note may hold at most 4000 characters")
    edit(index_dir, name, lambda lst, store: readinglist.set_note(lst, store, doc_id, text))


def set_layout(index_dir: Path, name: str, group_by: str, order: str) -> None:
    """Save how a list is grouped and ordered (what exports use unless told otherwise)."""
    if group_by not in readinglist.GROUP_BY:
        raise UsageError(
            f"unknown grouping {group_by!r}; use one of: " + ", ".join(readinglist.GROUP_BY)
        )
    if order not in readinglist.ORDERS:
        raise UsageError(f"unknown order {order!r}; use one of: " + ", ".join(readinglist.ORDERS))

    def change(lst: readinglist.ReadingList, store: DocumentStore) -> None:
        lst.request.group_by = group_by
        lst.request.order = order

    edit(index_dir, name, change)


def move(index_dir: Path, name: str, doc_id: str, step: int) -> None:
    """Move an entry one place up (-1) or down (+1) among the list's entries; the list is
    then shown and exported in this order, one group."""

    def change(lst: readinglist.ReadingList, store: DocumentStore) -> None:
        view = make_view(lst)
        ordered = [e for g in view.groups for e in g.entries]
        entry = readinglist.find_entry(lst, store, doc_id)
        i = ordered.index(entry)
        j = max(0, min(len(ordered) - 1, i + step))
        ordered.insert(j, ordered.pop(i))
        lst.entries = ordered
        lst.request.group_by = "none"
        lst.request.order = "manual"

    edit(index_dir, name, change)


def delete(index_dir: Path, name: str) -> None:
    """Delete a saved list."""
    readinglist.SavedLists(index_dir).delete(name)


def export(index_dir: Path, name: str, fmt: str) -> str:
    """A saved list exported (as `reading-list export NAME --format FMT`)."""
    if fmt not in EXPORT_TYPES:
        raise UsageError(f"unknown format {fmt!r}; choose one of: {', '.join(EXPORT_TYPES)}")
    lst = readinglist.SavedLists(index_dir).load(name)
    with DocumentStore(index_dir) as store:
        readinglist.refresh_metadata(lst, store)
    return readinglist.render(lst, fmt)


def export_json(index_dir: Path, name: str) -> dict[str, Any]:
    """A saved list in the exported JSON shape."""
    data: dict[str, Any] = json.loads(export(index_dir, name, "json"))
    return data
