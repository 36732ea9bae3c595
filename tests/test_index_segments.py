"""How the index grows: the merge policy keeps segments few without rewriting large ones, and
searches in one process follow every commit."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from kuntahaku.models import Document
from kuntahaku.search import SearchRequest, open_index, run_search
from kuntahaku.search._index import MERGE_FACTOR, document_records
from kuntahaku.store import DocumentStore


@pytest.fixture(scope="module")
def corpus_docs(corpus_index_dir: Path) -> list[Document]:
    with DocumentStore(corpus_index_dir) as store:
        docs = [store.get(d) for d in store.doc_ids()]
    return [d for d in docs if d is not None and d.passages]


def _segment_sizes(folder: Path) -> list[int]:
    ix = open_index(folder, create=False).whoosh_index
    return sorted(seg.doc_count() for seg in ix._segments())


def _copy(doc: Document, n: int) -> Document:
    """The same document under another id (a second file with the same text)."""
    doc_id = f"{doc.doc_id}-{n}"
    passages = [replace(p, passage_id=f"{doc_id}:{p.ordinal:04d}") for p in doc.passages]
    return replace(doc, doc_id=doc_id, path=f"{doc.path}.{n}", passages=passages)


def test_small_commits_are_merged_into_one_segment(
    corpus_docs: list[Document], tmp_path: Path
) -> None:
    index = open_index(tmp_path, engine="whoosh")
    small = [d for d in corpus_docs if len(d.passages) < 10][:1]
    assert small
    # whoosh asks the policy about the segments already there, then writes the merged passages
    # into the commit's new segment: the commit after MERGE_FACTOR segments merges them
    for n in range(MERGE_FACTOR):
        index.replace_documents([_copy(small[0], n)])
    assert len(_segment_sizes(tmp_path)) == MERGE_FACTOR
    index.replace_documents([_copy(small[0], MERGE_FACTOR)])
    assert _segment_sizes(tmp_path) == [(MERGE_FACTOR + 1) * len(small[0].passages)]
    found = run_search(tmp_path, SearchRequest("", limit=0))
    assert found.total == MERGE_FACTOR + 1


def test_a_merge_never_writes_more_than_the_bound(
    corpus_docs: list[Document], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kuntahaku.search._index.MAX_MERGED", 15)
    index = open_index(tmp_path, engine="whoosh")
    doc = next(d for d in corpus_docs if 2 <= len(d.passages) < 10)
    for n in range(MERGE_FACTOR + 2):
        index.replace_documents([_copy(doc, n)])
    # segments of one tier, too large together to be merged under the bound
    assert len(_segment_sizes(tmp_path)) == MERGE_FACTOR + 2


def test_deleting_every_passage_of_a_segment_drops_it(
    corpus_docs: list[Document], tmp_path: Path
) -> None:
    index = open_index(tmp_path, engine="whoosh")
    first, second = _copy(corpus_docs[0], 1), _copy(corpus_docs[1], 2)
    index.replace_documents([first])
    index.replace_documents([second])
    assert len(_segment_sizes(tmp_path)) == 2
    index.delete_documents([first.doc_id])
    assert _segment_sizes(tmp_path) == [len(second.passages)]


def test_searches_follow_each_commit(corpus_docs: list[Document], tmp_path: Path) -> None:
    index = open_index(tmp_path, engine="whoosh")
    doc = corpus_docs[0]
    index.replace_documents([_copy(doc, 1)])
    assert run_search(tmp_path, SearchRequest("", limit=0)).total == 1
    index.replace_documents([_copy(doc, 2)])
    assert run_search(tmp_path, SearchRequest("", limit=0)).total == 2
    index.delete_documents([f"{doc.doc_id}-1"])
    result = run_search(tmp_path, SearchRequest("", limit=0))
    assert [h.doc_id for h in result.hits] == [f"{doc.doc_id}-2"]


def test_a_document_in_two_segments_is_one_result(
    corpus_docs: list[Document], tmp_path: Path
) -> None:
    """Commits keep a document in one segment; should one span two, it still counts once."""
    index = open_index(tmp_path, engine="whoosh")
    doc = next(d for d in corpus_docs if len(d.passages) >= 2)
    first = replace(doc, passages=doc.passages[:1])
    rest = replace(doc, passages=doc.passages[1:])
    index.replace_documents([first])
    writer = index.whoosh_index.writer()
    for record in document_records(rest):  # no delete: the old passage stays in segment one
        writer.add_document(**record)
    writer.commit()
    assert len(_segment_sizes(tmp_path)) == 2
    for sort in ("relevance", "date"):
        result = run_search(tmp_path, SearchRequest("", sort=sort, passages=True, limit=0))
        assert result.total == 1
        assert result.hits[0].matches == len(doc.passages)
        assert sum(result.facets["lang"].values()) == 1
        assert sorted(h.passage_id for h in result.hits) == sorted(
            p.passage_id for p in doc.passages
        )
