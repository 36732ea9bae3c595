"""`ingest --cluster` on a real Dask cluster: a scheduler and two workers started as separate
processes on 127.0.0.1. The result must equal a local ingest of the same files (documents,
passages, sections, entities, search hits); a worker killed mid-document has the document done
elsewhere, once; a worker that cannot see the client's files gets their bytes; bad files and an
unreachable scheduler keep the project's one-line errors and exit codes.
"""

from __future__ import annotations

import json
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from kuntahaku.config import Settings
from kuntahaku.ingest.batch import ingest_paths
from kuntahaku.search import SearchRequest, facet_counts, result_json, run_search
from kuntahaku.store import DocumentStore

from .conftest import FIXTURES, REAL_DOCS, SEED_PDFS, SEEDS
from .test_faults import decisions, kh, start, wait_for_line

pytest.importorskip("distributed")

DASK = Path(sys.executable).with_name("dask")
KILL_NAME = "kill_me_once.txt"
# Files every test ingests: text, two text PDFs, HTML, and one bad file.
SOURCES = [
    next(SEEDS.glob("000_*.txt")),
    SEED_PDFS / "lo_txt_000.pdf",
    REAL_DOCS / "fi_oulu_kh_talouden_seuranta_2017.pdf",
    REAL_DOCS / "fi_helsinki_ahjo_decision_fixture.html",
    FIXTURES / "bad" / "corrupt.pdf",
]


@dataclass
class Cluster:
    """A running scheduler with two workers; worker `w1` never reads the client's paths."""

    address: str
    folder: Path
    marker: Path
    procs: list[subprocess.Popen[bytes]]

    def logs(self) -> str:
        """Everything the scheduler and the workers wrote."""
        return "".join(p.read_text(errors="replace") for p in sorted(self.folder.glob("*.log")))


def _env(**extra: str) -> dict[str, str]:
    from .test_faults import _env as base

    return base(**extra)


def _spawn(args: list[str], log: Path, **env: str) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            [str(DASK), *args], stdout=out, stderr=subprocess.STDOUT, env=_env(**env)
        )


