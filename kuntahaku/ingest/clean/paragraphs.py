"""Lines of a page to blocks: paragraphs (lines joined, words broken at line ends repaired),
headings, list items and table rows.

Text and HTML separate paragraphs with blank lines. A PDF text layer has one line per printed
line and no blank lines, so a paragraph ends where a line ends a sentence well short of the
column's width, or where the next line is a heading, a list item or a table row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kuntahaku.ingest.clean.glyphs import BULLET, SOFT_BREAK
from kuntahaku.ingest.clean.hyphen import (
    Lexicon,
    ends_with_hyphen,
    join_hyphenated,
    join_spaced_hyphen,
    soft_break_joiner,
)

PARAGRAPH, HEADING, LIST_ITEM, TABLE = "paragraph", "heading", "list_item", "table"
CELL_SEPARATOR = " | "
_SECTION_HEADING = re.compile(r"^(?:§\s*\d+[a-z]?|\d+\s*§|KS\s*§\s*\d+.*)$")
_NUMBERED_HEADING = re.compile(r"^\d+(?:\.\d+)*\.?\s+[A-ZÅÄÖ]")
_MARKED_HEADING = re.compile(r"^#{1,6}\s+")
_SENTENCE_END = re.compile(r"[.!?:;]['\")\]]?$")
_NO_HEADING_END = re.compile(r"[.,;:!?\-–(]$")
_RUN_IN_LABEL = re.compile(
    r"(?:(?<=[.!?])\s+(?=(?:Asiasanat|Nyckelord|Keywords)\s+[A-ZÅÄÖ])"
    r"|(?<=[.!?a-zåäö])\s+(?=(?:Tiivistelmä|Referat|Abstract)\s+[A-ZÅÄÖ]))"
)
_COLON_END = re.compile(r"(?:[^\w\s]|\b[A-ZÅÄÖ0-9]+):$")
_COLON_SUFFIX = re.compile(r"^[a-zåäö]{1,3}\b")
MAX_HEADING_CHARS = 80
MAX_HEADING_WORDS = 10


@dataclass
class Piece:
    """A block being built: its kind and its lines."""

    kind: str
    lines: list[str] = field(default_factory=list)


def typical_width(lines: list[str]) -> int:
    """The length of a full line of body text on this page (its 80th percentile)."""
    lengths = sorted(len(line) for line in lines if len(line) > 20)
    if not lengths:
        return 0
    return lengths[int(0.8 * (len(lengths) - 1))]


def heading_like(line: str, marked: bool) -> bool:
    """A short line that reads as a heading: `§ 45`, `2.2 Aineisto`, or a short title."""
    if marked:
        return bool(_MARKED_HEADING.match(line))
    if _SECTION_HEADING.match(line):
        return True
    if len(line) > MAX_HEADING_CHARS or len(line.split()) > MAX_HEADING_WORDS:
        return False
    if _NO_HEADING_END.search(line) or line.endswith(SOFT_BREAK) or "@" in line:
        return False
    letters = sum(c.isalpha() for c in line)
    if letters < 0.6 * len(line.replace(" ", "")):
        return False  # dates, diary numbers, sums
    first = line[0]
    return first.isupper() or bool(_NUMBERED_HEADING.match(line))


def build_blocks(lines: list[str], lexicon: Lexicon, blank_separated: bool) -> list[Piece]:
    """Blocks in reading order from a page's lines."""
    width = typical_width(lines)
    lines = [part for line in lines for part in _split_run_in_labels(line)]
    pieces: list[Piece] = []
    current: Piece | None = None

    def close() -> None:
        nonlocal current
        if current is not None and current.lines:
            pieces.append(current)
        current = None

    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            if not _word_continues(current, lines, i):
                close()
            continue
        nxt = _next_line(lines, i)
        if _MARKED_HEADING.match(line):
            close()
            pieces.append(Piece(HEADING, [_MARKED_HEADING.sub("", line)]))
            continue
        if CELL_SEPARATOR in line:
            if current is None or current.kind != TABLE:
                close()
                before = pieces[-1] if pieces else None
                head = _cell_head(before, line)
                if head and before is not None:
                    before.lines.pop()
                    line = join_lines([head, line], lexicon)
                    if not before.lines:
                        pieces.pop()
                current = Piece(TABLE)
            current.lines.append(line)
            continue
        if line.startswith(BULLET + " "):
            close()
            current = Piece(LIST_ITEM, [line[2:].strip()])
            if _ends_paragraph(line, width, nxt, blank_separated):
                close()
            continue
        if current is not None and current.kind == TABLE:
            close()
        if current is None and _is_heading(line, nxt, width, blank_separated):
            pieces.append(Piece(HEADING, [line]))
            continue
        if current is None:
            current = Piece(PARAGRAPH, [line])
        else:
            current.lines.append(line)
        if _ends_paragraph(line, width, nxt, blank_separated):
            close()
    close()
    for piece in pieces:
        if piece.kind != TABLE:
            piece.lines = [join_lines(piece.lines, lexicon)]
        else:  # a cell broken over two rows keeps its parts; the break mark goes
            piece.lines = [line.replace(SOFT_BREAK, "") for line in piece.lines]
    return [p for p in pieces if any(line.strip() for line in p.lines)]


