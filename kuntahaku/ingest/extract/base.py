"""The contract of a format handler.

Invariant: `extract` returns pages numbered 1..n in order, each with `raw_text` as the format gave
it (lines separated by newlines; table cells joined by ` | `), flags for pages whose text did not
come from a text layer, and never an empty list; bad input raises an `IngestError` subclass whose
message names the reason in a few words (the batch layer prefixes the file path).
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from kuntahaku.config import Settings
from kuntahaku.models import Document, Page


class Handler(Protocol):
    """Reads one format. `score` says how well it fits a file (0: not at all); the registry in
    `extract/__init__.py` picks the highest. `extract` returns 1-based pages of raw text."""

    format: str
    extensions: frozenset[str]

    def score(self, path: Path, head: bytes) -> int:
        """How well this handler fits a file, from its name and first bytes (0: not at all)."""
        ...

    def extract(self, path: Path, settings: Settings, doc: Document) -> list[Page]:
        """Pages of raw text; may add `doc.warnings`. Raises IngestError for bad input."""
        ...
