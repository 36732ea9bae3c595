"""Word (.docx) handler: paragraphs, headings, lists and tables in document order, with pages.

python-docx opens the package and resolves styles; the body is walked in its XML order so that
tables stay where they stand. Word records where it last broke pages when it saved the file
(`w:lastRenderedPageBreak`): those give the pages a reader saw. Without them, hard page breaks
(`w:br w:type="page"`, "page break before") do. The first section's header (the letterhead: the
municipality, the document type) is read as the top of page 1; footers are left out.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from kuntahaku.config import Settings
from kuntahaku.errors import CorruptFile, EncryptedFile
from kuntahaku.ingest.extract.plainform import PageWriter
from kuntahaku.models import Document, Page

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEADING_STYLES = ("heading", "otsikko", "rubrik", "title")


class DocxHandler:
    """Word 2007+ documents (.docx, .docm)."""

    format = "docx"
    extensions = frozenset({".docx", ".docm"})

    def score(self, path: Path, head: bytes) -> int:
        """60 for a .docx name (even when broken, so the error names the format)."""
        return 60 if path.suffix.lower() in self.extensions else 0

    def extract(self, path: Path, settings: Settings, doc: Document) -> list[Page]:
        """Pages of the document's body in the plain form."""
        document = open_docx(path)
        writer = PageWriter()
        use_rendered = any(True for _ in document.element.body.iter(W + "lastRenderedPageBreak"))
        for section in document.sections[:1]:
            for block in section.header.paragraphs:
                writer.paragraph(block.text)
        styles = {s.style_id: str(s.name or s.style_id) for s in document.styles}
        _walk(document.element.body, writer, styles, use_rendered)
        return writer.pages("Word document")


def open_docx(path: Path) -> Any:
    """The python-docx Document; CorruptFile or EncryptedFile for what Word itself would refuse."""
    import docx  # python-docx: imported here, only files of this kind need it

    with path.open("rb") as fh:
        head = fh.read(8)
    if head == _OLE_MAGIC:
        # A password-protected .docx is an OLE container holding the encrypted package.
        raise EncryptedFile("encrypted Word document (password protected)")
    if not zipfile.is_zipfile(path):
        raise CorruptFile("corrupt Word document (not a valid .docx package)")
    try:
        return docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise CorruptFile("corrupt Word document (not a valid .docx package)") from exc
    except Exception as exc:  # python-docx raises its own PackageNotFoundError and lxml errors
        raise CorruptFile(f"corrupt Word document ({type(exc).__name__})") from exc


def _walk(parent: Any, writer: PageWriter, styles: dict[str, str], use_rendered: bool) -> None:
    for child in parent.iterchildren():
        tag = child.tag
        if tag == W + "p":
            _paragraph(child, writer, styles, use_rendered)
        elif tag == W + "tbl":
            writer.table(_table_rows(child))
        elif tag == W + "sdt":  # content controls wrap ordinary paragraphs and tables
            content = child.find(W + "sdtContent")
            if content is not None:
                _walk(content, writer, styles, use_rendered)


def _paragraph(p: Any, writer: PageWriter, styles: dict[str, str], use_rendered: bool) -> None:
    ppr = p.find(W + "pPr")
    if not use_rendered and ppr is not None and ppr.find(W + "pageBreakBefore") is not None:
        writer.page_break()
    parts: list[str] = []
    for node in p.iter(W + "t", W + "tab", W + "br", W + "cr", W + "lastRenderedPageBreak"):
        if node.tag == W + "t":
            parts.append(node.text or "")
        elif node.tag == W + "tab":
            parts.append("\t")
        elif node.tag == W + "cr" or (node.tag == W + "br" and node.get(W + "type") != "page"):
            parts.append("\n")
        elif _is_break(node, use_rendered):
            _emit(p, "".join(parts), writer, styles)
            parts = []
            writer.page_break()
    _emit(p, "".join(parts), writer, styles)


def _is_break(node: Any, use_rendered: bool) -> bool:
    if node.tag == W + "lastRenderedPageBreak":
        return use_rendered
    return not use_rendered and node.get(W + "type") == "page"


def _emit(p: Any, text: str, writer: PageWriter, styles: dict[str, str]) -> None:
    if not text.strip():
        return
    ppr = p.find(W + "pPr")
    style = _style_name(ppr, styles).lower()
    if ppr is not None and (ppr.find(W + "outlineLvl") is not None or _is_heading(style)):
        writer.heading(text)
    elif ppr is not None and (ppr.find(W + "numPr") is not None or "list" in style):
        writer.list_item(text)
    else:
        writer.paragraph(text)


def _is_heading(style: str) -> bool:
    return style.startswith(_HEADING_STYLES)


def _style_name(ppr: Any, styles: dict[str, str]) -> str:
    if ppr is None:
        return ""
    pstyle = ppr.find(W + "pStyle")
    if pstyle is None:
        return ""
    style_id = pstyle.get(W + "val") or ""
    return styles.get(style_id, style_id)


def _table_rows(tbl: Any) -> list[list[str]]:
    rows: list[list[str]] = []
    for tr in tbl.iter(W + "tr"):
        if tr.getparent() is not tbl:
            continue  # rows of nested tables are read inside their cell
        cells = []
        for tc in tr.iterchildren(W + "tc"):
            texts = ["".join(t.text or "" for t in p.iter(W + "t")) for p in tc.iter(W + "p")]
            cells.append(" ".join(t for t in texts if t.strip()))
        rows.append(cells)
    return rows
