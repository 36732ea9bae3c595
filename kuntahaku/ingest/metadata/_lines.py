"""The document as a list of lines that remember their page and block, the common input of the
metadata readers and of segmentation."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kuntahaku.models import Document

# How many lines at the start of a document are read as its "front" (letterhead, meeting data).
FRONT_LINES = 30

_SPACE_RE = re.compile(r"[ \t\u00a0\u200b\u2002\u2003\ufeff]+")


@dataclass(frozen=True)
class Line:
    """One line of a block (block >= 0) or of a page's running header/footer (block == -1)."""

    page: int
    block: int
    index: int  # line number inside the block
    text: str  # whitespace-normalised, stripped

    @property
    def in_body(self) -> bool:
        """True for a line of the cleaned text, False for a running header or footer line."""
        return self.block >= 0


_TRAILING_PAGE_CELL_RE = re.compile(r"\s\|\s*\d{1,4}\s*$")


def normalise(text: str) -> str:
    """Collapse runs of spaces (including zero-width and no-break spaces) and strip; table
    cells ("§ 175 | Heading | 5") are joined with spaces, a last cell holding a page number
    is dropped."""
    text = _TRAILING_PAGE_CELL_RE.sub("", text)
    return _SPACE_RE.sub(" ", text.replace(" | ", " ")).strip(" |")


def body_lines(doc: Document) -> list[Line]:
    """Every non-empty line of every block, in reading order."""
    lines: list[Line] = []
    for bi, block in enumerate(doc.blocks):
        for li, raw in enumerate(block.text.split("\n")):
            text = normalise(raw)
            if text:
                lines.append(Line(block.page, bi, li, text))
    return lines


def header_lines(doc: Document) -> list[Line]:
    """Lines of the running headers, footers and page labels removed by the cleaner."""
    lines: list[Line] = []
    for page in doc.pages:
        for part in (page.header, page.footer, page.label):
            for li, raw in enumerate(part.split("\n")):
                for cell in raw.split(" | "):
                    text = normalise(cell)
                    if text:
                        lines.append(Line(page.number, -1, li, text))
    return lines


def front_lines(doc: Document, lines: list[Line] | None = None) -> list[Line]:
    """The first page's header lines and the first FRONT_LINES lines of the text."""
    lines = body_lines(doc) if lines is None else lines
    first_page = lines[0].page if lines else 1
    headers = [h for h in header_lines(doc) if h.page == first_page]
    return headers + lines[:FRONT_LINES]


def raw_page_lines(doc: Document) -> dict[int, list[str]]:
    """Each page's raw (uncleaned) text lines, normalised: where the source broke its lines."""
    return {
        page.number: [t for t in (normalise(r) for r in page.raw_text.split("\n")) if t]
        for page in doc.pages
    }
