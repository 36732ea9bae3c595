"""An independent reading of a source file, page by page, for word coverage and numbers.

PDF: the word boxes of poppler's `pdftotext -bbox` (a different extractor from ours), put into
printed lines by their vertical position and ordered left to right; words are joined by one space
when they stand close (a thousands separator, a space between words) and by three when the gap is
wider than half the line height (table cells, label columns), so that two cells "151   174" are
never read as one number "151 174". Nothing is dehyphenated: a word broken at a line end keeps
its hyphen, and the scorer reads it as a reader would. HTML: the
text of the document's body as a browser would lay it out in blocks (script, style, head and
comments dropped, block elements and <br> end a line), decoded with charset-normalizer like any
reader would. Text files: their lines as decoded. HTML and text are one page.
"""

from __future__ import annotations

import html
import itertools
import re
import shutil
import subprocess
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from charset_normalizer import from_bytes

from bench.structure.scoring import Line, Segment

_BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot",
    "th", "thead", "title", "tr", "ul",
}  # fmt: skip
_HIDDEN = {"script", "style", "head", "noscript", "template"}


class _Text(HTMLParser):
    """Collects visible text with a line break at every block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Block elements start a line; hidden elements hide their content."""
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        """Block elements end a line."""
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        """Visible text, with runs of whitespace as one space."""
        if not self.hidden:
            inner = " ".join(data.split())
            lead = " " if data[:1].isspace() else ""
            trail = " " if data[-1:].isspace() else ""
            self.parts.append(lead + inner + trail if inner else " ")


def _decode(raw: bytes) -> str:
    best = from_bytes(raw).best()
    return str(best) if best is not None else raw.decode("utf-8", errors="replace")


@dataclass
class Reading:
    """The independent reading of one file: how it was made and the printed lines of every
    page, each line as segments (columns, cells) with their horizontal extent."""

    method: str
    pages: list[list[Line]]


_PAGE = re.compile(r"<page\b[^>]*>(.*?)</page>", re.S)
_BOX = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', re.S
)
WIDE_GAP = 0.5  # a gap wider than this share of the line height separates cells


def _lines(words: list[tuple[float, float, float, float, str]]) -> list[Line]:
    """Word boxes of one page as printed lines, top to bottom, each left to right in segments:
    words closer than half the line height belong to one segment."""
    rows: list[list[tuple[float, float, float, float, str]]] = []
    for word in sorted(words, key=lambda w: (w[1], w[0])):
        height = max(word[3] - word[1], 1.0)
        if rows and abs(word[1] - rows[-1][0][1]) < 0.4 * height:
            rows[-1].append(word)
        else:
            rows.append([word])
    out: list[Line] = []
    for row in rows:
        row.sort(key=lambda w: w[0])
        segments = [[row[0]]]
        for prev, word in itertools.pairwise(row):
            if word[0] - prev[2] > WIDE_GAP * max(word[3] - word[1], 1.0):
                segments.append([word])
            else:
                segments[-1].append(word)
        out.append(
            tuple(Segment(seg[0][0], seg[-1][2], " ".join(w[4] for w in seg)) for seg in segments)
        )
    return out


def pdf_pages(path: Path) -> list[list[Line]]:
    """The printed lines of every page from `pdftotext -bbox` (empty without poppler)."""
    binary = shutil.which("pdftotext")
    if binary is None:
        return []
    done = subprocess.run(
        [binary, "-bbox", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=False,
        timeout=300,
    )
    xml = done.stdout.decode("utf-8", errors="replace")
    pages = []
    for page in _PAGE.findall(xml):
        boxes = [
            (float(a), float(b), float(c), float(d), html.unescape(t))
            for a, b, c, d, t in _BOX.findall(page)
        ]
        pages.append(_lines(boxes))
    return pages


def html_text(raw: bytes) -> str:
    """Visible text of an HTML document, one line per block."""
    parser = _Text()
    parser.feed(_decode(raw))
    parser.close()
    return "".join(parser.parts)


def doc_text(path: Path) -> str:
    """Text of a Word 97-2003 file by antiword (tables as `|` cells), "" where it is missing."""
    try:
        done = subprocess.run(
            ["antiword", "-w", "0", "-m", "UTF-8.txt", str(path)],
            capture_output=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.decode("utf-8", errors="replace").replace("|", " ")


def read_pages(path: Path) -> Reading:
    """The independent reading of `path`."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return Reading("pdftotext -bbox", pdf_pages(path))
    raw = path.read_bytes()
    if suffix in {".htm", ".html", ".xhtml"}:
        return Reading("html.parser", [_text_lines(html_text(raw))])
    if suffix == ".doc":
        return Reading("antiword", [_text_lines(doc_text(path))])
    return Reading("text", [_text_lines(_decode(raw))])


def _text_lines(text: str) -> list[Line]:
    """Lines of a text, each one segment (HTML and text have no columns to keep apart)."""
    return [(Segment(0.0, 1.0, ln.strip()),) for ln in text.splitlines() if ln.strip()]
