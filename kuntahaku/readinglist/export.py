"""Choosing an export format and writing a list to a file or to standard output."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kuntahaku.atomic import write_text_atomic
from kuntahaku.errors import UsageError
from kuntahaku.readinglist import export_csv, export_html, export_json, export_md
from kuntahaku.readinglist.layout import View, make_view
from kuntahaku.readinglist.model import ReadingList

FORMATS: dict[str, Callable[[View], str]] = {
    "md": export_md.render,
    "html": export_html.render,
    "csv": export_csv.render,
    "json": export_json.render,
}
_BY_SUFFIX = {
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".csv": "csv",
    ".json": "json",
}


def format_for(fmt: str | None, output: Path | None) -> str:
    """The format asked for, else the one the output file's suffix names, else Markdown."""
    if fmt:
        return fmt
    if output is not None:
        return _BY_SUFFIX.get(output.suffix.lower(), "md")
    return "md"


def render(
    lst: ReadingList,
    fmt: str = "md",
    base_dir: Path | None = None,
    group_by: str | None = None,
    order: str | None = None,
) -> str:
    """A list as text in one of FORMATS; paths under `base_dir` are shown relative to it."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    return FORMATS[fmt](make_view(lst, base_dir, group_by, order))


def write(text: str, output: Path) -> None:
    """Write an exported list as UTF-8 (a CSV carries its byte-order mark in `text`), replacing
    the file atomically: a failed write leaves the old one (`WriteFailed` says why)."""
    write_text_atomic(output, text)
