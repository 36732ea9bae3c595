"""Ligatures that lost a letter: a glyph drawn for two letters ("tt", "ti", "ft") whose text layer
gives only one ("et" for "ett", "fortsat" for "fortsatt").

The layout shows it where the text cannot: such a glyph is about twice as wide as the same
letter elsewhere on the page at the same size. A page with enough of them has a text layer that
drops letters, and is OCRed (or flagged where OCR is off) like a garbled one.
"""

from __future__ import annotations

from itertools import compress

import numpy as np

from kuntahaku.ingest.extract.pdfchars import Chars, Glyph

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
_ASCII_LOWER = frozenset("abcdefghijklmnopqrstuvwxyz")


def lost_ligatures(chars: Chars | list[Glyph]) -> tuple[int, int]:
    """How many lower-case letters the page has, and how many of them are lost ligatures."""
    if isinstance(chars, list):
        chars = Chars.of(chars)
    # map over C functions: no Python bytecode per character
    is_letter = np.fromiter(map(_ASCII_LOWER.__contains__, chars.text), bool, len(chars))
    letters = is_letter & ~chars.space & (chars.size > 0)
    if not letters.any():
        return 0, 0
    kept = int(letters.sum())
    codes = np.fromiter(map(ord, compress(chars.text, letters.tolist())), np.int64, kept)
    sizes = chars.size[letters]
    widths = (chars.right - chars.left)[letters]
    keys = codes * 10_000 + np.round(sizes).astype(np.int64)
    groups, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
    medians = np.zeros(len(groups))
    for g in np.flatnonzero(counts >= MIN_SAMPLES):
        medians[g] = float(np.median(widths[inverse == g]))
    median = medians[inverse]
    lost = (median > 0) & (widths > WIDER * median) & (widths - median >= EXTRA_EM * sizes)
    return kept, int(lost.sum())


def drops_letters(letters: int, lost: int) -> bool:
    """True when a page's lost ligatures are many enough to call its text layer broken."""
    return lost >= MIN_LOST and lost >= MIN_SHARE * letters
