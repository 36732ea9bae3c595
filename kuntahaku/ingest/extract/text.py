"""Plain-text handler: any encoding (BOM, strict UTF-8, else charset-normalizer), one pseudo-page.

Form feeds split the text into pages, as `pdftotext` writes them.
"""

from __future__ import annotations

from pathlib import Path

from kuntahaku.config import Settings
from kuntahaku.errors import EmptyFile
from kuntahaku.ingest.extract.encoding import decode
from kuntahaku.models import Document, Page


class TextHandler:
    """Plain text files (.txt, .text)."""

    format = "text"
    extensions = frozenset({".txt", ".text"})

    def score(self, path: Path, head: bytes) -> int:
        """50 for a text extension; nothing else claims to be plain text."""
        return 50 if path.suffix.lower() in self.extensions else 0

    def extract(self, path: Path, settings: Settings, doc: Document) -> list[Page]:
        """Decode the file and split it at form feeds into pages."""
        text, _encoding = decode(path.read_bytes(), warnings=doc.warnings)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if not text.strip():
            raise EmptyFile("no text in the file (only whitespace)")
        chunks = text.split("\f")
        return [Page(number=i + 1, raw_text=chunk) for i, chunk in enumerate(chunks)]
