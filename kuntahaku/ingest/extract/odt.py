"""OpenDocument text (.odt) handler: headings, paragraphs, lists and tables, with pages.

odfpy parses the package; the text body is walked in order. LibreOffice records where its layout
broke pages when it saved the file (`text:soft-page-break`): those give the pages a reader saw.
Without them, paragraph styles that break before or after a paragraph do.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from kuntahaku.config import Settings
from kuntahaku.errors import CorruptFile
from kuntahaku.ingest.extract.plainform import PageWriter
from kuntahaku.models import Document, Page

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"


class OdtHandler:
    """OpenDocument text documents (.odt, .ott)."""

    format = "odt"
    extensions = frozenset({".odt", ".ott"})

    def score(self, path: Path, head: bytes) -> int:
        """60 for an .odt name (even when broken, so the error names the format)."""
        return 60 if path.suffix.lower() in self.extensions else 0

    def extract(self, path: Path, settings: Settings, doc: Document) -> list[Page]:
        """Pages of the document's text in the plain form."""
        from odf.opendocument import load  # odfpy: imported here, only .odt files need it

        if not zipfile.is_zipfile(path):
            raise CorruptFile("corrupt OpenDocument file (not a valid .odt package)")
        try:
            odt = load(str(path))
        except (zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise CorruptFile("corrupt OpenDocument file (not a valid .odt package)") from exc
        except Exception as exc:  # odfpy raises bare XML and zip errors of several kinds
            raise CorruptFile(f"corrupt OpenDocument file ({type(exc).__name__})") from exc
        reader = _Reader(odt)
        reader.walk(odt.text)
        return reader.writer.pages("OpenDocument file")


class _Reader:
    """Walks the text body; knows which paragraph styles break pages."""

    def __init__(self, odt: Any) -> None:
        self.writer = PageWriter()
        self.soft = any(True for _ in _iter(odt.text, TEXT, "soft-page-break"))
        self.before, self.after = _breaking_styles(odt) if not self.soft else (set(), set())

    def walk(self, node: Any, in_list: bool = False) -> None:
        for child in node.childNodes:
            ns, name = getattr(child, "qname", (None, None))
            if ns == TEXT and name == "soft-page-break":
                self.writer.page_break()
            elif ns == TEXT and name == "h":
                self._block(child, self.writer.heading)
            elif ns == TEXT and name == "p":
                self._block(child, self.writer.list_item if in_list else self.writer.paragraph)
            elif ns == TEXT and name in ("list", "list-item", "list-header"):
                self.walk(child, in_list=True)
            elif ns == TABLE and name == "table":
                self.writer.table(_rows(child))
            elif ns == TEXT and name in ("section", "index-body", "table-of-content"):
                self.walk(child, in_list)

    def _block(self, node: Any, write: Any) -> None:
        style = _attr(node, TEXT, "style-name")
        if style in self.before:
            self.writer.page_break()
        for part in _split_at_soft_breaks(node):
            if part is None:
                self.writer.page_break()
            else:
                write(part)
        if style in self.after:
            self.writer.page_break()


def _split_at_soft_breaks(node: Any) -> list[str | None]:
    """The paragraph's text, with None where a soft page break falls inside it."""
    parts: list[str | None] = []
    current: list[str] = []

    def visit(n: Any) -> None:
        if n.nodeType == n.TEXT_NODE:
            current.append(str(n.data))
            return
        ns, name = n.qname
        if ns == TEXT and name == "s":
            current.append(" " * int(_attr(n, TEXT, "c") or 1))
        elif ns == TEXT and name == "tab":
            current.append("\t")
        elif ns == TEXT and name == "line-break":
            current.append("\n")
        elif ns == TEXT and name == "soft-page-break":
            parts.append("".join(current))
            current.clear()
            parts.append(None)
        elif ns == TEXT and name in ("note", "annotation"):
            return  # footnotes and comments are not the paragraph's text
        else:
            for c in n.childNodes:
                visit(c)

    for child in node.childNodes:
        visit(child)
    parts.append("".join(current))
    return [p for p in parts if p is None or p.strip()]


def _rows(table: Any) -> list[list[str]]:
    rows: list[list[str]] = []
    for row in _iter(table, TABLE, "table-row"):
        cells = []
        for cell in row.childNodes:
            if getattr(cell, "qname", None) == (TABLE, "table-cell"):
                texts = [
                    "".join(p for p in _split_at_soft_breaks(par) if p)
                    for par in _iter(cell, TEXT, "p")
                ]
                cells.append(" ".join(t for t in texts if t.strip()))
        rows.append(cells)
    return rows


def _breaking_styles(odt: Any) -> tuple[set[str], set[str]]:
    before: set[str] = set()
    after: set[str] = set()
    for styles in (odt.automaticstyles, odt.styles):
        for style in _iter(styles, STYLE, "style"):
            name = _attr(style, STYLE, "name")
            for props in _iter(style, STYLE, "paragraph-properties"):
                if _attr(props, FO, "break-before") == "page":
                    before.add(name)
                if _attr(props, FO, "break-after") == "page":
                    after.add(name)
    return before, after


def _iter(node: Any, ns: str, name: str) -> Any:
    for child in getattr(node, "childNodes", ()):
        if getattr(child, "qname", None) == (ns, name):
            yield child
        yield from _iter(child, ns, name)


def _attr(node: Any, ns: str, name: str) -> str:
    value = node.attributes.get((ns, name)) if hasattr(node, "attributes") else None
    return str(value) if value is not None else ""
