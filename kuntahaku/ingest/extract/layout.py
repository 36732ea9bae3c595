"""Page geometry from pdfium's text rectangles: lines, table cells and two-column reading order.

pdfium's own page text is fast and right for single-column pages, but it reads a two-column page
line by line only when the producer wrote the text objects in that order, and it glues table cells
together ("11 598 583 10 994 000"). Its text rectangles (one per run of characters on a line) are
cheap to get and tell us both: where a gutter runs down the page, and where a line has wide gaps
between cells. Only pages that need it are rebuilt from rectangles.
"""

from __future__ import annotations

import itertools
import re
import statistics
from dataclasses import dataclass, field

# A gap wider than this many line heights between two runs of one line separates table cells.
CELL_GAP_LINE_HEIGHTS = 1.6
# Minimum number of lines on each side of a gutter for a page to count as two-column.
MIN_COLUMN_LINES = 6
CELL_SEPARATOR = " | "
CAP_HEIGHT = 0.75  # of the font size: about the ink height of a line of text
_SOFT = ("\x02", "\ufffe")  # pdfium's marks for a hyphen at a line end


@dataclass
class Run:
    """One pdfium text rectangle and its text (PDF coordinates: y grows upwards)."""

    left: float
    bottom: float
    right: float
    top: float
    text: str
    size: float = 0.0  # font size of the run's glyphs (0 when read from rectangles)
    chars: int = 0  # glyphs in the run
    bold_chars: int = 0  # of which bold

    @property
    def middle(self) -> float:
        """Vertical centre, used to put runs on lines."""
        return (self.bottom + self.top) / 2

    @property
    def height(self) -> float:
        """Height of the run (about the font size)."""
        return self.top - self.bottom


@dataclass
class Line:
    """Runs that share a baseline, left to right."""

    runs: list[Run] = field(default_factory=list)

    @property
    def top(self) -> float:
        """Highest point of the line."""
        return max(r.top for r in self.runs)

    @property
    def left(self) -> float:
        """Left edge."""
        return min(r.left for r in self.runs)

    @property
    def right(self) -> float:
        """Right edge."""
        return max(r.right for r in self.runs)

    @property
    def bottom(self) -> float:
        """Lowest point of the line."""
        return min(r.bottom for r in self.runs)

    def text(self) -> str:
        """The line's text; runs separated by wide gaps become table cells joined by ` | `."""
        runs = sorted(self.runs, key=lambda r: r.left)
        height = max(statistics.median(_ink_height(r) for r in runs), 1.0)
        parts: list[str] = []
        prev: Run | None = None
        for run in runs:
            raw = run.text.replace("\r", "").replace("\n", " ")
            piece = raw.strip(" ")
            if not piece:
                continue
            if prev is not None:
                gap = run.left - prev.right
                if gap > CELL_GAP_LINE_HEIGHTS * height and not piece.startswith(_SOFT):
                    parts.append(CELL_SEPARATOR)
                elif (
                    prev.text.endswith((" ", "\r", "\n"))
                    or raw.startswith(" ")
                    or (gap > 0.3 * height and not piece.startswith(_SOFT))
                ):
                    parts.append(" ")
            parts.append(piece)
            prev = run
        return re.sub(r"(?<=\S)  +(?=\S)", " ", "".join(parts)).strip(" ")


def _ink_height(run: Run) -> float:
    """The height of a run's capitals: from its font size where known (descenders and brackets
    make ink boxes uneven), else its rectangle's height."""
    return CAP_HEIGHT * run.size if run.size else run.height


def group_lines(runs: list[Run], geometry_only: bool = False) -> list[Line]:
    """Put runs on lines by vertical overlap, top to bottom (empty runs dropped unless
    `geometry_only`, when texts have not been read yet)."""
    lines: list[Line] = []
    refs: list[Run] = []  # the tallest run of each line, which decides what joins it
    for run in sorted(runs, key=lambda r: (-r.middle, r.left)):
        if not geometry_only and not run.text.strip() and run.text not in _SOFT:
            continue
        for k in range(len(lines) - 1, max(len(lines) - 4, -1), -1):
            ref = refs[k]
            if ref.height < 0.5 <= run.height and ref.bottom - 0.5 <= run.middle <= ref.top + 0.5:
                ref = run
            if _same_line(ref, run):
                lines[k].runs.append(run)
                if run.height > refs[k].height:
                    refs[k] = run
                break
        else:
            lines.append(Line([run]))
            refs.append(run)
    return lines


