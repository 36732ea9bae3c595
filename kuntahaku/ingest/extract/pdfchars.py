"""Characters of a PDF page from pdfium: code point, box, font size and weight, in stream order.

pdfium's text rectangles are cheap but not exact: a glyph that overhangs its neighbour (an italic
`f`, a kerned `fe`) falls into two rectangles, and reading each rectangle's text then repeats
letters ("förvaltningschefefer"). Reading characters one by one gives every glyph to exactly one
line, and gives the font size and weight that headings and tables are told by. Font facts are read
once per text object (a text object has one font); boxes and text objects are fetched for all
characters of a page at once.
"""

from __future__ import annotations

import ctypes
import itertools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

# Weight from which a font counts as bold (CSS scale: 400 regular, 700 bold).
BOLD_WEIGHT = 600
_BOLD_NAMES = ("bold", "black", "heavy", "semibold", "demi")
# pdfium's `FPDF_FONT_FORCEBOLD` flag in a font descriptor.
_FORCE_BOLD = 1 << 18


@dataclass(slots=True)
class Glyph:
    """One character of the text layer (PDF coordinates: y grows upwards)."""

    text: str
    left: float
    bottom: float
    right: float
    top: float
    size: float  # font size in points, with the text matrix's scale applied
    bold: bool
    index: int  # position in pdfium's character stream
    space: bool = False  # a space (given or inferred by pdfium): a word break, not a glyph
    source: int = 0  # the text object drawing it (one font, one run of the content stream)


def _fast(function: Any, restype: type | None, *argtypes: type) -> Any:
    """A prototype of a pdfium function taking plain pointers: the bindings' typed pointers cost
    a conversion per call, which dominates a loop over every character of a page."""
    address = ctypes.cast(function, ctypes.c_void_p).value or 0
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


_P = ctypes.c_void_p
_SOFT = "\x02\ufffe"  # pdfium's marks for a soft hyphen
_GET_UNICODE = _fast(pdfium_c.FPDFText_GetUnicode, ctypes.c_uint, _P, ctypes.c_int)
_GET_BOX = _fast(pdfium_c.FPDFText_GetCharBox, ctypes.c_int, _P, ctypes.c_int, _P, _P, _P, _P)
_GET_OBJECT = _fast(pdfium_c.FPDFText_GetTextObject, _P, _P, ctypes.c_int)


@dataclass(slots=True)
class _Font:
    size: float
    bold: bool


@dataclass(slots=True)
class Chars:
    """A page's glyphs and spaces as columns, in stream order: what `Glyph`s hold, one array
    (or list) per field, so that a page's characters are read and grouped without an object
    per character."""

    text: list[str]
    left: np.ndarray
    bottom: np.ndarray
    right: np.ndarray
    top: np.ndarray
    size: np.ndarray
    bold: np.ndarray
    index: np.ndarray
    space: np.ndarray
    source: np.ndarray

    def __len__(self) -> int:
        return len(self.text)

    def glyphs(self) -> list[Glyph]:
        """The characters as `Glyph`s."""
        return [
            Glyph(*fields)
            for fields in zip(
                self.text, *(getattr(self, name).tolist() for name in _COLUMNS), strict=True
            )
        ]

    @classmethod
    def of(cls, glyphs: list[Glyph]) -> Chars:
        """Columns of `Glyph`s."""
        return cls(
            [g.text for g in glyphs],
            np.array([g.left for g in glyphs], dtype=np.float64),
            np.array([g.bottom for g in glyphs], dtype=np.float64),
            np.array([g.right for g in glyphs], dtype=np.float64),
            np.array([g.top for g in glyphs], dtype=np.float64),
            np.array([g.size for g in glyphs], dtype=np.float64),
            np.array([g.bold for g in glyphs], dtype=bool),
            np.array([g.index for g in glyphs], dtype=np.int64),
            np.array([g.space for g in glyphs], dtype=bool),
            np.array([g.source for g in glyphs], dtype=np.int64),
        )


# Chars' array columns, in Glyph's field order after `text`.
_COLUMNS = ("left", "bottom", "right", "top", "size", "bold", "index", "space", "source")


def read_glyphs(textpage: pdfium.PdfTextPage) -> list[Glyph]:
    """Every character of the page in stream order (see `read_chars`), as `Glyph`s."""
    return read_chars(textpage).glyphs()


