"""Ingestion on a Dask distributed cluster: the per-document stages run on the cluster's workers,
and this process (the client) writes the store and the index as their results arrive.

A worker reads a file at the client's path when it sees the same file there (same SHA-256);
otherwise it says so and the client sends the file's bytes, which the worker reads from a
temporary copy. The document keeps the client's path and id either way, so the result equals a
local ingest. A worker that dies mid-document has the document run again on another worker by
the scheduler (up to its `allowed-failures`, then the file fails with one line); every document
is written by this process exactly once, when its one result arrives.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import re
import tempfile
import threading
import uuid
import warnings
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kuntahaku.config import Settings
from kuntahaku.errors import KuntahakuError, UsageError
from kuntahaku.ingest import faults
from kuntahaku.ingest.batch import doc_id_of, resolved
from kuntahaku.ingest.pipeline import file_sha256, process_file
from kuntahaku.models import Document
from kuntahaku.text.lemmas import (
    PlainReadings,
    add_readings,
    record_readings,
    recorded_readings,
    voikko_version,
)

log = logging.getLogger(__name__)

# Seconds to reach the scheduler and to wait for its first worker (env KUNTAHAKU_CLUSTER_TIMEOUT).
CONNECT_SECONDS = 10.0
# On a worker, KUNTAHAKU_CLUSTER_READ_PATHS=0 makes it never read the client's paths (a worker
# whose file system holds other files under the same names): every document comes as bytes.
READ_PATHS_ENV = "KUNTAHAKU_CLUSTER_READ_PATHS"
# Documents per worker thread submitted and not yet written here.
IN_FLIGHT_PER_THREAD = 2
# Seconds between checks, while waiting for results, for a commit that is due by time.
WAIT_TICK = 1.0

_ADDRESS = re.compile(r"^tcp://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$")


class ClusterUnreachable(KuntahakuError):
    """The scheduler cannot be reached, or has no workers: nothing was ingested (exit 1, as
    for an index another ingest holds: the command was right, the service is not there)."""


def check_address(address: str) -> str:
    """The scheduler address as given, when it is `tcp://HOST:PORT`; a usage error otherwise."""
    match = _ADDRESS.match(address)
    if not match or not 0 < int(match.group(2)) < 65536:
        raise UsageError(f"--cluster {address!r}: give the scheduler as tcp://HOST:PORT")
    return address


def connect_seconds() -> float:
    """How long to try reaching the scheduler and its first worker."""
    try:
        return max(1.0, float(os.environ.get("KUNTAHAKU_CLUSTER_TIMEOUT", CONNECT_SECONDS)))
    except ValueError:
        return CONNECT_SECONDS


# -- on a worker -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    """One file to ingest, named as the client sees it."""

    path: str  # absolute, symbolic links resolved
    doc_id: str
    sha256: str

    @property
    def name(self) -> str:
        """The file's name (a temporary copy on a worker gets the same one)."""
        return Path(self.path).name


@dataclass
class Result:
    """What a worker sends back: the document (None: the worker cannot see the file, send its
    bytes) and the Voikko readings it made, with the Voikko version that made them."""

    doc: Document | None
    readings: dict[str, PlainReadings] = field(default_factory=dict)
    voikko: str = ""


# A worker process runs one document at a time, whatever its thread count: the stages keep
# per-process caches and models that are not shared between threads.
_one_at_a_time = threading.Lock()
_recording = False


def _reads_paths() -> bool:
    return os.environ.get(READ_PATHS_ENV, "1").strip().lower() not in ("0", "no", "false")


def _same_file(path: Path, sha256: str) -> bool:
    try:
        return path.is_file() and file_sha256(path) == sha256
    except OSError:
        return False


def work(job: Job, settings: Settings, data: bytes | None = None) -> Result:
    """Run the stages on one document on a worker: from the client's path when this worker
    sees the same file there, else from `data` (its bytes); without either, ask for the bytes."""
    global _recording
    with _one_at_a_time:
        if not _recording:
            record_readings()
            _recording = True
        faults.point("worker", job.name)
        if data is None:
            if not (_reads_paths() and _same_file(Path(job.path), job.sha256)):
                return Result(None)
            doc = process_file(Path(job.path), settings, job.sha256, doc_id=job.doc_id)
        else:
            with tempfile.TemporaryDirectory(prefix="kuntahaku-") as tmp:
                local = Path(tmp) / job.name
                local.write_bytes(data)
                doc = process_file(local, settings, job.sha256, doc_id=job.doc_id)
        doc.path = job.path
        return Result(doc, recorded_readings(), voikko_version())


def profile() -> dict[str, str]:
    """What makes a worker's documents come out as they would here: the package version and
    the Voikko and Tesseract it has (each "" when missing or switched off)."""
    from importlib.metadata import PackageNotFoundError, version

    from kuntahaku.ingest.ocr import unavailable_reason

    try:
        package = version("kuntahaku")
    except PackageNotFoundError:
        package = ""
    return {
        "kuntahaku": package,
        "voikko": voikko_version(),
        "tesseract": "" if unavailable_reason() else "yes",
    }


