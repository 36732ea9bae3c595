"""Plain-text handler (interim)."""

from __future__ import annotations

from pathlib import Path

from charset_normalizer import from_bytes

from kuntahaku.config import Settings
from kuntahaku.models import Document, Page


class TextHandler:
    """Plain text in any encoding."""

    format = "text"
    extensions = frozenset({".txt", ".text", ".md"})

    def score(self, path: Path, head: bytes) -> int:
        return 50 if path.suffix.lower() in self.extensions else 0

    def extract(self, path: Path, settings: Settings, doc: Document) -> list[Page]:
        best = from_bytes(path.read_bytes()).best()
        text = str(best) if best else ""
        return [Page(number=1, raw_text=text)]
