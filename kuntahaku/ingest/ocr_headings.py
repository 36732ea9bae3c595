"""A § sign that OCR read as a digit or a letter ("823" for "§ 23"), put back where a heading
stands.

Tesseract reads the § of minutes headings as 8, 5, S, $ or &: "§ 15" comes out "815", "8 15" or
"$15", and the Swedish "12 §" comes out "128". Only the layout tells such a heading from a
number: the line stands at the page's left heading column (no line of the page starts further
left), it holds the number alone or with a short title, a heading-like title follows it in the
same column, and its number runs in sequence with the neighbouring headings of the document (or,
for a lone heading, the line stands out to the left of the body text). Numbers in body text
("käsiteltiin ennen 8 26") are never rewritten.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from kuntahaku.ingest.ocr import OcrResult
from kuntahaku.models import TextLine

# The sign as OCR reads it, then the number, then perhaps a title: "823", "8 25", "§ 24 Otsikko";
# or, in Swedish minutes, the number first: "128 Godkännande" for "12 § Godkännande".
_SIGNS = "8S5$&§"
_HEADING = re.compile(rf"^(?P<sign>[{_SIGNS}])\s?(?P<num>\d{{1,3}})(?P<rest>(?:\s+\S.*)?)$")
_HEADING_AFTER = re.compile(rf"^(?P<num>\d{{1,3}})\s?(?P<sign>[{_SIGNS}])(?P<rest>(?:\s+\S.*)?)$")
COLUMN_TOLERANCE = 0.02  # of the page width: how far from the heading column a heading may stand
OUTDENT = 0.05  # of the page width: a lone heading stands this much left of the body text
MAX_TITLE_WORDS = 12
MAX_GAP_LINES = 3.5  # how far below the number its title may follow, in line heights
MAX_STEP = 4  # largest step between the numbers of neighbouring headings


@dataclass
class _Candidate:
    """A line that may be a § heading whose sign was misread: the readings it allows, each a
    number and the line as it would be written, in order of preference."""

    line: TextLine
    options: list[tuple[int, str]]
    misread: bool
    outdented: bool


def repair(results: list[OcrResult]) -> int:
    """Rewrite misread § headings in place in the readings of one document's pages, in page
    order; returns how many were rewritten."""
    candidates = [cand for result in results for cand in _candidates(result)]
    fixed = 0
    for i, cand in enumerate(candidates):
        if not cand.misread:
            continue
        text = _in_sequence(candidates, i)
        if not text and len(candidates) == 1 and len(cand.options) == 1 and cand.outdented:
            text = cand.options[0][1]
        if text:
            cand.line.text = text
            fixed += 1
    return fixed


def _candidates(result: OcrResult) -> list[_Candidate]:
    """Lines of one page that stand where a heading stands and begin with a § and a number."""
    lines = [line for line in result.lines if len(line.text.strip()) > 1]
    if not lines or not result.width:
        return []
    tolerance = COLUMN_TOLERANCE * result.width
    column = min(line.x0 for line in lines)
    body = statistics.median(line.x0 for line in lines)
    found: list[_Candidate] = []
    for k, line in enumerate(lines):
        if line.x0 > column + tolerance:
            continue
        options: list[tuple[int, str]] = []
        misread = True
        rest = ""
        for pattern, suffix in ((_HEADING, False), (_HEADING_AFTER, True)):
            match = pattern.match(line.text.strip())
            if not match:
                continue
            number, rest = int(match.group("num")), match.group("rest").rstrip()
            written = f"{number} §{rest}" if suffix else f"§ {number}{rest}"
            options.append((number, written))
            misread = misread and match.group("sign") != "§"
        if not options:
            continue
        title = rest.strip() or _title_below(lines, k, tolerance)
        if not title or not _heading_like(title):
            continue
        outdented = body - line.x0 > OUTDENT * result.width
        found.append(_Candidate(line, options, misread, outdented))
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


def _in_sequence(candidates: list[_Candidate], i: int) -> str:
    """The reading of candidate `i` whose number runs in sequence with a neighbouring heading's
    (before it and smaller, or after it and larger, by at most MAX_STEP); "" when none does."""
    before = [n for n, _ in candidates[i - 1].options] if i > 0 else []
    after = [n for n, _ in candidates[i + 1].options] if i + 1 < len(candidates) else []
    for number, written in candidates[i].options:
        if any(0 < number - n <= MAX_STEP for n in before):
            return written
        if any(0 < n - number <= MAX_STEP for n in after):
            return written
    return ""
