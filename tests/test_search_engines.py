"""The engine an index is created with is recorded and kept; both engines add, replace and
delete documents the same way."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from kuntahaku.errors import UsageError
from kuntahaku.models import Document
from kuntahaku.search import ENGINES, SearchRequest, open_index, run_search
from kuntahaku.store import DocumentStore


@pytest.fixture(scope="module")
def some_docs(corpus_index_dir: Path) -> list[Document]:
    """Three documents of the corpus, read back from its store."""
    with DocumentStore(corpus_index_dir) as store:
        docs = [store.get(d) for d in store.doc_ids()[:3]]
    return [d for d in docs if d is not None]


def test_a_new_index_is_tantivy_by_default(tmp_path: Path, some_docs: list[Document]) -> None:
    open_index(tmp_path).replace_documents(some_docs[:1])
    assert json.loads((tmp_path / "engine.json").read_text()) == {"engine": "tantivy"}


@pytest.mark.parametrize("engine", ENGINES)
def test_an_index_keeps_its_engine(tmp_path: Path, some_docs: list[Document], engine: str) -> None:
    open_index(tmp_path, engine=engine).replace_documents(some_docs[:1])
    assert open_index(tmp_path).engine == engine
    other = next(e for e in ENGINES if e != engine)
    with pytest.raises(UsageError, match=f"uses the {engine} engine"):
        open_index(tmp_path, engine=other)


@pytest.mark.parametrize("engine", ENGINES)
def test_add_replace_delete(tmp_path: Path, some_docs: list[Document], engine: str) -> None:
    index = open_index(tmp_path, engine=engine)
    index.replace_documents(some_docs)
    passages = sum(len(d.passages) for d in some_docs)
    assert index.passage_count() == passages
    assert index.document_ids() == {d.doc_id for d in some_docs}
    index.replace_documents(some_docs[:1])  # written again: no passage twice
    assert index.passage_count() == passages
    everything = run_search(tmp_path, SearchRequest(limit=0))
    assert everything.total == len(some_docs)
    index.delete_documents([some_docs[0].doc_id])
    assert index.document_ids() == {d.doc_id for d in some_docs[1:]}
    after = run_search(tmp_path, SearchRequest(limit=0))
    assert after.total == len(some_docs) - 1
    assert some_docs[0].doc_id not in {h.doc_id for h in after.hits}
    assert sum(after.facets["doc_type"].values()) == len(some_docs) - 1


@pytest.mark.parametrize("engine", ENGINES)
def test_a_type_filter_finds_the_kinds_of_that_type(
    tmp_path: Path, some_docs: list[Document], engine: str
) -> None:
    """`--type report` (in any language) also finds a financial statement; `--type
    tilinpäätös` finds only financial statements."""
    statement, report, minutes = copy.deepcopy(some_docs[:3])
    statement.metadata.doc_type = "financial_statement"
    report.metadata.doc_type = "report"
    minutes.metadata.doc_type = "minutes"
    open_index(tmp_path, engine=engine).replace_documents([statement, report, minutes])

    def found(doc_type: str) -> set[str]:
        return {h.doc_id for h in run_search(tmp_path, SearchRequest(doc_type=doc_type)).hits}

    assert found("raportti") == found("report") == {statement.doc_id, report.doc_id}
    assert found("tilinpäätös") == {statement.doc_id}
    assert found("pöytäkirja") == {minutes.doc_id}
