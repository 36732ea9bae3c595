"""Themed reading lists: build one from a search, group it, fold renditions of one text
together, quote the best passages with page citations, save it by name, edit and export it.
"""

from kuntahaku.readinglist.build import build_from_hits, build_list, resolve_request
from kuntahaku.readinglist.export import FORMATS, format_for, render, write
from kuntahaku.readinglist.model import (
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

__all__ = [
    "FORMATS",
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