# -- on the client -----------------------------------------------------------------------------


def _quiet_dask() -> None:
    """Dask's own log lines (reconnecting, a worker gone) are not this command's output: the
    outcome of every file is."""
    for name in ("distributed", "tornado"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


@contextlib.contextmanager
def connected(address: str) -> Iterator[Any]:
    """A Dask client of the scheduler at `address` with at least one worker, closed at the
    end; `ClusterUnreachable` when there is none within `connect_seconds()`."""
    check_address(address)
    _quiet_dask()
    from distributed import Client

    seconds = connect_seconds()
    try:
        client = Client(address, timeout=f"{seconds}s", set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise ClusterUnreachable(
            f"{address}: cannot reach the Dask scheduler within {seconds:g} s"
            " (KUNTAHAKU_CLUSTER_TIMEOUT); start one with `dask scheduler` or check the address"
        ) from exc
    try:
        try:
            client.wait_for_workers(1, timeout=seconds)
        except (OSError, TimeoutError) as exc:
            raise ClusterUnreachable(
                f"{address}: the Dask scheduler has no workers (waited {seconds:g} s); start"
                f" some with `dask worker {address}`"
            ) from exc
        _check_workers(client)
        yield client
    finally:
        with contextlib.suppress(Exception):
            client.close(timeout=5)


def _check_workers(client: Any) -> None:
    """Say once for each worker that would make documents differ from this process's."""
    here = profile()
    try:
        theirs: dict[str, dict[str, str]] = client.run(profile)
    except Exception as exc:  # a worker that cannot import kuntahaku
        raise ClusterUnreachable(
            f"the cluster's workers cannot run kuntahaku ({type(exc).__name__}: {exc});"
            " install it on every worker"
        ) from exc
    for worker, their in sorted(theirs.items()):
        diff = [
            f"{key} {their.get(key) or 'none'} (here {here[key] or 'none'})"
            for key in here
            if their.get(key) != here[key]
        ]
        if diff:
            log.warning(
                "Warning: worker %s differs from this process: %s; its documents may come out"
                " differently",
                worker,
                ", ".join(diff),
            )


def _failed(job: Job, reason: str) -> Document:
    return Document(doc_id=job.doc_id, path=job.path, sha256=job.sha256, error=reason)


def run(todo: list[tuple[Path, str]], settings: Settings) -> Generator[Document | None, None, None]:
    """Run the documents of `todo` on the cluster of `settings.cluster`, yielding each as it
    finishes (and `None` every `WAIT_TICK` seconds of waiting, so that a commit due by time is
    made).

    At most `IN_FLIGHT_PER_THREAD` documents per worker thread are on the cluster at a time,
    so the client's memory stays flat. Closing the generator cancels what is still running.
    """
    if not todo:
        return
    with connected(settings.cluster) as client:
        yield from _run(client, todo, settings)


def _run(
    client: Any, todo: list[tuple[Path, str]], settings: Settings
) -> Generator[Document | None, None, None]:
    from distributed import wait
    from distributed.scheduler import KilledWorker

    local_voikko = voikko_version()
    jobs = (Job(str(resolved(f)), doc_id_of(f), sha) for f, sha in todo)
    running: dict[Any, Job] = {}
    threads = sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values())
    limit = IN_FLIGHT_PER_THREAD * max(1, threads)

    def submit(job: Job, data: bytes | None = None) -> None:
        # The bytes go with the task, not scattered to a worker beforehand: the scheduler keeps
        # them until the task is done, so a worker that dies with them loses nothing.
        key = f"kuntahaku-{job.doc_id}-{uuid.uuid4().hex[:12]}"
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*[Ll]arge graph.*")
            running[client.submit(work, job, settings, data, key=key, pure=False)] = job

    def top_up() -> None:
        for job in itertools.islice(jobs, max(0, limit - len(running))):
            submit(job)

    try:
        top_up()
        while running:
            try:
                with client.as_current():
                    waited = wait(list(running), timeout=WAIT_TICK, return_when="FIRST_COMPLETED")
                done = waited.done
            except TimeoutError:
                yield None
                continue
            for fut in done:
                job = running.pop(fut)
                try:
                    result: Result = fut.result()
                except KilledWorker:
                    yield _failed(
                        job,
                        "the cluster's worker processes died on this document again and again"
                        " (Dask's allowed-failures); it was not ingested",
                    )
                    continue
                except Exception as exc:
                    yield _failed(job, f"cluster error ({type(exc).__name__}: {exc})")
                    continue
                finally:
                    fut.release()
                if result.doc is None:
                    try:
                        data = Path(job.path).read_bytes()
                    except OSError as exc:
                        yield _failed(job, f"cannot read file: {exc.strerror or exc}")
                        continue
                    submit(job, data)
                    continue
                if result.voikko == local_voikko:
                    add_readings(result.readings)  # the index analyses the same words
                yield result.doc
            top_up()
    finally:
        if running:
            with contextlib.suppress(Exception):
                client.cancel(list(running), force=True)
