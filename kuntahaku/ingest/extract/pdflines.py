"""Printed lines of a PDF page from its characters: runs, lines in reading order, `TextLine`s.

Characters that follow each other in pdfium's stream on one baseline, without a gap of a table
cell, make a run; `layout` puts runs on lines, finds a gutter between two columns and reads cells
apart. Each line then becomes a `TextLine` in points from the page's top-left corner, with the
font size of most of its glyphs and whether most of them are bold.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter

from kuntahaku.ingest.extract import layout
from kuntahaku.ingest.extract.pdfchars import Glyph
from kuntahaku.models import TextLine

# A cell that is a number: "11 598 583", "-1 234", "12,5 %", "2023", "TA 2024" is not one.
_NUMBER_CELL = re.compile(r"^[-–+]?\(?\d[\d\u00a0 .,:]*\)?\s*(?:%|€|e|t€|M€|milj\.)?$")
_DATE = re.compile(r"^\d{1,2}\.\d{1,2}\.(?:\d{2}|\d{4})?$|^\d{1,2}[.:]\d{2}$")
# A gap wider than this many font sizes ends a run (a cell boundary is decided later, per line).
RUN_GAP_SIZES = 1.0


def runs_from_glyphs(glyphs: list[Glyph]) -> list[layout.Run]:
    """Group glyphs into runs: stream neighbours on one baseline, drawn by one text object or
    with no wide gap between them."""
    runs: list[layout.Run] = []
    current: list[Glyph] = []
    pending_space = ""

    def close() -> None:
        if current:
            runs.append(_run(current))
            current.clear()

    for glyph in glyphs:
        if glyph.space:
            pending_space = glyph.text if current else ""
            continue
        if current and not _continues(current[-1], glyph):
            close()
            pending_space = ""
        if pending_space and current:
            left, bottom, top = glyph.left, glyph.bottom, glyph.top
            current.append(Glyph(pending_space, left, bottom, left, top, 0, False, -1, True))
        pending_space = ""
        current.append(glyph)
    close()
    return runs


def _continues(last: Glyph, glyph: Glyph) -> bool:
    """Whether `glyph` goes on the run that ends with `last`."""
    size = max(last.size, glyph.size, 1.0)
    last_middle = (last.bottom + last.top) / 2
    middle = (glyph.bottom + glyph.top) / 2
    tall = max(last.top - last.bottom, glyph.top - glyph.bottom, 1.0)
    if abs(middle - last_middle) > 0.6 * tall:
        return False
    gap = glyph.left - last.right
    if gap < -0.5 * size:
        return False
    # A wide gap inside one text object is a tab stop, not a cell boundary (pdfium's own text
    # rectangles span it too); between text objects it may be one.
    return gap <= RUN_GAP_SIZES * size or glyph.source == last.source


def _run(glyphs: list[Glyph]) -> layout.Run:
    boxes = [g for g in glyphs if not g.space]
    text = "".join(g.text for g in glyphs)
    sizes = [g.size for g in boxes]
    return layout.Run(
        left=min(g.left for g in boxes),
        bottom=min(g.bottom for g in boxes),
        right=max(g.right for g in boxes),
        top=max(g.top for g in boxes),
        text=text,
        size=statistics.median(sizes) if sizes else 0.0,
        chars=len(boxes),
        bold_chars=sum(1 for g in boxes if g.bold),
    )


def text_lines(glyphs: list[Glyph], width: float, height: float) -> tuple[list[TextLine], bool]:
    """The page's lines in reading order, and whether it was set in two columns."""
    lines, two_columns = layout.ordered_lines(runs_from_glyphs(glyphs), width)
    out: list[TextLine] = []
    for line in lines:
        text = line.text()
        if not text.strip():
            continue
        out.append(
            TextLine(
                text=text,
                x0=round(line.left, 2),
                top=round(height - line.top, 2),
                x1=round(line.right, 2),
                bottom=round(height - line.bottom, 2),
                size=_size(line.runs),
                bold=2 * sum(r.bold_chars for r in line.runs) > sum(r.chars for r in line.runs),
                role="table" if is_table_row(text) else "",
            )
        )
    return out, two_columns


def _size(runs: list[layout.Run]) -> float:
    """The font size most of the line's glyphs are set in."""
    counts: Counter[float] = Counter()
    for run in runs:
        counts[round(run.size, 1)] += run.chars
    return counts.most_common(1)[0][0] if counts else 0.0


def is_table_row(text: str) -> bool:
    """A line read as table cells: three cells or more, or a label with a figure beside it.

    Two cells of words ("Aika | 26.05.2025, klo 17", "§ 175 | Kokouksen laillisuus") are a
    label set off by a tab stop, not a table row.
    """
    cells = text.split(layout.CELL_SEPARATOR)
    if len(cells) >= 3:
        return True
    figure = cells[1].strip() if len(cells) == 2 else ""
    return bool(_NUMBER_CELL.match(figure)) and not _DATE.match(figure)
