"""Shared fixtures: paths to the bundled corpus and a corpus index built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from kuntahaku.config import Settings
from kuntahaku.ingest.batch import IngestReport, ingest_paths

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
REAL_DOCS = CORPUS / "real-docs"
SEEDS = CORPUS / "seeds"
SEED_PDFS = CORPUS / "seed-pdfs"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip tests marked `voikko` or `ocr` where Voikko or Tesseract is unavailable (not
    installed, or switched off by KUNTAHAKU_DISABLE), saying why."""
    from kuntahaku.ingest.ocr import unavailable_reason
    from kuntahaku.text import voikko_available

    missing = {}
    if not voikko_available():
        missing["voikko"] = "Voikko is unavailable (not installed or KUNTAHAKU_DISABLE=voikko)"
    ocr_missing = unavailable_reason()
    if ocr_missing:
        missing["ocr"] = f"OCR is unavailable: {ocr_missing}"
    for item in items:
        for name, reason in missing.items():
            if item.get_closest_marker(name) is not None:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, IngestReport]:
    """The whole bundled corpus ingested into a fresh index folder (2 worker processes)."""
    index_dir = tmp_path_factory.mktemp("corpus-index")
    report = ingest_paths([str(CORPUS)], Settings(index_dir=index_dir, workers=2))
    return index_dir, report


@pytest.fixture(scope="session")
def corpus_index_dir(corpus_index: tuple[Path, IngestReport]) -> Path:
    """The index folder of `corpus_index`."""
    return corpus_index[0]


@pytest.fixture(scope="session")
def whoosh_corpus_index_dir(
    corpus_index: tuple[Path, IngestReport], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The corpus index again on the whoosh engine: the same store, its documents indexed from
    it (no file is read again)."""
    import shutil

    from kuntahaku.search import open_index
    from kuntahaku.store import STORE_FILE, DocumentStore

    source = corpus_index[0]
    folder = tmp_path_factory.mktemp("corpus-index-whoosh")
    for part in source.glob(STORE_FILE + "*"):
        shutil.copy2(part, folder / part.name)
    with DocumentStore(folder) as store:
        docs = [d for d in (store.get(i) for i in store.doc_ids()) if d is not None]
    open_index(folder, engine="whoosh").replace_documents(docs)
    return folder


@pytest.fixture(scope="session", params=["tantivy", "whoosh"])
def engine_index_dir(
    request: pytest.FixtureRequest, corpus_index: tuple[Path, IngestReport]
) -> Path:
    """The corpus index on each engine in turn: the conformance suite runs every search test
    on both (tantivy is the default engine of `corpus_index`)."""
    if request.param == "whoosh":
        folder: Path = request.getfixturevalue("whoosh_corpus_index_dir")
        return folder
    return corpus_index[0]
