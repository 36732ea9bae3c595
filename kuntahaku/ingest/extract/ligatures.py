"""Ligatures that lost a letter: a glyph drawn for two letters ("tt", "ti", "ft") whose text layer
gives only one ("et" for "ett", "fortsat" for "fortsatt").

The layout shows it where the text cannot: such a glyph is about twice as wide as the same
letter elsewhere on the page at the same size. A page with enough of them has a text layer that
drops letters, and is OCRed (or flagged where OCR is off) like a garbled one.
"""

from __future__ import annotations

import statistics
from collections import defaultdict

from kuntahaku.ingest.extract.pdfchars import Glyph

# A glyph is a lost ligature when it is this much wider than its letter's median on the page
# and the extra width is at least this share of the font size (a letter's width, not the
# jitter between a regular and a bold "i").
WIDER = 1.6
EXTRA_EM = 0.25
MIN_SAMPLES = 5  # occurrences of a letter at one size before its median width is trusted
# A page loses letters when at least this many glyphs, and this share of its letters, are lost
# ligatures.
MIN_LOST = 3
MIN_SHARE = 0.01


def lost_ligatures(glyphs: list[Glyph]) -> tuple[int, int]:
    """How many lower-case letters the page has, and how many of them are lost ligatures."""
    widths: dict[tuple[str, int], list[float]] = defaultdict(list)
    letters = [g for g in glyphs if not g.space and "a" <= g.text <= "z" and g.size > 0]
    for glyph in letters:
        widths[(glyph.text, round(glyph.size))].append(glyph.right - glyph.left)
    medians = {k: statistics.median(v) for k, v in widths.items() if len(v) >= MIN_SAMPLES}
    lost = 0
    for glyph in letters:
        key = (glyph.text, round(glyph.size))
        median = medians.get(key)
        width = glyph.right - glyph.left
        if median and width > WIDER * median and width - median >= EXTRA_EM * glyph.size:
            lost += 1
    return len(letters), lost


def drops_letters(letters: int, lost: int) -> bool:
    """True when a page's lost ligatures are many enough to call its text layer broken."""
    return lost >= MIN_LOST and lost >= MIN_SHARE * letters
