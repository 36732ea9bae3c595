"""Ingest a batch of paths: find files, skip unchanged ones, run the pipeline (in processes when
asked), and write each result to the store and the index as it arrives.

A failure is recorded and reported; it never stops the batch and never removes what was indexed.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import itertools
import os
import pickle
import signal
import threading
import time
import zlib
from collections.abc import Callable, Generator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from kuntahaku.atomic import display_path
from kuntahaku.config import Settings
from kuntahaku.errors import IngestError
from kuntahaku.ingest import faults
from kuntahaku.ingest.consistency import reconcile, replay_journal, write_lock
from kuntahaku.ingest.extract import SUPPORTED_EXTENSIONS, check_readable
from kuntahaku.ingest.pipeline import file_sha256, prepare, process_file
from kuntahaku.ingest.signals import Signals, Stop
from kuntahaku.ingest.swap import finish_swap
from kuntahaku.models import STATUS_OK, Document
from kuntahaku.search import open_index
from kuntahaku.store import DocumentStore
from kuntahaku.text.lemmas import (
    PlainReadings,
    add_readings,
    keep_memo,
    record_readings,
    recorded_readings,
    save_memo,
)

# Finished documents are written to the index in one commit once the engine's commit sizes are
# reached (`IndexBatch.due()`, set in `search/` for each engine), and at least this often
# (seconds; env KUNTAHAKU_COMMIT_SECONDS), so that a SIGKILL loses at
# most the documents finished in the last COMMIT_SECONDS (SIGINT and SIGTERM lose nothing that
# finished). A commit costs about a second at most, against minutes of work in a window.
COMMIT_SECONDS = 30.0


def commit_seconds() -> float:
    """The longest time finished documents wait for a commit."""
    try:
        return float(os.environ.get("KUNTAHAKU_COMMIT_SECONDS", COMMIT_SECONDS))
    except ValueError:
        return COMMIT_SECONDS


# How many documents per worker process may be submitted and not yet written.
IN_FLIGHT_PER_WORKER = 2


@dataclass(frozen=True)
class Packed:
    """A finished document waiting to be stored once its index commit is done, pickled and
    compressed.

    A commit group holds up to the engine's commit size in passages; kept as objects, its
    documents took about 28 KB of this process's memory per page, packed about 3 KB.
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
    warnings: list[str] = field(default_factory=list)


@dataclass
class IngestReport:
    """The outcome of every input path, in the order they finished; `interrupted` names the
    signal that stopped the batch (what was finished before it is kept)."""

    outcomes: list[Outcome] = field(default_factory=list)
    interrupted: str = ""

    @property
    def failed(self) -> list[Outcome]:
        """Outcomes that failed."""
        return [o for o in self.outcomes if o.status == "failed"]

    def count(self, status: str) -> int:
        """How many outcomes have this status."""
        return sum(1 for o in self.outcomes if o.status == status)