def _split_run_in_labels(line: str) -> list[str]:
    """Start a new paragraph at a run-in abstract label after a sentence end
    ("... aikaansaamiseksi. Referat Ekosystemavtalen ..."): each label opens another language."""
    parts = _RUN_IN_LABEL.split(line)
    if len(parts) == 1:
        return [line]
    out = [parts[0].rstrip()]
    for part in parts[1:]:
        out += ["", part]  # a blank line closes the paragraph before the label
    return out


def _word_continues(current: Piece | None, lines: list[str], i: int) -> bool:
    """A blank line between a word broken at a line end and its lower-case rest ("Luula-" /
    "" / "jan kaupunki"): text converted with a blank line after every line, not a new block."""
    if current is None or current.kind == TABLE or not current.lines:
        return False
    last = current.lines[-1].rstrip()
    if not (last.endswith(SOFT_BREAK) or ends_with_hyphen(last)):
        return False
    nxt = _next_line(lines, i)
    return nxt[:1].isalpha() and nxt[:1].islower()


def _cell_head(current: Piece | None, row: str) -> str:
    """The line before a table row when it is the first part of the row's first cell, broken
    with a hyphen ("01. Toimintamenot(siirtomää-" / "räraha 2 v) | 5 027"); else ""."""
    if current is None or current.kind == TABLE or not current.lines:
        return ""
    last = current.lines[-1].rstrip()
    if not (last.endswith(SOFT_BREAK) or ends_with_hyphen(last)):
        return ""
    return last if row[:1].isalpha() and row[:1].islower() else ""


def _next_line(lines: list[str], i: int) -> str:
    return lines[i + 1].strip() if i + 1 < len(lines) else ""


def _is_heading(line: str, nxt: str, width: int, blank_separated: bool) -> bool:
    """A heading stands alone: short, and followed by a new start (or a blank line)."""
    if not heading_like(line, marked=False):
        return False
    if _SECTION_HEADING.match(line):
        return True
    if not nxt:
        return blank_separated
    if blank_separated:
        return False  # inside a blank-line paragraph; its first line is not a heading
    starts_new = nxt[0].isupper() or nxt[0].isdigit() or nxt.startswith((BULLET, "§"))
    return starts_new and (not width or len(line) < 0.75 * width)


def _ends_paragraph(line: str, width: int, nxt: str, blank_separated: bool) -> bool:
    """Whether a PDF line closes its paragraph (text with blank lines closes on blank lines)."""
    if blank_separated:
        return False
    if not nxt:
        return True
    if nxt.startswith(BULLET + " ") or CELL_SEPARATOR in nxt or _SECTION_HEADING.match(nxt):
        return True
    if line.endswith(SOFT_BREAK) or ends_with_hyphen(line):
        return False
    short = bool(width) and len(line) < 0.8 * width
    if _SENTENCE_END.search(line):
        return short or heading_like(nxt, marked=False)
    shortish = bool(width) and len(line) < 0.7 * width
    return shortish and not line.endswith(",") and (nxt[0].isupper() or nxt[0].isdigit())


def join_lines(lines: list[str], lexicon: Lexicon) -> str:
    """One paragraph from its lines: soft breaks joined, hyphens decided, spaces elsewhere."""
    text = ""
    for line in lines:
        line = line.strip()
        if not text:
            text = line
        elif text.endswith(SOFT_BREAK):
            stem = text[:-1].rsplit(" ", 1)[-1]
            head = re.match(r"\w*", line)
            text = text[:-1] + soft_break_joiner(stem, head.group() if head else "", lexicon) + line
        elif ends_with_hyphen(text):
            text = join_hyphenated(text, line, lexicon)
        elif text.endswith((" -", " \u2010")) and line[:1].isalpha() and line[:1].islower():
            text = join_spaced_hyphen(text, line)
        elif text.endswith(("–", "—")) and text[-2:-1].isdigit() and line[:1].isdigit():
            text = text + line  # "(2021–" + "2027)"
        elif _COLON_END.search(text) and _COLON_SUFFIX.match(line):
            text = text + line  # "1.000.000 €:" + "n rakennusurakoista"
        else:
            text = f"{text} {line}"
    return text.replace(SOFT_BREAK, "").strip()
