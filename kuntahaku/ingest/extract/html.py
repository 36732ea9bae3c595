"""HTML handler (interim)."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from kuntahaku.config import Settings
from kuntahaku.models import Document, Page


class HtmlHandler:
    """HTML pages."""

    format = "html"
    extensions = frozenset({".html", ".htm"})

    def score(self, path: Path, head: bytes) -> int:
        return 60 if path.suffix.lower() in self.extensions else 0

    def extract(self, path: Path, settings: Settings, doc: Document) -> list[Page]:
        raw = path.read_bytes().decode("cp1252", errors="replace")
        text = unescape(re.sub(r"<[^>]+>", "\n", raw))
        return [Page(number=1, raw_text=text)]
