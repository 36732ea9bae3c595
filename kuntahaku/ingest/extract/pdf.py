"""PDF handler (interim: pypdfium2 text per page)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from kuntahaku.config import Settings
from kuntahaku.errors import CorruptFile, EmptyFile, EncryptedFile
from kuntahaku.models import Document, Page


class PdfHandler:
    """PDF files."""

    format = "pdf"
    extensions = frozenset({".pdf"})

    def score(self, path: Path, head: bytes) -> int:
        if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
            return 100
        return 10 if path.suffix.lower() == ".pdf" else 0

    def extract(self, path: Path, settings: Settings, doc: Document) -> list[Page]:
        try:
            pdf = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError as exc:
            msg = str(exc).lower()
            if "password" in msg:
                raise EncryptedFile("encrypted PDF (password required)") from exc
            raise CorruptFile(f"not a readable PDF ({exc})") from exc
        try:
            if len(pdf) == 0:
                raise EmptyFile("PDF has no pages")
            pages = []
            for i in range(len(pdf)):
                tp = pdf[i].get_textpage()
                pages.append(Page(number=i + 1, raw_text=tp.get_text_bounded()))
            return pages
        finally:
            pdf.close()
