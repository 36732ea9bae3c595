"""Cleaning stage (interim): page text from raw text, blocks from blank-line paragraphs."""

from __future__ import annotations

import re

from kuntahaku.config import Settings
from kuntahaku.models import Block, Document


def run(doc: Document, settings: Settings) -> Document:
    """Fill `page.text` and `doc.blocks`."""
    doc.blocks = []
    for page in doc.pages:
        page.text = page.raw_text.replace("\r", "")
        for para in re.split(r"\n\s*\n", page.text):
            if para.strip():
                doc.blocks.append(Block(page=page.number, text=para.strip()))
    return doc
