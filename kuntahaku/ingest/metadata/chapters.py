"""Chapters found where their headings stand in the body, with the table of contents as a guide.

A contents entry ("3.2 Rahoitus ....... 17") says which heading to look for and about where: the
printed page number plus the offset between printed labels and physical pages (estimated from
the entries whose heading is found only once). Of the body lines that carry the entry's number,
the one whose title matches, that is set as a heading and that stands nearest the expected page
is the chapter's start. Unnumbered entries ("Tilintarkastuskertomus") are found the same way by
their title alone. Contents lines, and pages that hold a list of contents, are never a start.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from kuntahaku.ingest.metadata._lines import Line
from kuntahaku.ingest.metadata._style import Style, Styles
from kuntahaku.ingest.metadata.contents import ContentsEntry

_KEY_RE = re.compile(r"[\W_]+")
# Characters of two titles compared to call them the same heading.
TITLE_CHARS = 24
# How much each piece of evidence counts when choosing among lines with the entry's number.
W_TITLE = 4.0
W_STYLE = 1.0
W_PAGE = 0.2  # per page of distance from the expected page, against
# An unnumbered entry's heading line holds at most this many characters past the title.
TITLE_SLACK = 4


def title_key(text: str) -> str:
    """A title reduced for comparison: letters and digits, lower case, its first characters."""
    return _KEY_RE.sub("", text).lower()[:TITLE_CHARS]


def same_title(a: str, b: str) -> bool:
    """True when two titles begin alike (a heading wrapped or cut in one of them still
    matches)."""
    ka, kb = title_key(a), title_key(b)
    if not ka or not kb:
        return False
    short = min(len(ka), len(kb))
    return ka[:short] == kb[:short] and short >= min(8, max(len(ka), len(kb)))


@dataclass(frozen=True)
class Candidate:
    """A body line that may start chapter `number` (a tuple of ints; () when unnumbered)."""

    line: int
    number: tuple[int, ...]
    dotted: bool
    title: str


def _offset(
    entries: list[ContentsEntry],
    by_number: dict[tuple[int, ...], list[Candidate]],
    lines: list[Line],
) -> int:
    """Physical page minus printed page, from entries whose title is found on one line only."""
    deltas = []
    for entry in entries:
        if not entry.number:
            continue
        key = tuple(int(p) for p in entry.number.split("."))
        matching = [c for c in by_number.get(key, []) if same_title(c.title, entry.title)]
        if len(matching) == 1:
            deltas.append(lines[matching[0].line].page - entry.label)
    return round(statistics.median(deltas)) if deltas else 0


def guided(
    candidates: list[Candidate],
    lines: list[Line],
    entries: list[ContentsEntry],
    styles: Styles | None,
) -> list[Candidate]:
    """The candidates with, for every number the contents list, only the line that best
    matches its entry; plus the lines where unnumbered entries' headings stand."""
    if not entries:
        return candidates
    by_number: dict[tuple[int, ...], list[Candidate]] = {}
    for cand in candidates:
        by_number.setdefault(cand.number, []).append(cand)
    offset = _offset(entries, by_number, lines)
    first_contents_page = min(e.page for e in entries)

    def score(line: int, title: str, entry: ContentsEntry) -> float:
        value = W_TITLE if same_title(title, entry.title) else 0.0
        style = styles.of(lines[line].page, lines[line].text) if styles else None
        if style is not None and style.emphasised:
            value += W_STYLE
        return value - W_PAGE * abs(lines[line].page - (entry.label + offset))

    chosen: dict[tuple[int, ...], Candidate] = {}
    extra: list[Candidate] = []
    for entry in entries:
        if entry.number:
            key = tuple(int(p) for p in entry.number.split("."))
            options = by_number.get(key, [])
            if options and key not in chosen:
                chosen[key] = max(options, key=lambda c: score(c.line, c.title, entry))
            continue
        wanted = title_key(entry.title)
        best: tuple[float, int] | None = None
        for i, line in enumerate(lines):
            if line.page < first_contents_page:
                continue
            key_text = _KEY_RE.sub("", line.text).lower()
            if key_text.startswith(wanted) and len(key_text) <= len(wanted) + TITLE_SLACK:
                value = score(i, line.text, entry)
                if best is None or value > best[0]:
                    best = (value, i)
        if best is not None and not any(c.line == best[1] for c in extra):
            extra.append(Candidate(best[1], (), False, entry.title))
    kept = [c for c in candidates if c.number not in chosen or chosen[c.number] is c]
    return sorted([*kept, *extra], key=lambda c: c.line)


