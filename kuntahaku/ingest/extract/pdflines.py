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

import numpy as np

from kuntahaku.ingest.extract import layout
from kuntahaku.ingest.extract.pdfchars import Chars, Glyph
from kuntahaku.models import TextLine

# A cell that is a number: "11 598 583", "-1 234", "12,5 %", "2023", "TA 2024" is not one.
_NUMBER_CELL = re.compile(r"^[-–+]?\(?\d[\d\u00a0 .,:]*\)?\s*(?:%|€|e|t€|M€|milj\.)?$")
_DATE = re.compile(r"^\d{1,2}\.\d{1,2}\.(?:\d{2}|\d{4})?$|^\d{1,2}[.:]\d{2}$")
# A gap wider than this many font sizes ends a run (a cell boundary is decided later, per line).
RUN_GAP_SIZES = 1.0


def runs_from_glyphs(glyphs: list[Glyph] | Chars) -> list[layout.Run]:
    """Group glyphs into runs: stream neighbours on one baseline, drawn by one text object or
    with no wide gap between them.

    Spaces are not glyphs of a run: the last space between two glyphs of one run is kept in its
    text. Whether each glyph goes on the run of the one before it is decided for the whole page
    at once (`_continues`).
    """
    chars = glyphs if isinstance(glyphs, Chars) else Chars.of(glyphs)
    solid = np.flatnonzero(~chars.space)
    if not solid.size:
        return []
    texts = [chars.text[k] for k in solid.tolist()]
    left, bottom = chars.left[solid], chars.bottom[solid]
    right, top, size = chars.right[solid], chars.top[solid], chars.size[solid]
    goes_on = _continues(left, bottom, right, top, size, chars.source[solid])
    spaced = goes_on & (np.diff(solid) > 1)  # spaces between the two: the last one stays
    for i in np.flatnonzero(spaced).tolist():
        texts[i + 1] = chars.text[solid[i + 1] - 1] + texts[i + 1]
    starts = np.concatenate(([0], np.flatnonzero(~goes_on) + 1))
    ends = [*starts[1:].tolist(), len(texts)]
    sizes = size.tolist()
    return [
        layout.Run(
            left=first_left,
            bottom=first_bottom,
            right=last_right,
            top=last_top,
            text="".join(texts[a:b]),
            size=statistics.median(sizes[a:b]),
            chars=b - a,
            bold_chars=bolds,
        )
        for a, b, first_left, first_bottom, last_right, last_top, bolds in zip(
            starts.tolist(),
            ends,
            np.minimum.reduceat(left, starts).tolist(),
            np.minimum.reduceat(bottom, starts).tolist(),
            np.maximum.reduceat(right, starts).tolist(),
            np.maximum.reduceat(top, starts).tolist(),
            np.add.reduceat(chars.bold[solid].astype(np.int64), starts).tolist(),
            strict=True,
        )
    ]


def _continues(
    left: np.ndarray,
    bottom: np.ndarray,
    right: np.ndarray,
    top: np.ndarray,
    size: np.ndarray,
    source: np.ndarray,
) -> np.ndarray:
    """For each glyph after the first, whether it goes on the run that ends with the glyph
    before it: on the same baseline, not far back, and not past a wide gap unless one text
    object draws both."""
    sizes = np.maximum(np.maximum(size[:-1], size[1:]), 1.0)
    last_middle = (bottom[:-1] + top[:-1]) / 2
    middle = (bottom[1:] + top[1:]) / 2
    tall = np.maximum(np.maximum(top[:-1] - bottom[:-1], top[1:] - bottom[1:]), 1.0)
    gap = left[1:] - right[:-1]
    # A wide gap inside one text object is a tab stop, not a cell boundary (pdfium's own text
    # rectangles span it too); between text objects it may be one.
    result: np.ndarray = (
        ~(np.abs(middle - last_middle) > 0.6 * tall)
        & ~(gap < -0.5 * sizes)
        & ((gap <= RUN_GAP_SIZES * sizes) | (source[1:] == source[:-1]))
    )
    return result


def text_lines(
    glyphs: list[Glyph] | Chars, width: float, height: float
) -> tuple[list[TextLine], bool]:
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
