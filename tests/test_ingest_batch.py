"""Writing a batch: documents wait for their commit packed and reach the store whole, together;
workers hand the indexing process their documents and the Voikko readings they made."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from kuntahaku.config import Settings
from kuntahaku.ingest.batch import Packed, ingest_paths
from kuntahaku.ingest.pipeline import process_file
from kuntahaku.models import STATUS_OK, Document
from kuntahaku.search import SearchRequest, run_search
from kuntahaku.store import DocumentStore
from kuntahaku.text import voikko_available

lemmas_module = importlib.import_module("kuntahaku.text.lemmas")

REAL = Path(__file__).resolve().parent.parent / "corpus" / "real-docs"
SETTINGS = Settings(index_dir=Path("/nonexistent"), ocr=False)


@pytest.fixture(scope="module")
def docs() -> list[Document]:
    names = [
        "fi_oulu_kh_talouden_seuranta_2017.pdf",
        "fi_lapua_tarkastuslk_esityslista_2025-11-19.pdf",
    ]
    found = [process_file(REAL / name, SETTINGS) for name in names]
    assert all(d.status == STATUS_OK and d.passages and d.mentions for d in found)
    return found


def test_a_packed_document_unpacks_equal_and_smaller(docs: list[Document]) -> None:
    for doc in docs:
        packed = Packed.of(doc)
        again = packed.unpack()
        assert again == doc and again is not doc
        held = sum(
            len(p.text) + len(p.raw_text) + sum(len(line.text) for line in p.lines)
            for p in doc.pages
        )
        assert len(packed.blob) < held


def test_put_many_stores_every_document(tmp_path: Path, docs: list[Document]) -> None:
    with DocumentStore(tmp_path) as store:
        store.put_many(Packed.of(d).unpack() for d in docs)
        assert store.stats()["documents"] == len(docs)
        for doc in docs:
            stored = store.get(doc.doc_id)
            assert stored is not None and stored.passages == doc.passages
            assert stored.ingested_at


def test_put_many_writes_all_or_nothing(tmp_path: Path, docs: list[Document]) -> None:
    def failing() -> Iterator[Document]:
        yield docs[0]
        raise RuntimeError("the index commit failed")

    with DocumentStore(tmp_path) as store:
        with pytest.raises(RuntimeError):
            store.put_many(failing())
        assert store.stats()["documents"] == 0


needs_voikko = pytest.mark.skipif(not voikko_available(), reason="Voikko is not installed")


@needs_voikko
def test_voikko_readings_made_in_a_worker_are_reused_by_the_indexing_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(lemmas_module, "_readings", {})
    monkeypatch.setattr(lemmas_module, "_recorded", None)
    assert lemmas_module.recorded_readings() == {}  # nothing is kept unless recording
    lemmas_module.record_readings()
    made = lemmas_module.voikko_readings("osuuskunnan")
    assert made and made[0].baseform == "osuuskunta"
    handed = lemmas_module.recorded_readings()
    assert list(handed) == ["osuuskunnan"]
    assert lemmas_module.recorded_readings() == {}  # each reading is handed over once

    monkeypatch.setattr(lemmas_module, "_readings", {})  # the indexing process
    lemmas_module.add_readings(handed)

    def no_voikko() -> None:
        raise AssertionError("Voikko was asked again")

    monkeypatch.setattr(lemmas_module, "_get_voikko", no_voikko)
    assert lemmas_module.voikko_readings("osuuskunnan") == made


def test_two_workers_index_what_one_process_indexes(tmp_path: Path) -> None:
    """Workers hand their documents and Voikko readings to the indexing process."""
    files = [
        str(REAL / "fi_oulu_kh_talouden_seuranta_2017.pdf"),
        str(REAL / "fi_lapua_tarkastuslk_esityslista_2025-11-19.pdf"),
    ]
    for workers in (1, 2):
        report = ingest_paths(
            files, Settings(index_dir=tmp_path / str(workers), workers=workers, ocr=False)
        )
        assert report.count("ingested") == 2
    one, two = (
        run_search(tmp_path / w, SearchRequest("osuuskunta OR kaupunginhallitus", limit=0))
        for w in ("1", "2")
    )
    assert one.total == two.total > 0
    assert [h.passage_id for h in one.hits] == [h.passage_id for h in two.hits]


def test_an_interrupted_batch_keeps_what_was_committed_and_unlocks_the_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Documents are added to an open commit as they finish; an interruption drops only that
    uncommitted group, the store lists nothing the index lacks, and the next run proceeds."""
    first, second = (
        REAL / "fi_oulu_kh_talouden_seuranta_2017.pdf",
        REAL / "fi_lapua_tarkastuslk_esityslista_2025-11-19.pdf",
    )
    settings = Settings(index_dir=tmp_path, workers=1, ocr=False)
    assert ingest_paths([str(first)], settings).count("ingested") == 1
    batch_module = importlib.import_module("kuntahaku.ingest.batch")
    real_process = batch_module.process_file
    calls: list[Path] = []

    def interrupted(path: Path, *args: object) -> Document:
        calls.append(path)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real_process(path, *args)

    monkeypatch.setattr(batch_module, "process_file", interrupted)
    third = REAL / "fi_oulu_kh_suomi100_juhlapaatos_2017.pdf"
    with pytest.raises(KeyboardInterrupt):
        ingest_paths([str(second), str(third)], settings)
    with DocumentStore(tmp_path) as store:
        stored = {Path(d.path).name for d in store.documents()}
    assert stored == {first.name}
    everything = run_search(tmp_path, SearchRequest("", limit=0))
    assert {Path(h.path).name for h in everything.hits} == {first.name}
    monkeypatch.setattr(batch_module, "process_file", real_process)
    again = ingest_paths([str(second), str(third)], settings)
    assert again.count("ingested") == 2
    assert run_search(tmp_path, SearchRequest("", limit=0)).total == 3
