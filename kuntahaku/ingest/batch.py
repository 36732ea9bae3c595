"""Ingest a batch of paths: find files, skip unchanged ones, run the pipeline (in processes when
asked), and write each result to the store and the index as it arrives.

A failure is recorded and reported; it never stops the batch and never removes what was indexed.
"""

from __future__ import annotations

import itertools
import os
import pickle
import zlib
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from kuntahaku.config import Settings
from kuntahaku.errors import IngestError
from kuntahaku.ingest.extract import SUPPORTED_EXTENSIONS, check_readable
from kuntahaku.ingest.pipeline import doc_id_for, file_sha256, prepare, process_file
from kuntahaku.models import STATUS_OK, Document
from kuntahaku.search import open_index
from kuntahaku.store import DocumentStore
from kuntahaku.text.lemmas import PlainReadings, add_readings, record_readings, recorded_readings

# Finished documents are written to the index in one commit once they hold this many passages,
# or this many documents. Each whoosh commit writes a segment, and every segment costs each query
# a little (91 segments of 10^4 passages answered about half as fast as 12), while merging
# segments costs as much as indexing their passages again: commits of 5000 passages keep 10^5
# passages in about 20 segments with no merge. What waits for a commit (and what a crash would
# lose) stays bounded, and so does the memory of writing it (`search._index.WRITER_LIMIT_MB`).
COMMIT_PASSAGES = 5000
COMMIT_EVERY = 1000


def commit_due(documents: int, passages: int) -> bool:
    """Whether the documents waiting to be written are enough for one index commit."""
    return documents >= COMMIT_EVERY or passages >= COMMIT_PASSAGES


# How many documents per worker process may be submitted and not yet written.
IN_FLIGHT_PER_WORKER = 2


@dataclass(frozen=True)
class Packed:
    """A finished document waiting to be stored once its index commit is done, pickled and
    compressed.

    A commit group holds up to COMMIT_PASSAGES passages; kept as objects, its documents took
    about 28 KB of this process's memory per page, packed about 3 KB.
    """

    blob: bytes

    @classmethod
    def of(cls, doc: Document) -> Packed:
        """Pack a document."""
        return cls(zlib.compress(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL), 1))

    def unpack(self) -> Document:
        """The document again (a new object each time)."""
        doc: Document = pickle.loads(zlib.decompress(self.blob))
        return doc


@dataclass
class Outcome:
    """What happened to one input path."""

    path: str
    status: str  # ingested | unchanged | failed
    doc_id: str = ""
    error: str = ""
    pages: int = 0
    passages: int = 0


@dataclass
class IngestReport:
    """The outcome of every input path, in the order they finished."""

    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def failed(self) -> list[Outcome]:
        """Outcomes that failed."""
        return [o for o in self.outcomes if o.status == "failed"]

    def count(self, status: str) -> int:
        """How many outcomes have this status."""
        return sum(1 for o in self.outcomes if o.status == status)