def read_chars(textpage: pdfium.PdfTextPage) -> Chars:
    """Every character of the page in stream order; line ends pdfium inferred are left out.

    Boxes are the glyphs' ink, as pdfium's text rectangles are: a rule drawn just under a line
    of text stays a line of its own. The boxes and text objects of all characters are fetched
    in two passes that call pdfium straight from C (`map`), not from a Python loop.
    """
    count = max(pdfium_c.FPDFText_CountChars(textpage), 0)
    raw = _raw(textpage)
    text = textpage.get_text_range(0, count) if count else ""
    if len(text) != count:  # characters outside the BMP: read code points one by one
        text = "".join(_char(_GET_UNICODE(raw, k)) for k in range(count))
    chars = list(text)
    read = np.array([bool(c) and c not in "\r\n" for c in chars], dtype=bool)
    boxes = _boxes(raw, count, read)
    space = np.array([c in " \xa0" for c in chars], dtype=bool)
    keep = read.copy()
    # A glyph mapped to itself and a soft hyphen ("§" + U+00AD) is one glyph, not a hyphen.
    soft = np.flatnonzero(read & ~space & np.array([c in _SOFT for c in chars], dtype=bool))
    for k in soft.tolist():
        before = np.flatnonzero(keep[:k])
        if before.size and (boxes[before[-1], [0, 1]] == boxes[k, [0, 1]]).all():
            keep[k] = False
    marks = np.flatnonzero(keep & ~space)
    handles = np.zeros(count, dtype=np.int64)
    if marks.size:
        found = map(_GET_OBJECT, itertools.repeat(raw, marks.size), marks.tolist())
        handles[marks] = [h or 0 for h in found]
    sizes = np.zeros(count, dtype=np.float64)
    bold = np.zeros(count, dtype=bool)
    if marks.size:
        _, first, which = np.unique(handles[marks], return_index=True, return_inverse=True)
        fonts = [_font(textpage, int(marks[i])) for i in first.tolist()]
        sizes[marks] = np.array([f.size for f in fonts], dtype=np.float64)[which]
        bold[marks] = np.array([f.bold for f in fonts], dtype=bool)[which]
    handles[space] = -1
    picked = np.flatnonzero(keep)
    return Chars(
        [chars[k] for k in picked.tolist()],
        boxes[picked, 0],
        boxes[picked, 2],
        boxes[picked, 1],
        boxes[picked, 3],
        sizes[picked],
        bold[picked],
        picked.astype(np.int64),
        space[picked],
        handles[picked],
    )


def _boxes(raw: int, count: int, read: np.ndarray) -> np.ndarray:
    """(left, right, bottom, top) of every character, written by pdfium into one array.

    A character pdfium gives no box has the box of the last one read before it, as a single
    reused buffer would give it.
    """
    boxes = np.zeros((count, 4), dtype=np.float64)
    if not count:
        return boxes
    base = boxes.ctypes.data
    end = base + 32 * count
    ok = np.fromiter(
        map(
            _GET_BOX,
            itertools.repeat(raw, count),
            range(count),
            range(base, end, 32),
            range(base + 8, end, 32),
            range(base + 16, end, 32),
            range(base + 24, end, 32),
        ),
        dtype=np.int64,
        count=count,
    )
    got = (ok != 0) & read
    if not got[read].all():
        last = np.maximum.accumulate(np.where(got, np.arange(count), -1))
        filled = np.vstack([np.zeros((1, 4)), boxes])[last + 1]
        boxes = np.where(got[:, None], boxes, filled)
    return boxes


def _raw(textpage: pdfium.PdfTextPage) -> int:
    """The text page's handle as a plain address, for the fast prototypes."""
    return ctypes.cast(textpage.raw, ctypes.c_void_p).value or 0


def _char(code: int) -> str:
    """A code point as text; the halves of a surrogate pair (never a whole character) as ''."""
    return "" if 0xD800 <= code <= 0xDFFF else chr(code)


