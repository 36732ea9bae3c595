"""Metadata stage (interim)."""

from __future__ import annotations

from pathlib import Path

from kuntahaku.config import Settings
from kuntahaku.models import Document


def run(doc: Document, settings: Settings) -> Document:
    """Fill `doc.metadata`."""
    doc.metadata.title = Path(doc.path).stem
    return doc
