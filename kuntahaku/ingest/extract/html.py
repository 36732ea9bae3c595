"""HTML handler: the declared charset honoured, block structure kept, scripts and menus dropped.

The page text is written in the plain form the cleaning stage reads for every format: blocks
separated by blank lines, headings as `# Heading`, list items as `• item`, and table rows as one
line with cells joined by ` | `. Only the standard library's `html.parser` is used.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from kuntahaku.config import Settings
from kuntahaku.errors import EmptyFile
from kuntahaku.ingest.extract.encoding import bom_encoding, decode
from kuntahaku.models import Document, Page

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_SKIP = frozenset(
    {"script", "style", "nav", "noscript", "template", "head", "svg", "button", "select", "iframe"}
)
_BLOCK = frozenset(
    {
        "p", "div", "section", "article", "main", "aside", "header", "footer", "center",
        "table", "thead", "tbody", "tfoot", "ul", "ol", "dl", "dt", "dd", "blockquote",
        "pre", "address", "figure", "figcaption", "form", "fieldset", "hr", "body", "html",
        "caption",
    }
)  # fmt: skip
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "col", "wbr", "area", "base"})
CELL = "\x1f"  # marks a table cell boundary until rows are written out
BREAK = "\n\n"


class HtmlHandler:
    """HTML pages (.html, .htm); also files that start with `<!DOCTYPE html` or `<html`."""

    format = "html"
    extensions = frozenset({".html", ".htm", ".xhtml"})

    def score(self, path: Path, head: bytes) -> int:
        """60 for an HTML extension, 40 for HTML-looking content under another name."""
        if path.suffix.lower() in self.extensions:
            return 60
        start = head.lstrip()[:100].lower()
        return 40 if start.startswith((b"<!doctype html", b"<html")) else 0

    def extract(self, path: Path, settings: Settings, doc: Document) -> list[Page]:
        """One pseudo-page with the document's text in blocks."""
        data = path.read_bytes()
        text, _encoding = decode(
            data, declared="" if bom_encoding(data) else declared_charset(data)
        )
        page_text = html_to_text(text)
        if not page_text.strip():
            raise EmptyFile("no text in the HTML page")
        return [Page(number=1, raw_text=page_text)]


def declared_charset(data: bytes) -> str:
    """The charset a `<meta>` tag declares in the first 4 KB, or ""."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", errors="ignore") if match else ""


class _TextParser(HTMLParser):
    """Collects text with block, heading, list and table-cell marks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.pre_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            if tag not in _VOID:
                self.skip_depth += 1
            return
        if tag == "br":
            self.parts.append("\n")
        elif tag in _HEADINGS:
            self.parts.append(BREAK + "# ")
        elif tag == "li":
            self.parts.append(BREAK + "• ")
        elif tag in ("td", "th"):
            self.parts.append(CELL)
        elif tag == "tr":
            self.parts.append(BREAK)
        elif tag in _BLOCK:
            self.parts.append(BREAK)
            if tag == "pre":
                self.pre_depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK:
            self.parts.append(BREAK)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if tag in _HEADINGS or tag in _BLOCK or tag in ("li", "tr"):
            self.parts.append(BREAK)
            if tag == "pre":
                self.pre_depth = max(0, self.pre_depth - 1)
        elif tag in ("td", "th"):
            self.parts.append(CELL)

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        self.parts.append(data if self.pre_depth else re.sub(r"\s+", " ", data))


def html_to_text(markup: str) -> str:
    """HTML to plain text in blocks: headings `# `, list items `• `, table rows `a | b`."""
    parser = _TextParser()
    parser.feed(markup)
    parser.close()
    blocks: list[str] = []
    for block in re.split(r"\n\s*\n", "".join(parser.parts)):
        lines = []
        for line in block.split("\n"):
            cells = [c.strip() for c in line.split(CELL)]
            text = " | ".join(c for c in cells if c)
            if text and text not in ("#", "•"):
                lines.append(text)
        if lines:
            blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
