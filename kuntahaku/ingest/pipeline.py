"""The ingestion pipeline: the order of stages, written once, and the run of one file through it.

Contract of a stage: `run(doc, settings) -> doc`. It reads what earlier stages filled in, fills in
its own part, and raises an `IngestError` for input it cannot handle. It never touches the index.
`process_file` turns any failure into a failed `Document` record: a bad file never stops a batch.
"""

from __future__ import annotations

import hashlib
import logging
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from kuntahaku.config import Settings
from kuntahaku.errors import IngestError
from kuntahaku.ingest import clean, entities, extract, language, metadata, segment
from kuntahaku.models import STATUS_FAILED, STATUS_OK, Document
from kuntahaku.text.lemmas import preload as preload_lemmas

log = logging.getLogger(__name__)

StageFn = Callable[[Document, Settings], Document]

# The order of stages. Each entry: (name, function).
STAGES: tuple[tuple[str, StageFn], ...] = (
    ("extract", extract.run),
    ("clean", clean.run),
    ("language", language.run),
    ("metadata", metadata.run),
    ("segment", segment.run),
    ("entities", entities.run),
)


def prepare() -> None:
    """Load now what the stages otherwise load on first use: the language profiles, the lemma
    analysers of every language, the tagging pipelines and the gazetteer (a second or more).

    Worker processes started by fork afterwards inherit them instead of each loading its own,
    and the process that writes the index has its lemma analysers ready.
    """
    language.prepare()
    preload_lemmas()
    entities.prepare()


def doc_id_for(path: Path) -> str:
    """A stable id for a source file: 12 hex digits of the SHA-1 of its absolute path."""
    return hashlib.sha1(str(path.resolve()).encode("utf-8")).hexdigest()[:12]


def file_sha256(path: Path) -> str:
    """Content hash used to skip unchanged files on re-ingest."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def process_file(path: Path, settings: Settings, sha256: str = "", doc_id: str = "") -> Document:
    """Run one file through every stage; never raises, returns a failed record instead.

    `doc_id` names the document when it is not the file's own (a copy of a file read
    elsewhere, see `cluster.py`)."""
    doc = Document(doc_id=doc_id or doc_id_for(path), path=str(path.resolve()), sha256=sha256)
    try:
        if not doc.sha256:
            doc.sha256 = file_sha256(path)
        for name, stage in STAGES:
            started, cpu = time.perf_counter(), time.process_time()
            doc = stage(doc, settings)
            log.debug(
                "%s: %s took %.3fs (%.3fs CPU)",
                path.name,
                name,
                time.perf_counter() - started,
                time.process_time() - cpu,
            )
        doc.status = STATUS_OK
        doc.error = ""
    except IngestError as exc:
        doc.status, doc.error = STATUS_FAILED, str(exc)
    except OSError as exc:
        doc.status, doc.error = STATUS_FAILED, f"cannot read file: {exc.strerror or exc}"
    except Exception as exc:  # a bug of ours must not stop the batch; keep it visible
        log.debug("internal error on %s\n%s", path, traceback.format_exc())
        doc.status = STATUS_FAILED
        doc.error = f"internal error ({type(exc).__name__}: {exc})"
    if doc.status == STATUS_FAILED:
        doc.pages, doc.blocks, doc.passages, doc.mentions = [], [], [], []
    return doc
