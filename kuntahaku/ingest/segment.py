"""Segmentation stage (interim): one passage per block group."""

from __future__ import annotations

from kuntahaku.config import Settings
from kuntahaku.models import Document, Passage


def run(doc: Document, settings: Settings) -> Document:
    """Fill `doc.passages`."""
    doc.passages = []
    for i, b in enumerate(doc.blocks):
        doc.passages.append(Passage(passage_id=f"{doc.doc_id}:{i:04d}", doc_id=doc.doc_id,
                                    ordinal=i, text=b.text, pages=[b.page], lang=b.lang))
    return doc
