"""Rebuild the search index from the document store, without reading the files again (after a
change of engine or of the analysis), so that a kill at any moment leaves a usable index.

The new index is built in a folder of its own, `<index>/.reindex/index`, through the same
`open_index` interface ingest writes with, in commit windows like ingest's; `progress.sqlite`
beside it records each committed document's version (its hash and ingest time in the store).
Searches keep using the old index meanwhile. Once the new one holds every stored document, its
entries replace the old ones (`swap`): a folder by an atomic exchange where the system has one,
the engine record last. The swap's plan is written first, so a kill in the middle of it is
finished by the next command (`finish_swap`, run by `ingest`, `reindex` and the read
commands). SIGINT or SIGTERM commits what was built and stops; a kill loses at most the open
commit. Either way the old index stays in use and the next `reindex` goes on from the documents
built, rebuilding those the store changed since.
"""

from __future__ import annotations

import shutil
import signal
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kuntahaku import search
from kuntahaku.errors import IndexStoreError
from kuntahaku.ingest import faults
from kuntahaku.ingest.batch import commit_seconds
from kuntahaku.ingest.consistency import reconcile, replay_journal, write_lock
from kuntahaku.ingest.signals import Signals, Stop
from kuntahaku.ingest.swap import BUILD_DIR, WORK_DIR, finish_swap, plan_swap
from kuntahaku.store import DocumentStore

PROGRESS_FILE = "progress.sqlite"


@dataclass
class ReindexReport:
    """What a rebuild did: documents in the new index, those carried over from an interrupted
    run, its passages, and the signal that stopped it ("" when it finished and was swapped in)."""

    documents: int = 0
    total: int = 0
    resumed: int = 0
    passages: int = 0
    engine: str = ""
    interrupted: str = ""


def _package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kuntahaku")
    except PackageNotFoundError:
        return ""


def _current_engine(index_dir: Path) -> str:
    """The engine of the index in use ("" where indexes do not name one)."""
    try:
        return search.open_index(index_dir, create=False).engine
    except IndexStoreError:
        return ""


def _new_index(folder: Path, engine: str) -> search.SearchIndex:
    """The index being built, created with `engine` where one is asked for."""
    return search.open_index(folder, engine=engine)


class _Progress:
    """`progress.sqlite`: which build this is (engine, package version) and the version of
    each document its index holds."""

    def __init__(self, path: Path) -> None:
        self._conn = sqlite3.connect(path, timeout=30)
        with self._conn:
            self._conn.executescript(
                "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                "CREATE TABLE IF NOT EXISTS built (doc_id TEXT PRIMARY KEY, version TEXT);"
            )

    def close(self) -> None:
        self._conn.close()

    def meta(self) -> dict[str, str]:
        return dict(self._conn.execute("SELECT key, value FROM meta").fetchall())

    def set_meta(self, values: dict[str, str]) -> None:
        with self._conn:
            self._conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", values.items())

    def built(self) -> dict[str, str]:
        return dict(self._conn.execute("SELECT doc_id, version FROM built").fetchall())

    def record(self, versions: dict[str, str | None]) -> None:
        """These documents are committed in the new index (None: deleted from it)."""
        with self._conn:
            for doc_id, version in versions.items():
                if version is None:
                    self._conn.execute("DELETE FROM built WHERE doc_id = ?", (doc_id,))
                else:
                    self._conn.execute(
                        "INSERT OR REPLACE INTO built VALUES (?, ?)", (doc_id, version)
                    )


def reindex(
    index_dir: Path,
    engine: str = "",
    on_progress: Callable[[int, int], None] | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> ReindexReport:
    """Build a new index of every stored document (on `engine`, else the current index's) and
    put it in the old one's place; `on_progress(done, total)` after each document.

    Holds the folder's write lock for the whole run, so no ingest changes the store meanwhile.
    """
    report = ReindexReport()
    DocumentStore(index_dir, create=False).close()  # no index here: say so, create nothing
    try:
        with Signals() as signals, write_lock(index_dir, on_wait=on_wait):
            finish_swap(index_dir)
            store = DocumentStore(index_dir, create=False)
            try:
                # The old index stays in use until the swap: bring it in line first.
                replay_journal(store, index_dir)
                reconcile(store, index_dir)
                engine = engine or _current_engine(index_dir)
                _build(index_dir, store, engine, signals, report, on_progress)
            finally:
                store.close()
    except Stop as stop:  # waiting for the lock: nothing was built
        report.interrupted = signal.Signals(stop.signum).name
    return report


def _build(
    index_dir: Path,
    store: DocumentStore,
    engine: str,
    signals: Signals,
    report: ReindexReport,
    on_progress: Callable[[int, int], None] | None,
) -> None:
    work = index_dir / WORK_DIR
    wanted = {"engine": engine, "kuntahaku": _package_version()}
    if work.exists():
        progress = _Progress(work / PROGRESS_FILE) if (work / PROGRESS_FILE).exists() else None
        if progress is None or progress.meta() != wanted:
            if progress is not None:
                progress.close()
            shutil.rmtree(work)  # another engine or version: start again
    work.mkdir(parents=True, exist_ok=True)
    progress = _Progress(work / PROGRESS_FILE)
    try:
        progress.set_meta(wanted)
        index = _new_index(work / BUILD_DIR, engine)
        report.engine = index.engine
        versions = store.versions()
        built = progress.built()
        todo = [d for d, v in versions.items() if built.get(d) != v]
        gone = [d for d in built if d not in versions]
        report.total = len(versions)
        report.resumed = report.documents = len(versions) - len(todo)
        commit = index.batch()
        waiting: dict[str, str | None] = {}
        window = time.monotonic()

        def flush() -> None:
            nonlocal window
            window = time.monotonic()
            if not waiting:
                return
            with signals.shielded():
                commit.commit()
                faults.point("reindex-committed")
                progress.record(waiting)
                waiting.clear()

        try:
            for doc_id in gone:
                commit.delete(doc_id)
                waiting[doc_id] = None
            for doc_id in todo:
                doc = store.get(doc_id)
                if doc is None:
                    continue
                with signals.shielded():
                    commit.add(doc)
                    waiting[doc_id] = versions[doc_id]
                report.documents += 1
                if on_progress is not None:
                    on_progress(report.documents, report.total)
                faults.point("finished")
                if commit.due() or (time.monotonic() - window >= commit_seconds()):
                    flush()
            flush()
        except Stop as stop:
            signals.depth += 1  # a second signal must not cut the last commit short
            flush()
            report.interrupted = signal.Signals(stop.signum).name
            return
        finally:
            commit.cancel()  # what an error left uncommitted; a no-op after the last flush
        expected = store.stats()["passages"]
        report.passages = _new_index(work / BUILD_DIR, engine).passage_count()
        if report.passages != expected:
            raise IndexStoreError(
                f"{index_dir}: the rebuilt index holds {report.passages} passages, the store"
                f" {expected}; the old index stays in use"
            )
    finally:
        progress.close()
    with signals.shielded():
        plan_swap(index_dir)
        finish_swap(index_dir)
