"""An independent reading of a source file, page by page, for word coverage and numbers.

PDF: poppler's `pdftotext` (reading order, UTF-8), pages split at form feeds: a different
extractor from ours, which joins words hyphenated at line ends as poppler judges them. HTML: the
text of the document's body as a browser would lay it out in blocks (script, style, head and
comments dropped, block elements and <br> end a line), decoded with charset-normalizer like any
reader would. Text files: their lines as decoded. HTML and text are one page.
"""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

from charset_normalizer import from_bytes

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
            self.parts.append(" ".join(data.split()) if data.strip() else " ")


def _decode(raw: bytes) -> str:
    best = from_bytes(raw).best()
    return str(best) if best is not None else raw.decode("utf-8", errors="replace")


def pdf_pages(path: Path) -> list[str]:
    """The text of every page by `pdftotext` (empty list when poppler is not installed)."""
    binary = shutil.which("pdftotext")
    if binary is None:
        return []
    done = subprocess.run(
        [binary, "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=False,
        timeout=300,
    )
    pages = done.stdout.decode("utf-8", errors="replace").split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return pages


def html_text(raw: bytes) -> str:
    """Visible text of an HTML document, one line per block."""
    parser = _Text()
    parser.feed(_decode(raw))
    parser.close()
    return "".join(parser.parts)


def read_pages(path: Path) -> tuple[str, list[str]]:
    """(method, page texts) of the independent reading of `path`."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return "pdftotext", pdf_pages(path)
    raw = path.read_bytes()
    if suffix in {".htm", ".html", ".xhtml"}:
        return "html.parser", [html_text(raw)]
    return "text", [_decode(raw)]
