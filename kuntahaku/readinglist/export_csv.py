"""CSV export: one row per quote (a document without quotes gets one row with empty quote
columns), UTF-8 with a byte-order mark so that spreadsheet programs show ä, ö and å. A cell that a
spreadsheet would read as a formula (`=HYPERLINK(...)` in a title, path or note) gets a leading
apostrophe (OWASP's advice on CSV injection)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from kuntahaku.readinglist.cite import citation, page_label
from kuntahaku.readinglist.layout import View
from kuntahaku.safe_text import spreadsheet_safe

BOM = "\ufeff"
COLUMNS = (
    "rank",
    "group",
    "title",
    "doc_type",
    "body",
    "municipality",
    "date",
    "diary_numbers",
    "section",
    "page",
    "citation",
    "quote",
    "path",
    "also",
    "note",
    "doc_id",
)


class _SafeWriter:
    """A csv writer whose every cell goes through `spreadsheet_safe`."""

    def __init__(self, writer: Any) -> None:
        self.writer = writer

    def writerow(self, row: Sequence[str]) -> None:
        """Write one row of neutralised cells."""
        self.writer.writerow([spreadsheet_safe(cell) for cell in row])


def render(view: View) -> str:
    """The list as CSV text, starting with the byte-order mark."""
    buf = io.StringIO()
    writer = _SafeWriter(csv.writer(buf, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n"))
    writer.writerow(COLUMNS)
    for group, rows in view.numbered():
        for n, e in rows:
            base = [
                str(n),
                group.label,
                e.title,
                e.doc_type,
                e.body,
                e.municipality,
                e.date,
                "; ".join(e.diary_numbers),
            ]
            tail = [
                view.shown_path(e.path),
                "; ".join(view.shown_path(r.path) for r in e.also),
                e.note,
                e.doc_id,
            ]
            if not e.quotes:
                writer.writerow([*base, "", "", "", "", *tail])
            for q in e.quotes:
                writer.writerow(
                    [
                        *base,
                        q.section,
                        page_label(q).removeprefix("s. "),
                        citation(e, q),
                        q.text,
                        *tail,
                    ]
                )
    return BOM + buf.getvalue()
