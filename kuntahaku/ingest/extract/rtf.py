"""RTF handler: text through striprtf, with pages at `\\page` and table rows kept as rows.

RTF names its code page (`\\ansicpg1252`); escaped bytes are decoded with it. Hard page breaks
(`\\page`) are the only pages RTF records.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import cast

from kuntahaku.config import Settings
from kuntahaku.errors import CorruptFile
from kuntahaku.ingest.extract.plainform import PageWriter
from kuntahaku.models import Document, Page

_MAGIC = b"{\\rtf"
_CODEPAGE = re.compile(rb"\\ansicpg(\d+)")
_PAGE = re.compile(r"\\page(?![a-z])\s?")
_PAGE_MARK = "KUNTAHAKU-PAGE-BREAK-7F3A"  # text no document contains, split on after conversion
_CELL_ROW = re.compile(r"^(.*\|)\s*$")


class RtfHandler:
    """Rich Text Format files (.rtf, and RTF saved under a .doc name)."""

    format = "rtf"
    extensions = frozenset({".rtf"})

    def score(self, path: Path, head: bytes) -> int:
        """90 for RTF content under any name (Word saves RTF as .doc), 30 for the name alone."""
        if head.lstrip()[:5] == _MAGIC:
            return 90
        return 30 if path.suffix.lower() in self.extensions else 0

    def extract(self, path: Path, settings: Settings, doc: Document) -> list[Page]:
        """Pages split at `\\page`, paragraphs at blank lines, rows as ` | ` lines."""
        from striprtf.striprtf import rtf_to_text  # imported here, only RTF files need it

        convert = cast("Callable[..., str]", rtf_to_text)

        data = path.read_bytes()
        if data.lstrip()[:5] != _MAGIC:
            raise CorruptFile("not an RTF file (no {\\rtf header)")
        match = _CODEPAGE.search(data[:4096])
        encoding = f"cp{match.group(1).decode()}" if match else "cp1252"
        try:
            "".encode(encoding)
        except LookupError:
            encoding = "cp1252"
        source = data.decode("latin-1")  # RTF itself is 7-bit; bytes above are escaped or rare
        source = _PAGE.sub(lambda _: f"\\par {_PAGE_MARK}\\par ", source)
        try:
            text = convert(source, encoding=encoding, errors="replace")
        except Exception as exc:  # striprtf raises plain errors on malformed groups
            raise CorruptFile(f"corrupt RTF file ({type(exc).__name__})") from exc
        writer = PageWriter()
        for page_no, chunk in enumerate(text.split(_PAGE_MARK)):
            if page_no:
                writer.page_break()
            _write_blocks(chunk, writer)
        return writer.pages("RTF file")


def _write_blocks(text: str, writer: PageWriter) -> None:
    rows: list[list[str]] = []
    for line in text.split("\n"):
        cells = _CELL_ROW.match(line)
        if cells:
            rows.append(cells.group(1).split("|")[:-1])
            continue
        if rows:
            writer.table(rows)
            rows = []
        writer.paragraph(line)
    if rows:
        writer.table(rows)
