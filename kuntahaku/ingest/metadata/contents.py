"""The table of contents of a report: a run of lines that each end with a page number (after dot
leaders, a table cell or a gap), whose page numbers never decrease.

The contents say which chapters to look for and roughly where; chapters are then found where
their headings stand in the body (`chapters.py`), never on the contents lines themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kuntahaku.models import Document

# "1.9 | Tutkimus - | ja kehitystoiminta | 27", "3.2 Rahoitus ........ 17", "Liitteet 63"
_ENTRY_RE = re.compile(
    r"^(?:(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})\.?(?:\s*\|\s*|\s+))?"
    r"(?P<title>[^\d\s|.][^\n]*?[^\d\s|])"
    r"(?:\s*(?:\.\s?){3,}\s*|\s*…+\s*|\s*_{3,}\s*|\s*\|\s*|\t+\s*|\s{2,}|\s)"
    r"(?P<label>[1-9]\d{0,3})$"
)
_LEADERS_RE = re.compile(r"(?:\.\s?){3,}|…|_{3,}")
# Fewest entries that make a run of contents lines.
MIN_RUN = 3
# Lines (not entries) that may stand between two entries of one run (wrapped titles, blanks).
MAX_GAP = 2
# A contents line points at most this far past the last page (printed labels may run ahead).
LABEL_SLACK = 20


@dataclass(frozen=True)
class ContentsEntry:
    """One line of a table of contents."""

    number: str  # "3.2", "" for an unnumbered entry
    title: str
    label: int  # the page number printed on the line
    page: int  # physical page of the contents line
    block: int
    index: int  # line of the block


def _parse(text: str) -> tuple[str, str, int] | None:
    match = _ENTRY_RE.match(text.strip())
    if not match:
        return None
    title = re.sub(r"\s*\|\s*", " ", match.group("title"))
    title = _LEADERS_RE.sub(" ", title)
    title = re.sub(r"\s+", " ", title).strip(" .-–")
    if len(title) < 2 or not title[0].isupper() or len(title.split()) > 20:
        return None
    return match.group("num") or "", title, int(match.group("label"))


def contents_entries(doc: Document) -> list[ContentsEntry]:
    """Every entry of the document's tables of contents, in reading order."""
    last_page = max((p.number for p in doc.pages), default=1)
    paged = len(doc.pages) > 1
    found: list[ContentsEntry] = []
    run: list[ContentsEntry] = []
    gap = 0
    previous_page = -1

    def close() -> None:
        numbered = sum(1 for e in run if e.number)
        leaders = sum(1 for e in run if e.label and e.number)
        if len(run) >= MIN_RUN and (numbered * 2 >= len(run) or leaders >= MIN_RUN):
            found.extend(run)
        run.clear()

    for bi, block in enumerate(doc.blocks):
        for li, raw in enumerate(block.text.split("\n")):
            if not raw.strip():
                continue
            parsed = _parse(raw)
            fits = parsed is not None and (not paged or parsed[2] <= last_page + LABEL_SLACK)
            if parsed is not None and fits:
                number, title, label = parsed
                same_run = run and block.page == previous_page and label >= run[-1].label
                if run and not same_run:
                    close()
                run.append(ContentsEntry(number, title, label, block.page, bi, li))
                previous_page = block.page
                gap = 0
                continue
            gap += 1
            if run and (gap > MAX_GAP or block.page != previous_page):
                close()
    close()
    return found


def contents_pages(entries: list[ContentsEntry]) -> set[int]:
    """Pages that hold a run of contents entries (no chapter starts on such a page)."""
    counts: dict[int, int] = {}
    for entry in entries:
        counts[entry.page] = counts.get(entry.page, 0) + 1
    return {page for page, n in counts.items() if n >= MIN_RUN}
