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
