"""The contract of a format handler."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from kuntahaku.config import Settings
from kuntahaku.models import Document, Page


class Handler(Protocol):
    """Reads one format. `score` says how well it fits a file (0: not at all); `extract`
    returns 1-based pages of raw text, or raises an IngestError naming the reason."""

    format: str
    extensions: frozenset[str]

    def score(self, path: Path, head: bytes) -> int: ...

    def extract(self, path: Path, settings: Settings, doc: Document) -> list[Page]: ...