def _utf8(path: str | Path) -> bool:
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def resolved(path: Path) -> Path:
    """The absolute path with symbolic links resolved, or just absolute where they loop."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python 3.11)
        return path.absolute()


def doc_id_of(path: Path) -> str:
    """The document id `pipeline.doc_id_for` gives, for any path (loops and odd bytes too)."""
    return hashlib.sha1(os.fsencode(str(resolved(path)))).hexdigest()[:12]


def _missing_reason(p: Path) -> str:
    try:
        os.stat(p)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop"
        if exc.errno == errno.ENAMETOOLONG:
            return "file name too long"
        if exc.errno == errno.EACCES:
            return "permission denied (a folder on the way cannot be entered)"
    return "no such file or directory"


def collect_files(paths: Sequence[str]) -> tuple[list[Path], list[Outcome]]:
    """Expand folders recursively (known extensions, no hidden files); name missing paths.

    A file named explicitly is always tried, whatever its extension, so that an unknown format
    gets its own clear error instead of being skipped in silence. A path that cannot be a
    document (a name that is not UTF-8, a symlink loop) is an outcome of its own.
    """
    files: list[Path] = []
    missing: list[Outcome] = []
    seen: set[Path] = set()

    def bad(path: str | Path, reason: str) -> None:
        missing.append(Outcome(path=display_path(path), status="failed", error=reason))

    for raw in paths:
        p = Path(raw).expanduser()
        if not p.exists():
            bad(raw, _missing_reason(p))
            continue
        found: list[Path]
        if p.is_dir():
            try:
                found = sorted(
                    f
                    for f in p.rglob("*")
                    if f.suffix.lower() in SUPPORTED_EXTENSIONS
                    and not any(part.startswith(".") for part in f.relative_to(p).parts)
                    and f.is_file()
                )
            except OSError as exc:
                bad(raw, f"cannot read folder: {exc.strerror or exc}")
                continue
        else:
            found = [p]
        for f in found:
            if not _utf8(f):
                bad(f, "file name is not valid UTF-8 (rename the file)")
                continue
            r = resolved(f)
            if r not in seen:
                seen.add(r)
                files.append(f)
    return files, missing


def ingest_paths(
    paths: Sequence[str],
    settings: Settings,
    on_outcome: Callable[[Outcome], None] | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> IngestReport:
    """Ingest files and folders into the index folder named by `settings`.

    Holds the folder's write lock (waiting for another ingest, see `consistency.write_lock`).
    On SIGINT or SIGTERM, what finished is committed and the report says which signal stopped
    the batch.
    """
    report = IngestReport()

    def emit(outcome: Outcome) -> None:
        report.outcomes.append(outcome)
        if on_outcome:
            on_outcome(outcome)

    files, missing = collect_files(paths)
    keep_memo()
    try:
        with Signals() as signals, write_lock(settings.index_dir, on_wait=on_wait):
            store = DocumentStore(settings.index_dir)
            try:
                finish_swap(settings.index_dir)  # what a killed reindex left behind
                replay_journal(store, settings.index_dir)  # what a killed ingest left behind
                reconcile(store, settings.index_dir)  # what no journal recorded
                _ingest(files, missing, settings, store, emit, signals, report)
            finally:
                store.close()
                save_memo()  # the lemmas of the indexed words, for searches (see `lemmas`)
    except Stop as stop:  # before the batch started (waiting for the lock): nothing to keep
        report.interrupted = signal.Signals(stop.signum).name
    return report


def _ingest(
    files: list[Path],
    missing: list[Outcome],
    settings: Settings,
    store: DocumentStore,
    emit: Callable[[Outcome], None],
    signals: Signals,
    report: IngestReport,
) -> None:
    """The batch itself, with the store and the lock held."""
    for outcome in missing:
        gone = Path(outcome.path).expanduser()
        store.record_failure(
            Document(doc_id=doc_id_of(gone), path=str(gone.absolute()), error=outcome.error)
        )
        emit(outcome)

    # Each finished document goes into the index's open commit at once (its text is analysed
    # while the workers read other files). At a commit the store gets the group first, with
    # journal rows, then the index commits, then the journal rows go (see `store.py`).
    commit = open_index(settings.index_dir, engine=settings.engine).batch()
    pending: list[Packed] = []
    window = time.monotonic()
    window_seconds = commit_seconds()

    def flush() -> None:
        nonlocal window
        window = time.monotonic()
        if not pending:
            return
        with signals.shielded():
            docs = [p.unpack() for p in pending]
            store.put_many(docs, journal=True)
            faults.point("store-written")
            commit.commit()
            faults.point("index-committed")
            store.clear_pending(d.doc_id for d in docs)
            pending.clear()

    def due() -> bool:
        return commit.due() or (bool(pending) and time.monotonic() - window >= window_seconds)

    def finish(doc: Document) -> None:
        if doc.status == STATUS_OK:
            with signals.shielded():
                commit.add(doc)
                pending.append(Packed.of(doc))
            emit(
                Outcome(
                    doc.path,
                    "ingested",
                    doc.doc_id,
                    pages=len(doc.pages),
                    passages=len(doc.passages),
                    warnings=list(doc.warnings),
                )
            )
            faults.point("finished")
            if due():
                flush()
        else:
            store.record_failure(doc)
            emit(Outcome(display_path(doc.path), "failed", doc.doc_id, error=doc.error))

    runner: Generator[Document | None, None, None] | None = None
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
                finish(Document(doc_id=doc_id_of(f), path=str(f.absolute()), error=reason))
                continue
            if not settings.force and store.sha_for(str(resolved(f))) == sha:
                emit(Outcome(str(resolved(f)), "unchanged", doc_id_of(f)))
                continue
            todo.append((f, sha))
        runner = _run(todo, settings)
        for doc in runner:
            if doc is not None:
                finish(doc)
            elif due():
                flush()
        flush()
    except Stop as stop:
        if runner is not None:
            runner.close()  # stops the workers
        signals.depth += 1  # a second signal must not cut the last commit short
        flush()
        report.interrupted = signal.Signals(stop.signum).name
    finally:
        if runner is not None:
            runner.close()
        commit.cancel()  # what an error left uncommitted; a no-op after the last flush


# Seconds between checks, while waiting for workers, for a commit that is due by time.
_WAIT_TICK = 1.0


def _run(
    todo: list[tuple[Path, str]], settings: Settings
) -> Generator[Document | None, None, None]:
    """Process files in this process, or in `settings.workers` processes, yielding as they end
    (and `None` every `_WAIT_TICK` seconds of waiting, so that a commit due by time is made).

    Worker processes live for the whole batch, so each loads its language models once; this
    process loads them before starting the workers, so that where workers are forked (Linux)
    they inherit them and the models are loaded once for the whole batch. Workers send back the
    Voikko readings they made with each document, so that indexing here does not analyse the
    same words again. At most
    `IN_FLIGHT_PER_WORKER` documents per worker are submitted and not yet consumed, so memory
    stays flat however many files the batch holds; results are yielded in the order they finish,
    so one long document does not hold back the others. Workers die with this process (see
    `_worker_init`); when the generator is closed early, they are stopped at once. With
    `settings.cluster`, the workers are those of a Dask cluster (`cluster.run`).
    """
    if settings.cluster:
        from kuntahaku.ingest import cluster

        yield from cluster.run(todo, settings)
        return
    workers = min(settings.workers, len(todo)) if todo else 1
    if workers <= 1:
        for f, sha in todo:
            yield process_file(f, settings, sha)
        return
    prepare()  # loaded once here, inherited by workers where they are forked
    pool = ProcessPoolExecutor(
        max_workers=workers, initializer=_worker_init, initargs=(os.getpid(),)
    )
    finished = False
    try:
        queue = iter(todo)
        running: set[Future[tuple[Document, dict[str, PlainReadings]]]] = set()

        def top_up() -> None:
            for f, sha in itertools.islice(queue, IN_FLIGHT_PER_WORKER * workers - len(running)):
                running.add(pool.submit(_process_in_worker, f, settings, sha))

        top_up()
        while running:
            done, _ = wait(running, timeout=_WAIT_TICK, return_when=FIRST_COMPLETED)
            if not done:
                yield None
                continue
            running -= done
            top_up()  # keep the workers busy while the finished ones are written
            for fut in done:
                doc, readings = fut.result()
                add_readings(readings)  # the index analyses the same words
                yield doc
        finished = True
    finally:
        if not finished:
            _stop_pool(pool)
        pool.shutdown(wait=True, cancel_futures=True)


def _stop_pool(pool: ProcessPoolExecutor) -> None:
    """Kill the workers of a pool now, without waiting for their documents."""
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in processes:
        with contextlib.suppress(Exception):
            proc.kill()
    for proc in processes:
        with contextlib.suppress(Exception):
            proc.join(5)


# Seconds between a worker's checks that its parent is still alive (where PR_SET_PDEATHSIG
# is not available).
_WATCH_SECONDS = 1.0
_PR_SET_PDEATHSIG = 1


def _worker_init(parent: int) -> None:
    """Set a worker up to die with its parent, and leave signals to the parent.

    On Linux the kernel sends the worker SIGKILL when the parent dies (`PR_SET_PDEATHSIG`);
    elsewhere (or as well) a thread checks the parent's pid every `_WATCH_SECONDS`. SIGINT is
    ignored (the parent decides what a Ctrl-C keeps and stops the workers), SIGTERM kills.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    with contextlib.suppress(Exception):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(_WATCH_SECONDS)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
    record_readings()


def _process_in_worker(
    path: Path, settings: Settings, sha256: str
) -> tuple[Document, dict[str, PlainReadings]]:
    """`process_file` in a worker process, with the Voikko readings it made on the way."""
    faults.point("worker")
    doc = process_file(path, settings, sha256)
    return doc, recorded_readings()


def default_workers() -> int:
    """All cores."""
    return os.cpu_count() or 1
