"""Extraction stage: pick a handler for the file by score and read its pages of raw text."""

from __future__ import annotations

from pathlib import Path

from kuntahaku.config import Settings
from kuntahaku.errors import EmptyFile, UnreadableFile, UnsupportedFormat
from kuntahaku.ingest.extract.base import Handler
from kuntahaku.ingest.extract.html import HtmlHandler
from kuntahaku.ingest.extract.pdf import PdfHandler
from kuntahaku.ingest.extract.text import TextHandler
from kuntahaku.models import Document

HANDLERS: tuple[Handler, ...] = (PdfHandler(), HtmlHandler(), TextHandler())
SUPPORTED_EXTENSIONS: frozenset[str] = frozenset(
    ext for h in HANDLERS for ext in h.extensions
)


def choose_handler(path: Path, head: bytes) -> Handler:
    """The handler with the highest score for this file; UnsupportedFormat when none wants it."""
    scored = [(h.score(path, head), h) for h in HANDLERS]
    score, best = max(scored, key=lambda t: t[0])
    if score <= 0:
        raise UnsupportedFormat(
            f"unsupported format {path.suffix or '(no extension)'!r}: "
            f"kuntahaku reads {', '.join(sorted(SUPPORTED_EXTENSIONS))}"
        )
    return best


def run(doc: Document, settings: Settings) -> Document:
    """Fill `doc.pages` with raw text (and `doc.format`, `doc.size`) from the file at `doc.path`."""
    path = Path(doc.path)
    if path.is_dir():
        raise UnreadableFile("is a directory")
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
        doc.size = path.stat().st_size
    except PermissionError as exc:
        raise UnreadableFile("permission denied") from exc
    if doc.size == 0:
        raise EmptyFile("empty file (0 bytes)")
    handler = choose_handler(path, head)
    doc.format = handler.format
    doc.pages = handler.extract(path, settings, doc)
    if not doc.pages:
        raise EmptyFile("no pages")
    return doc
