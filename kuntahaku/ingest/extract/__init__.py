"""Extraction stage: pick a handler for the file by score and read its pages of raw text.

Handlers live one per format (`pdf`, `text`, `html`, `docx`, `odt`, `rtf`, `doc`,
`cloudnc` for CloudNC's JSON API responses); the one with
the highest `score()` for the file's name and first bytes wins. Bad input ends here with a typed
error naming the reason.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pypdfium2 as pdfium

from kuntahaku.config import Settings
from kuntahaku.errors import (
    CorruptFile,
    EmptyFile,
    MissingPath,
    UnreadableFile,
    UnsupportedFormat,
)
from kuntahaku.ingest import limits
from kuntahaku.ingest.extract.base import Handler
from kuntahaku.ingest.extract.cloudnc import CloudncHandler
from kuntahaku.ingest.extract.doc import DocHandler
from kuntahaku.ingest.extract.docx import DocxHandler
from kuntahaku.ingest.extract.html import HtmlHandler
from kuntahaku.ingest.extract.odt import OdtHandler
from kuntahaku.ingest.extract.pdf import PdfHandler
from kuntahaku.ingest.extract.rtf import RtfHandler
from kuntahaku.ingest.extract.text import TextHandler
from kuntahaku.models import Document

__all__ = ["HANDLERS", "SUPPORTED_EXTENSIONS", "choose_handler", "run"]

HANDLERS: tuple[Handler, ...] = (
    PdfHandler(),
    HtmlHandler(),
    TextHandler(),
    DocxHandler(),
    OdtHandler(),
    RtfHandler(),
    DocHandler(),
    CloudncHandler(),
)
SUPPORTED_EXTENSIONS: frozenset[str] = frozenset(ext for h in HANDLERS for ext in h.extensions)
HEAD_BYTES = 4096


def choose_handler(path: Path, head: bytes) -> Handler:
    """The handler with the highest score for this file; UnsupportedFormat when none wants it."""
    score, best = max(((h.score(path, head), h) for h in HANDLERS), key=lambda t: t[0])
    if score <= 0:
        raise UnsupportedFormat(
            f"unsupported format {path.suffix or '(no extension)'!r}: "
            f"kuntahaku reads {', '.join(sorted(SUPPORTED_EXTENSIONS))}"
        )
    return best


def check_readable(path: Path) -> int:
    """The size of a regular, readable file; a typed error for anything else."""
    try:
        info = path.stat()
    except FileNotFoundError as exc:
        if path.is_symlink():
            raise MissingPath("broken symbolic link") from exc
        raise MissingPath("no such file") from exc
    except PermissionError as exc:
        raise UnreadableFile("permission denied") from exc
    except OSError as exc:
        raise UnreadableFile(f"cannot read file: {exc.strerror or exc}") from exc
    if stat.S_ISDIR(info.st_mode):
        raise UnreadableFile("is a directory")
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableFile("not a regular file (a pipe, socket or device)")
    if not os.access(path, os.R_OK):
        raise UnreadableFile("permission denied")
    return info.st_size


def run(doc: Document, settings: Settings) -> Document:
    """Fill `doc.pages` with raw text (and `doc.format`, `doc.size`) from the file at `doc.path`."""
    path = Path(doc.path)
    doc.size = check_readable(path)
    if doc.size == 0:
        raise EmptyFile("empty file (0 bytes)")
    try:
        with path.open("rb") as fh:
            head = fh.read(HEAD_BYTES)
    except PermissionError as exc:
        raise UnreadableFile("permission denied") from exc
    handler = choose_handler(path, head)
    doc.format = handler.format
    if handler.format == "pdf":
        limits.check_pdf_streams(path)
    else:
        limits.check_text_size(doc.size)
    try:
        doc.pages = handler.extract(path, settings, doc)
    except pdfium.PdfiumError as exc:  # a broken page tree, a page pdfium cannot load
        raise CorruptFile("corrupt PDF: a page cannot be loaded (its page tree is broken)") from exc
    if not doc.pages:
        raise EmptyFile("no pages")
    limits.check_document_chars(sum(len(p.raw_text) for p in doc.pages))
    if not doc.warnings and not any(p.raw_text.strip() for p in doc.pages):
        doc.warnings.append(
            f"no text found on its {len(doc.pages)} page(s): the document is blank (kept with"
            " no passages)"
        )
    return doc