def _same_line(a: Run, b: Run) -> bool:
    """Two runs are on one line when the middle of the lower one lies inside the taller one."""
    tall, short = (a, b) if a.height >= b.height else (b, a)
    slack = max(0.15 * tall.height, 0.5)
    return tall.bottom - slack <= short.middle <= tall.top + slack and (
        short.height < 0.5 or abs(tall.middle - short.middle) < 0.5 * max(tall.height, 1.0)
    )


def find_gutter(runs: list[Run], width: float) -> float | None:
    """The x of a gutter between two text columns, or None for a single-column page.

    Looks in the middle third of the page for the x position crossed by the fewest runs, then asks
    that both sides hold many lines that fill their column (not a table of short cells).
    """
    text_runs = [r for r in runs if len(r.text.strip()) > 1]
    if len(text_runs) < 2 * MIN_COLUMN_LINES:
        return None
    lo, hi = int(width * 0.3), int(width * 0.7)
    # How many runs cross each x (a difference array: +1 where a run starts, -1 where it ends).
    delta = [0] * (int(width) + 3)
    for r in text_runs:
        start, end = max(int(r.left) + 1, 0), min(int(r.right + 0.999), len(delta) - 1)
        if start < end:
            delta[start] += 1
            delta[end] -= 1
    crossing = list(itertools.accumulate(delta))
    best_x = min(range(lo, hi), key=lambda x: crossing[x], default=lo)
    best_cross = crossing[best_x] if lo < hi else len(text_runs)
    # the middle of the widest stretch with that count
    start = best_x
    while start > lo and crossing[start - 1] == best_cross:
        start -= 1
    end = best_x
    while end < hi - 1 and crossing[end + 1] == best_cross:
        end += 1
    best_x = (start + end) // 2
    if best_cross > 0.15 * len(text_runs):
        return None
    left = [r for r in text_runs if r.right <= best_x]
    right = [r for r in text_runs if r.left >= best_x]
    if len(left) < MIN_COLUMN_LINES or len(right) < MIN_COLUMN_LINES:
        return None
    left_margin = min(r.left for r in left)
    right_margin = max(r.right for r in right)
    gutter_left = max(r.right for r in left)
    gutter_right = min(r.left for r in right)
    left_width = gutter_left - left_margin
    right_width = right_margin - gutter_right
    if left_width < 0.25 * width or right_width < 0.25 * width:
        return None
    # Column text fills the column: most runs are wide and start at the column's left edge.
    left_full = sum(1 for r in left if r.right - r.left > 0.6 * left_width)
    right_full = sum(1 for r in right if r.right - r.left > 0.6 * right_width)
    right_aligned = sum(1 for r in right if r.left - gutter_right < 6)
    if left_full < 0.5 * len(left) or right_full < 0.5 * len(right):
        return None
    if right_aligned < 0.5 * len(right):
        return None
    return (gutter_left + gutter_right) / 2


def reading_order(runs: list[Run], width: float) -> tuple[list[str], bool]:
    """Lines of text in reading order, and whether the page was set in two columns."""
    lines, two_columns = ordered_lines(runs, width)
    return [line.text() for line in lines], two_columns


def ordered_lines(runs: list[Run], width: float) -> tuple[list[Line], bool]:
    """Lines in reading order, and whether the page was set in two columns.

    On a two-column page, lines that span the gutter (running headers, titles, full-width
    tables) cut the page into bands; each band is read left column first, then right column.
    """
    gutter = find_gutter(runs, width)
    if gutter is None:
        return group_lines(runs), False
    out: list[Line] = []
    left: list[Run] = []
    right: list[Run] = []

    def flush() -> None:
        out.extend(group_lines(left))
        out.extend(group_lines(right))
        left.clear()
        right.clear()

    for line in group_lines(runs):
        spanning = [r for r in line.runs if r.left < gutter < r.right]
        if spanning:
            flush()
            out.append(line)
            continue
        left.extend(r for r in line.runs if r.right <= gutter)
        right.extend(r for r in line.runs if r.left >= gutter)
    flush()
    return out, True


def has_cell_gaps(runs: list[Run]) -> bool:
    """Whether some line has runs separated by a gap wide enough to be a table cell boundary."""
    for line in group_lines(runs, geometry_only=True):
        if len(line.runs) < 2:
            continue
        ordered = sorted(line.runs, key=lambda r: r.left)
        for a, b in itertools.pairwise(ordered):
            if b.left - a.right > CELL_GAP_LINE_HEIGHTS * max(a.height, b.height, 1.0):
                return True
    return False
