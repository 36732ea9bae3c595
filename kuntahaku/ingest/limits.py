"""Bounds on the memory and time one document may take, so that a hostile or broken file
fails on its own with a clear line instead of exhausting the machine.

The bounds, and why (docs: README "Limits"):

- `MAX_RENDER_PIXELS`: a page is rendered for OCR at the asked resolution only while the image
  stays under 20 megapixels (an A3 page at 300 dpi is 17.4); a larger page is rendered at the
  resolution that fits, and a page that would need less than `MIN_OCR_DPI` is skipped.
- `MAX_INFLATED_STREAM`: no deflated stream of a PDF may inflate past 256 MB (a scanned A4 page
  in colour at 300 dpi is 26 MB); checked before pdfium opens the file, in constant memory.
- `MAX_PAGE_CHARS`, `MAX_DOCUMENT_CHARS`: a page may hold 100,000 characters (a dense A4 page
  holds about 6,000), a document 8 million (the largest real one here, a state budget
  proposal, holds 2.3 million).

A page over a per-page bound (render size, characters) is skipped: the PDF handler puts an
empty page flagged `over_limit` in its place with a warning naming it, and the file's other
pages are read; a file whose every page is skipped, or that is over a per-document bound, fails
before the later stages see it.
- `MAX_TEXT_BYTES`: a text or HTML file may be 32 MB.
- `MAX_DOCUMENT_SECONDS`: extraction stops after 15 minutes of one document's pages.
"""

from __future__ import annotations

import math
import mmap
import re
import time
import zlib
from pathlib import Path

from kuntahaku.errors import ResourceLimit

MAX_RENDER_PIXELS = 20_000_000
MIN_OCR_DPI = 50
MAX_INFLATED_STREAM = 256 * 1024 * 1024
MAX_PAGE_CHARS = 100_000
MAX_DOCUMENT_CHARS = 8_000_000
MAX_TEXT_BYTES = 32 * 1024 * 1024
MAX_DOCUMENT_SECONDS = 15 * 60.0

# Deflate inflates at most about 1032:1, so a stream shorter than this cannot reach the bound.
_MIN_SUSPECT = MAX_INFLATED_STREAM // 1100
_STREAM = re.compile(rb"stream\r?\n")
_CHUNK = 1 << 20


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):,.0f} MB"


def render_scale(width_pt: float, height_pt: float, dpi: int) -> float:
    """The scale to render a page for OCR at: `dpi / 72`, or less to stay under
    `MAX_RENDER_PIXELS`; `ResourceLimit` when that would be under `MIN_OCR_DPI`."""
    scale = dpi / 72
    pixels = width_pt * height_pt * scale * scale
    if pixels <= MAX_RENDER_PIXELS:
        return scale
    fitted = scale * math.sqrt(MAX_RENDER_PIXELS / pixels)
    if fitted * 72 < MIN_OCR_DPI:
        raise ResourceLimit(
            f"page too large to OCR ({width_pt:,.0f} x {height_pt:,.0f} pt): it would need"
            f" more than {MAX_RENDER_PIXELS / 1e6:.0f} megapixels at {MIN_OCR_DPI} dpi"
        )
    return fitted


def check_pdf_streams(path: Path) -> None:
    """`ResourceLimit` when a deflated stream of the PDF inflates past `MAX_INFLATED_STREAM`.

    The file is mapped, not read; streams are found by their `stream` keyword and inflated in
    1 MB steps whose output is counted and dropped, so memory stays flat; streams too short to
    reach the bound are skipped.
    """
    with path.open("rb") as fh:
        try:
            data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError:  # an empty file: nothing to inflate
            return
        with data:
            starts = [m.end() for m in _STREAM.finditer(data)]
            for k, start in enumerate(starts):
                end = starts[k + 1] if k + 1 < len(starts) else len(data)
                if end - start < _MIN_SUSPECT:
                    continue
                if _inflated_size(data, start, end) > MAX_INFLATED_STREAM:
                    raise ResourceLimit(
                        "a compressed stream of the PDF inflates past"
                        f" {_mb(MAX_INFLATED_STREAM)} (a decompression bomb, or a stream no"
                        " document needs)"
                    )


def _inflated_size(data: mmap.mmap, start: int, end: int) -> int:
    """How many bytes zlib data at `start` inflates to, counting to just past the bound."""
    inflater = zlib.decompressobj()
    total = 0
    pos = start
    try:
        while pos < end and not inflater.eof and total <= MAX_INFLATED_STREAM:
            chunk = data[pos : min(pos + 65536, end)]
            pos += len(chunk)
            out = inflater.decompress(chunk, _CHUNK)
            total += len(out)
            while inflater.unconsumed_tail and total <= MAX_INFLATED_STREAM:
                out = inflater.decompress(inflater.unconsumed_tail, _CHUNK)
                total += len(out)
    except zlib.error:
        return total  # not deflated (or broken): pdfium decides
    return total


def check_text_size(size: int) -> None:
    """`ResourceLimit` for a text or HTML file larger than `MAX_TEXT_BYTES`."""
    if size > MAX_TEXT_BYTES:
        raise ResourceLimit(
            f"file too large: {_mb(size)}; a text or HTML file may be {_mb(MAX_TEXT_BYTES)}"
        )


def check_document_chars(chars: int) -> None:
    """`ResourceLimit` for a document holding more than `MAX_DOCUMENT_CHARS` characters."""
    if chars > MAX_DOCUMENT_CHARS:
        raise ResourceLimit(
            f"too much text: more than {MAX_DOCUMENT_CHARS:,} characters"
            " (the most one document may hold)"
        )


def check_page_chars(chars: int) -> None:
    """`ResourceLimit` for a page holding more than `MAX_PAGE_CHARS` characters."""
    if chars > MAX_PAGE_CHARS:
        raise ResourceLimit(
            f"a page holds {chars:,} characters, more than the {MAX_PAGE_CHARS:,} a page may hold"
        )


class Budget:
    """The text and time one document's pages have used so far, checked page by page."""

    def __init__(self) -> None:
        self.chars = 0
        self.started = time.monotonic()

    def page(self, number: int, text: str) -> None:
        """Count a page read; `ResourceLimit` once the document is over a bound."""
        self.chars += len(text)
        check_document_chars(self.chars)
        if time.monotonic() - self.started > MAX_DOCUMENT_SECONDS:
            raise ResourceLimit(
                f"reading took more than {MAX_DOCUMENT_SECONDS / 60:.0f} minutes"
                f" (stopped at page {number})"
            )
