"""One PDF page read for layout: characters, duplicate glyphs merged, lines in reading order.

The page's raw text is its lines joined, so that every raw line has its `TextLine` (box, font
size, weight) at the same position: cleaning tells furniture by the band a line stands in, and
structure tells headings by how they are set.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pypdfium2 as pdfium

from kuntahaku.ingest.extract import ligatures, pdfchars, pdflines
from kuntahaku.models import Page, TextLine


@dataclass
class PageView:
    """What extraction read from one page's text layer."""

    width: float
    height: float
    lines: list[TextLine] = field(default_factory=list)
    two_columns: bool = False
    duplicates: int = 0  # glyphs drawn twice (simulated bold) and merged
    letters: int = 0  # lower-case letters of the text layer
    lost_ligatures: int = 0  # of them, glyphs of two letters that the text layer gives as one

    @property
    def drops_letters(self) -> bool:
        """True when the text layer loses letters to ligatures often enough to be broken."""
        return ligatures.drops_letters(self.letters, self.lost_ligatures)

    @property
    def text(self) -> str:
        """The page's raw text: one line per printed line, in reading order."""
        return "\n".join(line.text for line in self.lines)


def read(textpage: pdfium.PdfTextPage, width: float, height: float) -> PageView:
    """Read a page's glyphs, merge duplicates, and build its lines."""
    glyphs, duplicates = pdfchars.dedupe_chars(pdfchars.read_chars(textpage))
    lines, two_columns = pdflines.text_lines(glyphs, width, height)
    letters, lost = ligatures.lost_ligatures(glyphs)
    return PageView(width, height, lines, two_columns, duplicates, letters, lost)


def to_page(number: int, view: PageView) -> Page:
    """A `Page` holding the view's text and layout."""
    return Page(
        number=number,
        raw_text=view.text,
        width=round(view.width, 2),
        height=round(view.height, 2),
        lines=view.lines,
    )
