"""One writer per index folder, and the index brought back in line with the store after a kill.

Every writer (an ingest, or a read command replaying the journal) holds `write.lock` in the index
folder, an advisory lock the kernel drops when its process dies, so a killed ingest never blocks
the next one. A second ingest waits for the lock up to `lock_wait()` seconds, saying so once, and
then fails with one line instead of the engine's lock error.

The store is written before the index (`DocumentStore.put_many(journal=True)`); journal rows
left by a kill name documents whose index commit may be missing, and `replay_journal` writes
them to the index again from the store (or deletes them there when the store no longer has them).
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from kuntahaku.atomic import os_reason
from kuntahaku.errors import IndexBusy, IndexStoreError
from kuntahaku.ingest import faults
from kuntahaku.ingest.swap import finish_swap, swap_pending
from kuntahaku.store import STORE_FILE, DocumentStore

LOCK_FILE = "write.lock"
# Seconds a second ingest waits for the first one's lock (env KUNTAHAKU_LOCK_WAIT).
DEFAULT_LOCK_WAIT = 60.0
_POLL = 0.2


def lock_wait() -> float:
    """How long to wait for another writer: `KUNTAHAKU_LOCK_WAIT` seconds, else 60."""
    try:
        return max(0.0, float(os.environ.get("KUNTAHAKU_LOCK_WAIT", DEFAULT_LOCK_WAIT)))
    except ValueError:
        return DEFAULT_LOCK_WAIT


def _try_lock(fh: IO[bytes]) -> bool:
    """Take the exclusive lock without waiting; False when another process holds it."""
    try:
        import fcntl
    except ImportError:  # no advisory locks here: one writer is the user's responsibility
        return True
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _open_lock(index_dir: Path) -> IO[bytes]:
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        return (index_dir / LOCK_FILE).open("a+b")
    except OSError as exc:
        raise IndexStoreError(
            f"{index_dir}: cannot open the document store: the index folder cannot be"
            f" written ({os_reason(exc)})"
        ) from exc


def _holder(index_dir: Path) -> str:
    try:
        pid = (index_dir / LOCK_FILE).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""
    return f" (process {pid})" if pid.isdigit() else ""


@contextlib.contextmanager
def write_lock(
    index_dir: Path, wait: float | None = None, on_wait: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the index folder's write lock, waiting up to `wait` seconds (saying so once via
    `on_wait`); `IndexBusy` when it stays taken."""
    wait = lock_wait() if wait is None else wait
    fh = _open_lock(index_dir)
    with fh:
        deadline = time.monotonic() + wait
        told = False
        while not _try_lock(fh):
            if time.monotonic() >= deadline:
                raise IndexBusy(
                    f"{index_dir}: another ingest is writing to this index{_holder(index_dir)};"
                    f" waited {wait:g} s (KUNTAHAKU_LOCK_WAIT), try again when it has finished"
                )
            if not told and on_wait is not None:
                on_wait(
                    f"Waiting for another ingest into {index_dir}{_holder(index_dir)} to finish"
                    f" (up to {wait:g} s)..."
                )
                told = True
            time.sleep(_POLL)
        with contextlib.suppress(OSError):
            fh.truncate(0)
            fh.write(str(os.getpid()).encode("ascii"))
            fh.flush()
        yield


def replay_journal(store: DocumentStore, index_dir: Path) -> int:
    """Write the documents of leftover journal rows to the index again; how many there were."""
    pending = store.pending_index()
    if not pending:
        return 0
    from kuntahaku.search import open_index

    batch = open_index(index_dir).batch()
    try:
        for doc_id in pending:
            doc = store.get(doc_id)
            if doc is None:
                batch.delete(doc_id)
            else:
                batch.add(doc)
    except BaseException:
        batch.cancel()
        raise
    batch.commit()
    faults.point("index-committed")
    store.clear_pending(pending)
    return len(pending)


def _indexed_ids(index_dir: Path) -> tuple[set[str], int]:
    """The ids of the documents with live passages in the index, and its passage count."""
    from kuntahaku.search import open_index

    index = open_index(index_dir)
    return index.document_ids(), index.passage_count()


def reconcile(store: DocumentStore, index_dir: Path) -> int:
    """Make the index hold exactly the store's documents (the store is the source of truth):
    cheap when their passage counts agree; else documents missing from the index are indexed
    from the store, and documents the store lacks are deleted. How many were fixed.

    This repairs what no journal recorded: an index folder removed or rebuilt, or a kill by a
    version that wrote the index before the store.
    """
    from kuntahaku.search import open_index

    if store.stats()["passages"] == open_index(index_dir).passage_count():
        return 0
    indexed, _ = _indexed_ids(index_dir)
    stored = set(store.doc_ids())
    batch = open_index(index_dir).batch()
    try:
        for doc_id in sorted(indexed - stored):
            batch.delete(doc_id)
        for doc_id in sorted(stored - indexed):
            doc = store.get(doc_id)
            if doc is not None:
                batch.add(doc)
    except BaseException:
        batch.cancel()
        raise
    batch.commit()
    return len(indexed ^ stored)


def ensure_consistent(index_dir: Path) -> None:
    """For read commands: replay a journal a killed ingest left, and finish a swap a killed
    reindex left, when no writer is at work.

    Costs one query when there is nothing to do; does nothing (and creates nothing) in a folder
    without an index, or while an ingest holds the lock (it replays the journal itself).
    """
    if not (index_dir / STORE_FILE).is_file():
        return
    swap = swap_pending(index_dir)
    with DocumentStore(index_dir, create=False) as store:
        if not swap and not store.has_pending():
            return
        try:
            fh = (index_dir / LOCK_FILE).open("a+b")
        except OSError:
            return  # a read-only index folder: nothing can be repaired from here
        with fh:
            if _try_lock(fh):
                if swap:
                    finish_swap(index_dir)  # a rebuilt index a kill left half put in place
                replay_journal(store, index_dir)
