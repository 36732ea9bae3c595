"""Legacy Word (.doc, Word 97-2003) handler through antiword, a converter from Debian's packages.

antiword writes the text with tables as `|cell |cell |` lines and a form feed at each hard page
break. Where antiword is not installed, a .doc file fails with one line that says what to install;
every other format still works.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from kuntahaku.config import Settings
from kuntahaku.errors import CorruptFile, EncryptedFile, MissingTool
from kuntahaku.ingest.extract.plainform import PageWriter
from kuntahaku.models import Document, Page

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
TIMEOUT_S = 120


class DocHandler:
    """Word 97-2003 binary documents (.doc, .dot)."""

    format = "doc"
    extensions = frozenset({".doc", ".dot"})

    def score(self, path: Path, head: bytes) -> int:
        """70 for a .doc name with the OLE signature, 50 for the name alone."""
        if path.suffix.lower() not in self.extensions:
            return 0
        return 70 if head.startswith(OLE_MAGIC) else 50

    def extract(self, path: Path, settings: Settings, doc: Document) -> list[Page]:
        """Pages of antiword's text (split at form feeds) in the plain form."""
        binary = shutil.which("antiword")
        if binary is None:
            raise MissingTool(
                "legacy Word .doc needs antiword, which is not installed "
                "(Debian: apt-get install antiword)"
            )
        try:
            result = subprocess.run(
                [binary, "-m", "UTF-8.txt", "-w", "0", str(path)],
                capture_output=True,
                timeout=TIMEOUT_S,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise CorruptFile(f"antiword took over {TIMEOUT_S} s on this .doc file") from exc
        message = result.stderr.decode("utf-8", "replace").strip()
        if result.returncode != 0 or not result.stdout.strip():
            if "encrypt" in message.lower() or "password" in message.lower():
                raise EncryptedFile("encrypted Word document (password protected)")
            reason = message.splitlines()[-1] if message else "no text"
            raise CorruptFile(f"not a readable Word 97-2003 document ({reason})")
        writer = PageWriter()
        for page_no, chunk in enumerate(result.stdout.decode("utf-8", "replace").split("\f")):
            if page_no:
                writer.page_break()
            _write_blocks(chunk, writer)
        return writer.pages("Word document")


def _write_blocks(text: str, writer: PageWriter) -> None:
    rows: list[list[str]] = []
    paragraph: list[str] = []

    def flush_paragraph() -> None:
        if paragraph:
            writer.paragraph(" ".join(paragraph))
            paragraph.clear()

    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("|") and stripped.endswith("|"):
            flush_paragraph()
            rows.append(stripped[1:-1].split("|"))
            continue
        if rows:
            writer.table(_merge_continuations(rows))
            rows = []
        if stripped:
            paragraph.append(stripped)
        else:
            flush_paragraph()
    flush_paragraph()
    if rows:
        writer.table(_merge_continuations(rows))


def _merge_continuations(rows: list[list[str]]) -> list[list[str]]:
    """antiword wraps a cell over several lines as rows whose first cell is empty; join them."""
    merged: list[list[str]] = []
    for row in rows:
        cells = [c.strip() for c in row]
        if merged and cells and not cells[0] and len(cells) == len(merged[-1]):
            merged[-1] = [f"{a} {b}".strip() for a, b in zip(merged[-1], cells, strict=True)]
        else:
            merged.append(cells)
    return merged