def collect_files(paths: Sequence[str]) -> tuple[list[Path], list[Outcome]]:
    """Expand folders recursively (known extensions, no hidden files); name missing paths.

    A file named explicitly is always tried, whatever its extension, so that an unknown format
    gets its own clear error instead of being skipped in silence.
    """
    files: list[Path] = []
    missing: list[Outcome] = []
    seen: set[Path] = set()
    for raw in paths:
        p = Path(raw).expanduser()
        if not p.exists():
            missing.append(Outcome(path=raw, status="failed", error="no such file or directory"))
            continue
        found: list[Path]
        if p.is_dir():
            found = sorted(
                f
                for f in p.rglob("*")
                if f.is_file()
                and f.suffix.lower() in SUPPORTED_EXTENSIONS
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
        else:
            found = [p]
        for f in found:
            r = f.resolve()
            if r not in seen:
                seen.add(r)
                files.append(f)
    return files, missing


def ingest_paths(
    paths: Sequence[str],
    settings: Settings,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> IngestReport:
    """Ingest files and folders into the index folder named by `settings`."""
    report = IngestReport()

    def emit(outcome: Outcome) -> None:
        report.outcomes.append(outcome)
        if on_outcome:
            on_outcome(outcome)

    files, missing = collect_files(paths)
    store = DocumentStore(settings.index_dir)
    for outcome in missing:
        gone = Path(outcome.path).expanduser().absolute()
        store.record_failure(Document(doc_id=doc_id_for(gone), path=str(gone), error=outcome.error))
        emit(outcome)

    # Each finished document goes into the index's open commit at once (its text is analysed
    # while the workers read other files); the store gets it after the commit, so that it never
    # lists a document the index lacks.
    commit = open_index(settings.index_dir).batch()
    pending: list[Packed] = []

    def flush() -> None:
        if pending:
            commit.commit()
            store.put_many(p.unpack() for p in pending)
            pending.clear()

    def finish(doc: Document) -> None:
        if doc.status == STATUS_OK:
            commit.add(doc)
            pending.append(Packed.of(doc))
            if commit_due(commit.documents, commit.passages):
                flush()
            emit(
                Outcome(
                    doc.path,
                    "ingested",
                    doc.doc_id,
                    pages=len(doc.pages),
                    passages=len(doc.passages),
                )
            )
        else:
            store.record_failure(doc)
            emit(Outcome(doc.path, "failed", doc.doc_id, error=doc.error))

    try:
        todo: list[tuple[Path, str]] = []
        for f in files:
            try:
                check_readable(f)  # before hashing: reading a pipe would block the batch
                sha = file_sha256(f)
            except (IngestError, OSError) as exc:
                reason = (
                    str(exc)
                    if isinstance(exc, IngestError)
                    else (f"cannot read file: {exc.strerror or exc}")
                )
                finish(Document(doc_id=doc_id_for(f), path=str(f.absolute()), error=reason))
                continue
            if not settings.force and store.sha_for(str(f.resolve())) == sha:
                emit(Outcome(str(f.resolve()), "unchanged", doc_id_for(f)))
                continue
            todo.append((f, sha))
        for doc in _run(todo, settings):
            finish(doc)
        flush()
    finally:
        commit.cancel()  # what an interruption left uncommitted; a no-op after the last flush
        store.close()
    return report


def _run(todo: list[tuple[Path, str]], settings: Settings) -> Iterator[Document]:
    """Process files in this process, or in `settings.workers` processes, yielding as they end.

    Worker processes live for the whole batch, so each loads its language models once; this
    process loads them before starting the workers, so that where workers are forked (Linux)
    they inherit them and the models are loaded once for the whole batch. Workers send back the
    Voikko readings they made with each document, so that indexing here does not analyse the
    same words again. At most
    `IN_FLIGHT_PER_WORKER` documents per worker are submitted and not yet consumed, so memory
    stays flat however many files the batch holds; results are yielded in the order they finish,
    so one long document does not hold back the others.
    """
    workers = min(settings.workers, len(todo)) if todo else 1
    if workers <= 1:
        for f, sha in todo:
            yield process_file(f, settings, sha)
        return
    prepare()  # loaded once here, inherited by workers where they are forked
    with ProcessPoolExecutor(max_workers=workers, initializer=record_readings) as pool:
        queue = iter(todo)
        running: set[Future[tuple[Document, dict[str, PlainReadings]]]] = set()

        def top_up() -> None:
            for f, sha in itertools.islice(queue, IN_FLIGHT_PER_WORKER * workers - len(running)):
                running.add(pool.submit(_process_in_worker, f, settings, sha))

        top_up()
        while running:
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            running -= done
            top_up()  # keep the workers busy while the finished ones are written
            for fut in done:
                doc, readings = fut.result()
                add_readings(readings)  # the index analyses the same words
                yield doc


def _process_in_worker(
    path: Path, settings: Settings, sha256: str
) -> tuple[Document, dict[str, PlainReadings]]:
    """`process_file` in a worker process, with the Voikko readings it made on the way."""
    doc = process_file(path, settings, sha256)
    return doc, recorded_readings()


def default_workers() -> int:
    """All cores."""
    return os.cpu_count() or 1
