"""A § sign that OCR read as a digit or a letter ("823" for "§ 23"), put back where a heading
stands.

Tesseract reads the § of minutes headings as 8, 5, S, $ or &: "§ 15" comes out "815", "8 15" or
"$15". Only the layout tells such a heading from a number: the line stands at the page's left
heading column (no line of the page starts further left), it holds the number alone or with a
short title, a heading-like title follows it in the same column, and its number runs in sequence
with the other headings of the document (or, for a lone heading, the line stands out to the left
of the body text). Numbers in body text ("käsiteltiin ennen 8 26") are never rewritten.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from kuntahaku.ingest.ocr import OcrResult
from kuntahaku.models import TextLine

# The sign as OCR reads it, then the number, then perhaps a title: "823", "8 25", "§ 24 Otsikko".
_HEADING = re.compile(r"^(?P<sign>[8S5$&§])\s?(?P<num>\d{1,3})(?P<rest>(?:\s+\S.*)?)$")
COLUMN_TOLERANCE = 0.02  # of the page width: how far from the heading column a heading may stand
OUTDENT = 0.05  # of the page width: a lone heading stands this much left of the body text
MAX_TITLE_WORDS = 12
MAX_GAP_LINES = 3.5  # how far below the number its title may follow, in line heights
MAX_STEP = 4  # largest step between the numbers of neighbouring headings


@dataclass
class _Candidate:
    """A line that may be a § heading whose sign was misread."""

    order: int
    line: TextLine
    number: int
    rest: str
    misread: bool
    outdented: bool


def repair(results: list[OcrResult]) -> int:
    """Rewrite misread § headings in place in the readings of one document's pages, in page
    order; returns how many were rewritten."""
    candidates: list[_Candidate] = []
    for result in results:
        candidates.extend(_candidates(result, len(candidates)))
    fixed = 0
    for i, cand in enumerate(candidates):
        if not cand.misread:
            continue
        if _in_sequence(candidates, i) or (len(candidates) == 1 and cand.outdented):
            cand.line.text = f"§ {cand.number}{cand.rest}"
            fixed += 1
    return fixed


def _candidates(result: OcrResult, start: int) -> list[_Candidate]:
    """Lines of one page that stand where a heading stands and begin with a § and a number."""
    lines = [line for line in result.lines if len(line.text.strip()) > 1]
    if not lines or not result.width:
        return []
    tolerance = COLUMN_TOLERANCE * result.width
    column = min(line.x0 for line in lines)
    body = statistics.median(line.x0 for line in lines)
    found: list[_Candidate] = []
    for k, line in enumerate(lines):
        match = _HEADING.match(line.text.strip())
        if not match or line.x0 > column + tolerance:
            continue
        rest = match.group("rest").rstrip()
        title = rest.strip() or _title_below(lines, k, tolerance)
        if not title or not _heading_like(title):
            continue
        found.append(
            _Candidate(
                order=start + len(found),
                line=line,
                number=int(match.group("num")),
                rest=rest,
                misread=match.group("sign") != "§",
                outdented=body - line.x0 > OUTDENT * result.width,
            )
        )
    return found


def _title_below(lines: list[TextLine], k: int, tolerance: float) -> str:
    """The text of the line after `k` when it starts in the same column just below it."""
    if k + 1 >= len(lines):
        return ""
    line, nxt = lines[k], lines[k + 1]
    height = max(line.bottom - line.top, 1.0)
    if abs(nxt.x0 - line.x0) > tolerance or not 0 <= nxt.top - line.top <= MAX_GAP_LINES * height:
        return ""
    return nxt.text.strip()


def _heading_like(title: str) -> bool:
    """A short line that starts with a capital letter and does not end a sentence or a list."""
    words = title.split()
    if not words or len(words) > MAX_TITLE_WORDS:
        return False
    if not title[0].isalpha() or not title[0].isupper():
        return False
    return not title.endswith((".", ",", ";", ":")) or title.endswith("..")


def _in_sequence(candidates: list[_Candidate], i: int) -> bool:
    """Whether a neighbouring heading's number runs in sequence with this one's (before it and
    smaller, or after it and larger, by at most MAX_STEP)."""
    number = candidates[i].number
    if i > 0 and 0 < number - candidates[i - 1].number <= MAX_STEP:
        return True
    return i + 1 < len(candidates) and 0 < candidates[i + 1].number - number <= MAX_STEP
