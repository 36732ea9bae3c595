"""Language stage (interim)."""

from __future__ import annotations

from kuntahaku.config import Settings
from kuntahaku.models import Document


def run(doc: Document, settings: Settings) -> Document:
    """Set block and document languages."""
    for b in doc.blocks:
        b.lang = "fi"
    doc.lang, doc.languages = "fi", ["fi"]
    return doc