def _font(textpage: pdfium.PdfTextPage, index: int) -> _Font:
    """Size (scaled by the text matrix) and boldness of the font character `index` is set in."""
    size = pdfium_c.FPDFText_GetFontSize(textpage, index)
    matrix = pdfium_c.FS_MATRIX()
    if pdfium_c.FPDFText_GetMatrix(textpage, index, matrix):
        scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
        if scale > 0:
            size *= scale
    weight = pdfium_c.FPDFText_GetFontWeight(textpage, index)
    bold = weight >= BOLD_WEIGHT
    if not bold:
        buffer = ctypes.create_string_buffer(128)
        flags = ctypes.c_int()
        pdfium_c.FPDFText_GetFontInfo(textpage, index, buffer, 128, ctypes.byref(flags))
        name = buffer.value.decode("latin-1", errors="ignore").lower()
        bold = bool(flags.value & _FORCE_BOLD) or any(word in name for word in _BOLD_NAMES)
    return _Font(round(size, 2), bold)


def dedupe(glyphs: list[Glyph]) -> tuple[list[Glyph], int]:
    """Drop glyphs drawn twice at almost the same place (simulated bold), and count them.

    A glyph is a duplicate of an earlier one with the same character and font size when its box
    is offset by less than half the glyph's width and a fifth of its height (at most one point,
    pdfplumber's `dedupe_chars` tolerance). The character directly after another with the very
    same box is kept: that is how pdfium spells out a ligature ("tt", "fi").
    """
    if not _may_have_duplicates(glyphs):
        return glyphs, 0
    kept: list[Glyph] = []
    seen: dict[tuple[str, int, int], list[Glyph]] = {}
    dropped = 0
    previous: Glyph | None = None
    for glyph in glyphs:
        if glyph.space:
            kept.append(glyph)
            continue
        if (
            previous is not None
            and previous.index == glyph.index - 1
            and previous.left == glyph.left
            and previous.right == glyph.right
        ):
            kept.append(glyph)
            previous = glyph
            continue
        width = max(glyph.right - glyph.left, 0.1)
        height = max(glyph.top - glyph.bottom, 0.1)
        dx = min(0.5 * width, 1.0)
        dy = min(0.2 * height, 1.0)
        cell_x, cell_y = int(glyph.left), int(glyph.bottom)
        duplicate = False
        for gx in (cell_x - 1, cell_x, cell_x + 1):
            for gy in (cell_y - 1, cell_y, cell_y + 1):
                for other in seen.get((glyph.text, gx, gy), ()):
                    if (
                        abs(other.left - glyph.left) <= dx
                        and abs(other.bottom - glyph.bottom) <= dy
                        and abs(other.size - glyph.size) < 0.1
                    ):
                        duplicate = True
                        break
                if duplicate:
                    break
            if duplicate:
                break
        if duplicate:
            dropped += 1
            continue
        seen.setdefault((glyph.text, cell_x, cell_y), []).append(glyph)
        kept.append(glyph)
        previous = glyph
    return kept, dropped


def dedupe_chars(chars: Chars) -> tuple[Chars, int]:
    """`dedupe` on a page's columns; pages without a possible duplicate are not turned into
    `Glyph`s at all."""
    if not _may_have_duplicates(chars):
        return chars, 0
    kept, dropped = dedupe(chars.glyphs())
    return Chars.of(kept), dropped


def _may_have_duplicates(glyphs: list[Glyph] | Chars) -> bool:
    """Cheap test: do two glyphs of one character start within a point of each other?

    Any such pair falls into one cell of at least one of four grids of 2-point cells shifted by
    a point across and up, so a page without a shared cell has no duplicate to look for.
    """
    if len(glyphs) < 2:
        return False
    chars = glyphs if isinstance(glyphs, Chars) else Chars.of(glyphs)
    codes = np.array([ord(t[0]) for t in chars.text], dtype=np.int64)
    xs, ys = chars.left, chars.bottom
    keep = codes != 32
    codes, xs, ys = codes[keep], xs[keep], ys[keep]
    for shift_x in (0.0, 1.0):
        cell_x = np.floor((xs + shift_x) / 2.0).astype(np.int64)
        for shift_y in (0.0, 1.0):
            cell_y = np.floor((ys + shift_y) / 2.0).astype(np.int64)
            keys = (codes << 40) ^ ((cell_x & 0xFFFFF) << 20) ^ (cell_y & 0xFFFFF)
            if np.unique(keys).size < keys.size:
                return True
    return False
