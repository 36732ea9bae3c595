"""`kuntahaku reindex` with real processes and real signals: the rebuilt index answers as the
old one did, Ctrl-C and SIGTERM keep what was built (exit 130) and a rerun goes on from there, a
kill at any point (a commit of the new index, the middle of the swap) leaves a usable index that
agrees with the store, and documents the store changed in between are built again.
"""

from __future__ import annotations

import json
import signal
from pathlib import Path

import pytest

from kuntahaku.config import Settings
from kuntahaku.ingest.batch import ingest_paths
from kuntahaku.ingest.consistency import ensure_consistent
from kuntahaku.ingest.reindex import reindex
from kuntahaku.search import SearchRequest, result_json, run_search
from kuntahaku.store import DocumentStore

from .test_faults import decisions, kh, start, wait_for_line

WORK = ".reindex"


def _hits(index: Path, query: str = "") -> list[tuple[str, str, float, str]]:
    """Every hit of a search (all passages), with rounded scores, in a fixed order."""
    data = result_json(run_search(index, SearchRequest(query=query, limit=0, passages=True)))
    rows = []
    for hit in data["hits"]:
        score = round(float(hit.pop("score", 0)), 4)
        rows.append((hit["doc_id"], hit.get("passage_id", ""), score, json.dumps(hit)))
    return sorted(rows)


def _ingest(docs: Path, index: Path) -> int:
    """Ingest a folder in this process; how many documents were ingested."""
    report = ingest_paths([str(docs)], Settings(index_dir=index))
    assert not report.failed and not report.interrupted
    return report.count("ingested")


def _ingested(tmp_path: Path, n: int) -> Path:
    decisions(tmp_path / "docs", n)
    index = tmp_path / "idx"
    assert _ingest(tmp_path / "docs", index) == n
    return index


def _agree(index: Path) -> int:
    """What a read command sees after the journal or a planned swap is dealt with: the store's
    documents and the index's agree; how many."""
    ensure_consistent(index)
    with DocumentStore(index, create=False) as store:
        n_docs = int(store.stats()["documents"])
    assert run_search(index, SearchRequest(query="", limit=0)).total == n_docs
    return n_docs


def _folders(index: Path) -> dict[str, int]:
    return {p.name: p.stat().st_ino for p in index.iterdir() if p.is_dir()}


@pytest.mark.slow
def test_a_rebuilt_index_answers_as_the_old_one(tmp_path: Path) -> None:
    index = _ingested(tmp_path, 4)
    before = {q: _hits(index, q) for q in ("", "kiertotalous", "uimahalli*")}
    folders = _folders(index)
    with DocumentStore(index) as store:
        stored = {d.doc_id: d.to_dict() for d in store.documents()}
    out = kh(index, "reindex")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("Reindexed 4 document(s) (")
    # Nothing but the degraded mode's notice of what is missing.
    assert [line for line in out.stderr.splitlines() if not line.startswith("warning:")] == []
    assert not (index / WORK).exists()
    now = _folders(index)
    assert set(now) == set(folders) and now != folders  # a new index took the old one's place
    assert {q: _hits(index, q) for q in before} == before
    with DocumentStore(index) as store:  # the store is read, never written
        assert {d.doc_id: d.to_dict() for d in store.documents()} == stored


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_keeps_what_was_built_and_a_rerun_goes_on(
    tmp_path: Path, sig: signal.Signals
) -> None:
    index = _ingested(tmp_path, 5)
    before = _hits(index, "kiertotalous")
    proc = start(index, "reindex", KUNTAHAKU_FAULT_AT="finished#3", KUNTAHAKU_FAULT="pause")
    wait_for_line(proc, "fault: paused at finished")
    proc.send_signal(sig)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert f"Interrupted by {sig.name}: the new index holds 3 of 5 document(s)" in err
    assert "Traceback" not in err
    assert (index / WORK).is_dir()
    assert _agree(index) == 5  # the old index is still in use, whole
    assert _hits(index, "kiertotalous") == before
    done = reindex(index)
    assert (done.documents, done.resumed, done.interrupted) == (5, 3, "")
    assert not (index / WORK).exists()
    assert _hits(index, "kiertotalous") == before


@pytest.mark.slow
def test_a_kill_between_a_commit_and_its_record_rebuilds_that_document_once(
    tmp_path: Path,
) -> None:
    index = _ingested(tmp_path, 4)
    before = _hits(index, "kiertotalous")
    killed = kh(
        index, "reindex", KUNTAHAKU_FAULT_AT="reindex-committed#2", KUNTAHAKU_COMMIT_SECONDS="0"
    )
    assert killed.returncode == -signal.SIGKILL
    assert _agree(index) == 4 and _hits(index, "kiertotalous") == before
    done = reindex(index)
    # One document was committed and recorded; the second committed only: built again.
    assert (done.documents, done.resumed) == (4, 1)
    assert _hits(index, "kiertotalous") == before  # no passage twice


@pytest.mark.slow
def test_a_kill_in_the_middle_of_the_swap_is_finished_by_the_next_command(
    tmp_path: Path,
) -> None:
    index = _ingested(tmp_path, 3)
    before = _hits(index, "kiertotalous")
    killed = kh(index, "reindex", KUNTAHAKU_FAULT_AT="reindex-swapped#1")
    assert killed.returncode == -signal.SIGKILL
    assert (index / WORK / "swap.json").is_file()
    stats = kh(index, "stats", "--json")  # a read command finishes the swap
    assert stats.returncode == 0 and json.loads(stats.stdout)["documents"] == 3, stats.stderr
    assert not (index / WORK).exists()
    assert _hits(index, "kiertotalous") == before


@pytest.mark.slow
def test_documents_changed_between_two_runs_are_built_again(tmp_path: Path) -> None:
    index = _ingested(tmp_path, 4)
    proc = start(index, "reindex", KUNTAHAKU_FAULT_AT="finished#4", KUNTAHAKU_FAULT="pause")
    wait_for_line(proc, "fault: paused at finished")
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=60)
    assert proc.returncode == 130
    first = sorted((tmp_path / "docs").iterdir())[0]  # built before the interruption
    first.write_text(
        "Kaupunginhallitus 1.3.2024 § 40\n\nTuulivoimapuiston kaavoitus käynnistetään.\n",
        encoding="utf-8",
    )
    assert _ingest(tmp_path / "docs", index) == 1
    done = reindex(index)
    assert (done.documents, done.resumed) == (4, 3)
    assert [h[0] for h in _hits(index, "tuulivoimapuisto")] != []
    assert _ingest(tmp_path / "docs", tmp_path / "fresh") == 4
    for query in ("kiertotalous", "tuulivoimapuisto", "koulun"):
        # Scores may differ a little: the old version of the changed document still counts in
        # the term statistics of the segment it was deleted from.
        ours = [(d, p, rest) for d, p, _score, rest in _hits(index, query)]
        fresh = [(d, p, rest) for d, p, _score, rest in _hits(tmp_path / "fresh", query)]
        assert ours == fresh, query


def test_reindex_of_a_folder_without_an_index_is_one_error_line(tmp_path: Path) -> None:
    out = kh(tmp_path / "nothing", "reindex")
    assert out.returncode == 1
    lines = [line for line in out.stderr.splitlines() if not line.startswith("warning:")]
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "no index here" in lines[0]
    assert not (tmp_path / "nothing").exists()