# An unnumbered heading line: at most this many words, and no sentence punctuation at its end.
HEADING_WORDS = 10
# Points of slack when comparing a heading's size with the numbered chapters' headings.
SIZE_SLACK = 0.5
# A heading starts at most this many points right of the body text's margin.
HEADING_INDENT = 3.0
# A heading among the document's first lines is its title.
TITLE_LINES = 3


def styled_headings(
    lines: list[Line],
    styles: Styles | None,
    block_kinds: list[str],
    numbered: list[Candidate],
    skip_pages: set[int],
) -> list[Candidate]:
    """Unnumbered chapter headings where the layout shows them: a line that is a block of its
    own, at the left margin, set bold or larger than body text, short and without a full stop.
    In a report with numbered chapters only lines set at least as large as its first-level
    headings count (smaller ones are sub-headings); the document's title (the largest line
    before any heading) is not a chapter."""
    if styles is None or not styles.present:
        return []
    level_one = [
        st.size
        for c in numbered
        if len(c.number) == 1 and (st := styles.of(lines[c.line].page, lines[c.line].text))
    ]
    floor = min(level_one) - SIZE_SLACK if level_one else 0.0
    signature = _plain_signature(lines, styles, numbered)
    alike: list[Candidate] = []  # set exactly like the numbered headings, in body type
    found: list[tuple[Candidate, float]] = []
    for i, line in enumerate(lines):
        text = line.text
        if line.page in skip_pages or line.index != 0 or "|" in text:
            continue
        if i + 1 < len(lines) and lines[i + 1].block == line.block:
            continue  # not a block of its own
        if block_kinds[line.block] == "table" or _NOT_HEADING_RE.search(text):
            continue
        if not text[:1].isupper() or len(text.split()) > HEADING_WORDS or text[:1].isdigit():
            continue
        style = styles.of(line.page, text)
        if style is not None and signature is not None and _matches(style, signature):
            if _opens_text(text, lines[i + 1].text if i + 1 < len(lines) else ""):
                alike.append(Candidate(i, (), False, text))
            continue
        if style is None or not style.emphasised or style.indent > HEADING_INDENT:
            continue
        if level_one and style.size < floor:
            continue
        if not level_one and not (style.larger or style.size >= style.body_size):
            continue
        found.append((Candidate(i, (), False, text), style.size))
    others = [size for _, size in found[1:]] + level_one
    before_numbered = not numbered or bool(found and found[0][0].line < numbered[0].line)
    if found and (
        found[0][0].line < TITLE_LINES
        or (others and before_numbered and found[0][1] > max(others) + SIZE_SLACK)
    ):
        found = found[1:]  # the title
    return sorted([cand for cand, _ in found] + alike, key=lambda c: c.line)


# Points by which the numbered headings' indent may vary, and how far right of the body margin
# it must stand to tell headings from body lines.
SIGNATURE_SLACK = 1.5
MIN_ALIKE = 3  # numbered headings that must share the indent


def _plain_signature(
    lines: list[Line], styles: Styles, numbered: list[Candidate]
) -> tuple[float, float] | None:
    """(size, indent) of a report's first-level numbered headings when they are set in body
    type but indented apart from the body text (a plain-text rendition: " 1  Johdanto"), so
    that unnumbered headings set the same way ("Tiivistelmä", "Liitteet") can be told."""
    found = [
        st
        for c in numbered
        if len(c.number) == 1 and (st := styles.of(lines[c.line].page, lines[c.line].text))
    ]
    if any(st.emphasised for st in found):
        return None
    # list items and footnotes numbered like chapters stand at the margin; the headings do not
    indented = [st for st in found if st.indent > HEADING_INDENT]
    if len(indented) < MIN_ALIKE or len(indented) * 2 < len(found):
        return None
    indents = sorted(st.indent for st in indented)
    if indents[-1] - indents[0] > 2 * SIGNATURE_SLACK:
        return None
    return indented[0].size, indents[len(indents) // 2]


def _matches(style: Style, signature: tuple[float, float]) -> bool:
    size, indent = signature
    return (
        not style.emphasised
        and abs(style.size - size) < SIZE_SLACK
        and abs(style.indent - indent) <= SIGNATURE_SLACK
    )


_NOT_HEADING_RE = re.compile(r"[.:;,]$|^\W|\d{1,2}\.\d{1,2}\.\d{2,4}|@|https?:|www\.")


# Words of the line after a heading that show it opens running text, not a table's columns.
TEXT_WORDS = 6


def _opens_text(heading: str, following: str) -> bool:
    """A heading in body type is words only and stands above a paragraph (a table's header row
    in the same type stands above rows of figures)."""
    if any(ch.isdigit() for ch in heading):
        return False
    words = following.split()
    return len(words) >= TEXT_WORDS and sum(any(c.isdigit() for c in w) for w in words) <= 2
