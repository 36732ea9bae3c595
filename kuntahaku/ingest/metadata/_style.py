"""How a line of the cleaned text is set on its page, from `Page.lines` where extraction filled
them: bold, larger than the page's body text, starting at the left margin.

Headings are told from references by how they are set, whatever the producer's wording; text
and HTML files (and records made before lines existed) have no lines, and every answer here is
then `None`, so that callers fall back to what the text alone says.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

from kuntahaku.models import Document, TextLine

# A line is "larger" than body text when its font is this much bigger than the body's.
LARGER_RATIO = 1.12
# Points of slack when comparing a line's start with the page's left margin.
MARGIN_SLACK = 6.0
# Characters compared when matching a cleaned line with a printed line.
MATCH_CHARS = 24

_KEY_RE = re.compile(r"[\W_]+")


def _key(text: str) -> str:
    return _KEY_RE.sub("", text).lower()


@dataclass(frozen=True)
class Style:
    """How one printed line is set, relative to the body text of its page."""

    bold: bool
    larger: bool  # font clearly larger than the body text
    at_margin: bool  # starts at (or left of) the body text's left margin
    size: float = 0.0  # font size in points
    body_size: float = 0.0  # the page's body text size
    indent: float = 0.0  # points right of the body text's left margin (negative: left of it)

    @property
    def emphasised(self) -> bool:
        """Set apart from body text: bold or larger."""
        return self.bold or self.larger


@dataclass
class _PageStyle:
    body_size: float
    margin: float
    lines: list[tuple[str, TextLine]]


class Styles:
    """Style lookup for the lines of one document (empty when it has no layout)."""

    def __init__(self, doc: Document) -> None:
        self._pages: dict[int, _PageStyle] = {}
        sizes_all: list[float] = []
        lefts: Counter[int] = Counter()  # the body text's left edge, over the whole document
        bodies: dict[int, list[TextLine]] = {}
        for page in doc.pages:
            body = [ln for ln in page.lines if ln.role in ("", "body", "table") and ln.text.strip()]
            if body:
                bodies[page.number] = body
            for ln in body:
                if not ln.bold:
                    lefts[round(ln.x0)] += len(ln.text)
        margin = float(lefts.most_common(1)[0][0]) if lefts else 0.0
        for number, body in bodies.items():
            weighted = [ln.size for ln in body for _ in range(max(1, len(ln.text) // 10))]
            sizes = [size for size in weighted if size > 0]
            sizes_all.extend(sizes)
            self._pages[number] = _PageStyle(
                statistics.median(sizes) if sizes else 0.0,
                margin,
                [(_key(ln.text), ln) for ln in body],
            )
        self._doc_size = statistics.median(sizes_all) if sizes_all else 0.0

    @property
    def present(self) -> bool:
        """True when the document has layout lines to judge by."""
        return bool(self._pages)

    def of(self, page: int, text: str) -> Style | None:
        """The style of the printed line on `page` that `text` (a cleaned line) starts with;
        None when the page has no lines or none matches."""
        found = self._pages.get(page)
        if found is None:
            return None
        key = _key(text)[:MATCH_CHARS]
        if not key:
            return None
        line = None
        for exact in (True, False):
            for printed, candidate in found.lines:
                if printed[:MATCH_CHARS] == key if exact else printed.startswith(key):
                    line = candidate
                    break
            if line is not None:
                break
        if line is None:
            for printed, candidate in found.lines:
                if len(printed) >= 3 and key.startswith(printed):
                    line = candidate
                    break
        if line is None:
            return None
        body = found.body_size or self._doc_size
        larger = bool(body) and line.size >= body * LARGER_RATIO
        at_margin = line.x0 <= found.margin + MARGIN_SLACK
        return Style(line.bold, larger, at_margin, line.size, body, line.x0 - found.margin)