def _wait_for_workers(address: str, n: int, timeout: float = 90) -> None:
    from distributed import Client

    with Client(address, timeout="30s", set_as_default=False) as client:
        client.wait_for_workers(n, timeout=timeout)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """A scheduler and two workers (one thread each) as separate processes on loopback only.

    Both workers carry a fault: the first process to reach the `worker` point on KILL_NAME
    kills itself (SIGKILL); its nanny starts it again.
    """
    if not DASK.exists():
        pytest.skip(f"no {DASK} (install the dev extra)")
    folder = tmp_path_factory.mktemp("cluster")
    marker = folder / "killed-once"
    scheduler_file = folder / "scheduler.json"
    procs = [
        _spawn(
            [
                "scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--no-dashboard",
                "--scheduler-file",
                str(scheduler_file),
            ],
            folder / "scheduler.log",
        )
    ]
    try:
        deadline = time.monotonic() + 60
        while not scheduler_file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(scheduler_file.read_text())["address"]
        assert address.startswith("tcp://127.0.0.1:")
        fault = {
            "KUNTAHAKU_FAULT_AT": f"worker@{KILL_NAME}",
            "KUNTAHAKU_FAULT_ONCE": str(marker),
        }
        for name, extra in (("w1", {"KUNTAHAKU_CLUSTER_READ_PATHS": "0"}), ("w2", {})):
            procs.append(
                _spawn(
                    [
                        "worker",
                        address,
                        "--host",
                        "127.0.0.1",
                        "--nthreads",
                        "1",
                        "--nworkers",
                        "1",
                        "--no-dashboard",
                        "--name",
                        name,
                        "--local-directory",
                        str(folder / name),
                    ],
                    folder / f"{name}.log",
                    **fault,
                    **extra,
                )
            )
        _wait_for_workers(address, 2)
        yield Cluster(address, folder, marker, procs)
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in reversed(procs):
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _copy(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for src in SOURCES:
        shutil.copy(src, folder / src.name)
    return folder


def _documents(index: Path) -> dict[str, dict[str, Any]]:
    """Every stored document as a dict, without the time it was ingested."""
    with DocumentStore(index, create=False) as store:
        out = {}
        for doc in store.documents():
            data = doc.to_dict()
            data.pop("ingested_at")
            out[doc.doc_id] = data
        return out


def _hits(index: Path, request: SearchRequest) -> list[tuple[str, str, float, str]]:
    """A search's hits: document, best passage, score (rounded) and all else, in a fixed order."""
    data = result_json(run_search(index, request))
    rows = []
    for hit in data["hits"]:
        score = round(float(hit.pop("score", 0)), 4)
        rows.append((hit["doc_id"], hit.get("passage_id", ""), score, json.dumps(hit)))
    return sorted(rows)


@pytest.mark.slow
def test_a_cluster_ingest_equals_a_local_one(tmp_path: Path, cluster: Cluster) -> None:
    docs = _copy(tmp_path / "docs")
    local = kh(tmp_path / "local", "ingest", str(docs))
    remote = kh(tmp_path / "remote", "ingest", "--cluster", cluster.address, str(docs))
    assert local.returncode == remote.returncode == 1, remote.stderr  # the corrupt PDF
    assert remote.stdout == local.stdout
    errors = [line for line in remote.stderr.splitlines() if line.startswith("Error:")]
    assert errors == [line for line in local.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "corrupt.pdf" in errors[0]
    assert "Traceback" not in remote.stderr

    ours, theirs = _documents(tmp_path / "local"), _documents(tmp_path / "remote")
    assert len(ours) == len(SOURCES) - 1
    assert ours == theirs  # metadata, sections, passages, entities, pages and their flags
    assert any(d["metadata"]["sections"] for d in ours.values())
    assert any(p["entities"] for d in ours.values() for p in d["passages"])
    requests = [
        SearchRequest(query="", limit=0),
        SearchRequest(query="kaupunginhallitus", limit=0, passages=True),
        SearchRequest(query="talous*", limit=0),
        SearchRequest(query="", filters={"city": ["Oulu"]}, limit=0),
    ]
    for request in requests:
        found = _hits(tmp_path / "remote", request)
        assert found == _hits(tmp_path / "local", request), request
    assert len(_hits(tmp_path / "local", requests[1])) >= 2
    everything = SearchRequest(query="")
    assert facet_counts(tmp_path / "remote", everything) == facet_counts(
        tmp_path / "local", everything
    )


@pytest.mark.slow
def test_a_worker_killed_mid_document_has_it_done_elsewhere_once(
    tmp_path: Path, cluster: Cluster
) -> None:
    files = decisions(tmp_path / "docs", 4)
    files[1].rename(files[1].with_name(KILL_NAME))
    index = tmp_path / "idx"
    done = kh(index, "ingest", "--cluster", cluster.address, str(tmp_path / "docs"))
    assert done.returncode == 0, done.stderr
    assert "Ingested 4 document(s)" in done.stdout
    assert cluster.marker.exists()  # a worker process did die on it
    stored = _documents(index)
    assert len(stored) == 4
    assert sum(Path(d["path"]).name == KILL_NAME for d in stored.values()) == 1
    # Each passage is in the index once: as many passage hits as stored passages.
    found = run_search(index, SearchRequest(query="kiertotalous", limit=0, passages=True))
    assert found.total == 4
    ids = [h["passage_id"] for h in result_json(found)["hits"]]
    assert len(ids) == len(set(ids)) == sum(len(d["passages"]) for d in stored.values())
    local = ingest_paths([str(tmp_path / "docs")], Settings(index_dir=tmp_path / "local"))
    assert local.count("ingested") == 4
    assert _documents(tmp_path / "local") == stored


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_an_unreachable_scheduler_is_one_error_line_and_exit_1(tmp_path: Path) -> None:
    decisions(tmp_path / "docs", 2)
    address = f"tcp://127.0.0.1:{_free_port()}"
    out = kh(
        tmp_path / "idx",
        "ingest",
        "--cluster",
        address,
        str(tmp_path / "docs"),
        KUNTAHAKU_CLUSTER_TIMEOUT="1",
    )
    assert out.returncode == 1
    lines = [line for line in out.stderr.splitlines() if not line.startswith("warning:")]
    assert len(lines) == 1 and lines[0].startswith(f"Error: {address}: cannot reach"), lines
    with DocumentStore(tmp_path / "idx", create=False) as store:
        assert store.stats()["documents"] == 0


def test_a_malformed_cluster_address_is_a_usage_error(tmp_path: Path) -> None:
    decisions(tmp_path / "docs", 1)
    out = kh(tmp_path / "idx", "ingest", "--cluster", "127.0.0.1:8786", str(tmp_path / "docs"))
    assert out.returncode == 2
    assert [line for line in out.stderr.splitlines() if not line.startswith("warning:")] == [
        "Error: --cluster '127.0.0.1:8786': give the scheduler as tcp://HOST:PORT"
    ]
    assert not (tmp_path / "idx").exists()


def test_no_worker_reads_a_path_it_does_not_hold(tmp_path: Path) -> None:
    """A worker that finds another file (or none) at the client's path asks for the bytes."""
    from kuntahaku.config import Settings
    from kuntahaku.ingest.cluster import Job, work

    settings = Settings(index_dir=tmp_path / "idx")
    here = decisions(tmp_path / "docs", 1)[0]
    from kuntahaku.ingest.pipeline import file_sha256

    job = Job(str(here.resolve()), "0123456789ab", file_sha256(here))
    assert work(job, settings).doc is not None
    stale = Job(job.path, job.doc_id, "0" * 64)  # the client's file is another one
    assert work(stale, settings).doc is None
    doc = work(stale, settings, here.read_bytes()).doc
    assert doc is not None and doc.path == job.path and doc.doc_id == job.doc_id
    assert all(p.passage_id.startswith(job.doc_id) for p in doc.passages)


@pytest.mark.slow
def test_a_signal_during_a_cluster_ingest_keeps_what_finished(
    tmp_path: Path, cluster: Cluster
) -> None:
    decisions(tmp_path / "docs", 5)
    index = tmp_path / "idx"
    proc = start(
        index,
        "ingest",
        "--cluster",
        cluster.address,
        str(tmp_path / "docs"),
        KUNTAHAKU_FAULT_AT="finished#2",
        KUNTAHAKU_FAULT="pause",
    )
    wait_for_line(proc, "fault: paused at finished")
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Interrupted by SIGINT: kept the 2 document(s)" in err
    assert "Traceback" not in err
    with DocumentStore(index, create=False) as store:
        assert store.stats()["documents"] == 2 and not store.has_pending()
    assert run_search(index, SearchRequest(query="", limit=0)).total == 2
    again = kh(index, "ingest", "--cluster", cluster.address, str(tmp_path / "docs"))
    assert again.returncode == 0, again.stderr
    assert "Ingested 3 document(s)" in again.stdout and "2 unchanged" in again.stdout
