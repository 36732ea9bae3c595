"""Characters of a PDF page from pdfium: code point, box, font size and weight, in stream order.

pdfium's text rectangles are cheap but not exact: a glyph that overhangs its neighbour (an italic
`f`, a kerned `fe`) falls into two rectangles, and reading each rectangle's text then repeats
letters ("förvaltningschefefer"). Reading characters one by one gives every glyph to exactly one
line, and gives the font size and weight that headings and tables are told by. Font facts are read
once per text object (a text object has one font), so the cost per character is three calls.
"""

from __future__ import annotations

import ctypes
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


def read_glyphs(textpage: pdfium.PdfTextPage) -> list[Glyph]:
    """Every character of the page in stream order; line ends pdfium inferred are left out.

    Boxes are the glyphs' ink, as pdfium's text rectangles are: a rule drawn just under a line
    of text stays a line of its own.
    """
    count = pdfium_c.FPDFText_CountChars(textpage)
    if count <= 0:
        return []
    text = textpage.get_text_range(0, count)
    if len(text) != count:  # characters outside the BMP: read code points one by one
        text = "".join(_char(_GET_UNICODE(_raw(textpage), k)) for k in range(count))
    get_box, get_object = _GET_BOX, _GET_OBJECT
    raw = _raw(textpage)
    box = (ctypes.c_double * 4)()  # left, right, bottom, top
    base = ctypes.addressof(box)
    p_left, p_right, p_bottom, p_top = base, base + 8, base + 16, base + 24
    fonts: dict[int, _Font] = {}
    glyphs: list[Glyph] = []
    append = glyphs.append
    for k, char in enumerate(text):
        if char in "\r\n" or not char:
            continue
        get_box(raw, k, p_left, p_right, p_bottom, p_top)
        left, right, bottom, top = box
        if char in " \xa0":
            append(Glyph(char, left, bottom, right, top, 0.0, False, k, True, -1))
            continue
        if char in _SOFT and glyphs and glyphs[-1].left == left and glyphs[-1].right == right:
            continue  # a glyph mapped to itself and a soft hyphen ("§" + U+00AD), not a hyphen
        handle = get_object(raw, k) or 0
        font = fonts.get(handle)
        if font is None:
            font = fonts[handle] = _font(textpage, k)
        append(Glyph(char, left, bottom, right, top, font.size, font.bold, k, False, handle))
    return glyphs


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


def _may_have_duplicates(glyphs: list[Glyph]) -> bool:
    """Cheap test: do two glyphs of one character start within a point of each other?

    Any such pair falls into one cell of at least one of four grids of 2-point cells shifted by
    a point across and up, so a page without a shared cell has no duplicate to look for.
    """
    if len(glyphs) < 2:
        return False
    codes = np.fromiter((ord(g.text[0]) for g in glyphs), dtype=np.int64, count=len(glyphs))
    xs = np.fromiter((g.left for g in glyphs), dtype=np.float64, count=len(glyphs))
    ys = np.fromiter((g.bottom for g in glyphs), dtype=np.float64, count=len(glyphs))
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
