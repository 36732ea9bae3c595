"""Themed reading lists: build one from a search, group it, fold renditions of one text
together, quote the best passages with page citations, save it by name, edit and export it.

The names below are loaded on first use: a command that only needs the list options (every
command declares them) does not load search, entity tagging or the exporters.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kuntahaku.readinglist.build import build_from_hits, build_list, resolve_request
    from kuntahaku.readinglist.export import FORMATS, format_for, render, write
    from kuntahaku.readinglist.model import (
        FORMAT_NAMES,
        GROUP_BY,
        ORDERS,
        Entry,
        ListRequest,
        Quote,
        ReadingList,
        Rendition,
    )
    from kuntahaku.readinglist.saved import (
        SavedLists,
        add_document,
        find_entry,
        merge_rebuild,
        refresh_metadata,
        remove_document,
        set_note,
    )

_HOMES = {
    "build": ("build_from_hits", "build_list", "resolve_request"),
    "export": ("FORMATS", "format_for", "render", "write"),
    "model": (
        "FORMAT_NAMES",
        "GROUP_BY",
        "ORDERS",
        "Entry",
        "ListRequest",
        "Quote",
        "ReadingList",
        "Rendition",
    ),
    "saved": (
        "SavedLists",
        "add_document",
        "find_entry",
        "merge_rebuild",
        "refresh_metadata",
        "remove_document",
        "set_note",
    ),
}
_MODULE_OF = {name: module for module, names in _HOMES.items() for name in names}

__all__ = [
    "FORMATS",
    "FORMAT_NAMES",
    "GROUP_BY",
    "ORDERS",
    "Entry",
    "ListRequest",
    "Quote",
    "ReadingList",
    "Rendition",
    "SavedLists",
    "add_document",
    "build_from_hits",
    "build_list",
    "find_entry",
    "format_for",
    "merge_rebuild",
    "refresh_metadata",
    "remove_document",
    "render",
    "resolve_request",
    "set_note",
    "write",
]


def __getattr__(name: str) -> Any:
    """Load the submodule that defines `name` on first use (PEP 562)."""
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
