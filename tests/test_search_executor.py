"""The block-at-a-time query evaluator gives whoosh's own matches and scores, segment by segment.

The index is the bundled corpus with three documents written again (so the first segment has
deleted passages and a second segment holds their new ones).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from whoosh import query as wq

from kuntahaku.errors import IndexStoreError
from kuntahaku.search import SearchRequest, open_index, run_search
from kuntahaku.search._execute import SegmentQuery
from kuntahaku.search._live import forget, live_index
from kuntahaku.search._postings import field_lengths, read_postings
from kuntahaku.search._query import parse_query
from kuntahaku.search._schema import TEXT_FIELDS
from kuntahaku.search._search import build_filter
from kuntahaku.search._whoosh_compile import to_whoosh
from kuntahaku.store import DocumentStore

ROOT = Path(__file__).resolve().parents[1]
RELEVANCE = json.loads((ROOT / "bench" / "relevance" / "queries.json").read_text())

QUERIES = [
    *(q["query"] for q in RELEVANCE),
    "kaupunginhallitus",
    "kiertotalous OR kiertotalouden",
    "Espoo AND osuuskunta",
    "hanke NOT Helsinki",
    "-kaupunki hanke",
    '"kestävä kehitys"',
    '"Smart City"',
    '"kaupunginhallitus päätti"',
    "title:pöytäkirja",
    "innovaat*",
    "kehitt?minen",
    "kiertotalou~",
    "hanke~2",
    "date:[2024-01-01 TO 2025-12-31]",
    "year:2025",
    "fund:EAKR",
    "lang:sv",
    "type:minutes hanke",
    "ungdomsfullmäktige",
    "stadsstyrelsen protokoll",
    '"kommunstyrelsen beslutar"',
    "*",
]


@pytest.fixture(scope="module")
def two_segments(whoosh_corpus_index_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the corpus index on whoosh with three documents re-written in a second commit
    (this module tests the whoosh engine's own evaluator against whoosh)."""
    folder = tmp_path_factory.mktemp("two-segments")
    shutil.copytree(whoosh_corpus_index_dir, folder, dirs_exist_ok=True)
    with DocumentStore(folder) as store:
        docs = [store.get(d) for d in store.doc_ids()[:3]]
    open_index(folder).replace_documents([d for d in docs if d is not None])
    return folder


def _ours(folder: Path, q: Any, filt: Any = None) -> dict[int, float]:
    live = live_index(folder)
    out: dict[int, float] = {}
    for leaf in live.leaves():
        seg = SegmentQuery(live.searcher, leaf)
        hits = seg.hits(q)
        mask = hits.mask & seg.hits(filt).mask if filt is not None else hits.mask
        out.update({leaf.offset + int(d): float(hits.score[d]) for d in np.flatnonzero(mask)})
    return out


def _whoosh(folder: Path, q: Any, filt: Any = None) -> dict[int, float]:
    """Whoosh's answer; `a ANDNOT b` as a's matches less b's, because whoosh's own AndNot
    matcher keeps some passages that b matches (with b's preloaded OR in a small segment)."""
    if type(q) is wq.AndNot:
        excluded = _whoosh(folder, q.b)
        return {d: s for d, s in _whoosh(folder, q.a, filt).items() if d not in excluded}
    searcher = live_index(folder).searcher
    results = searcher.search(q, filter=filt, limit=None)
    return {docnum: score for score, docnum in results.top_n}


def test_the_copy_has_segments_and_deletions(two_segments: Path) -> None:
    leaves = live_index(two_segments).leaves()
    assert len(leaves) >= 2
    assert any(leaf.searcher.reader().has_deletions() for leaf in leaves)


@pytest.mark.parametrize("text", QUERIES)
def test_same_matches_and_scores_as_whoosh(two_segments: Path, text: str) -> None:
    parsed = parse_query(text).query
    q = to_whoosh(parsed) if parsed is not None else wq.Every()
    ours, theirs = _ours(two_segments, q), _whoosh(two_segments, q)
    assert set(ours) == set(theirs)
    for docnum, score in theirs.items():
        assert ours[docnum] == pytest.approx(score, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize(
    "request_",
    [
        SearchRequest("hanke", filters={"municipality": ["Espoo"]}),
        SearchRequest("kaupunki", doc_type="minutes", year=2025),
        SearchRequest("", filters={"fund": ["EAKR"], "theme": ["innovaatiot"]}),
        SearchRequest("hallitus", lang="sv", date_from="2020", date_to="2025-06"),
        SearchRequest("valtuusto", filters={"body": ["kaupunginhallitus"]}),
    ],
)
def test_filters_match_what_whoosh_filters(two_segments: Path, request_: SearchRequest) -> None:
    parsed = parse_query(request_.query).query
    q = to_whoosh(parsed) if parsed is not None else wq.Every()
    tree, _ = build_filter(request_)
    filt = to_whoosh(tree) if tree is not None else None
    ours, theirs = _ours(two_segments, q, filt), _whoosh(two_segments, q, filt)
    assert set(ours) == set(theirs)
    assert all(ours[d] == pytest.approx(s, rel=1e-9) for d, s in theirs.items())


def test_not_removes_every_passage_the_negated_words_match(two_segments: Path) -> None:
    q = to_whoosh(parse_query("-kaupunki hanke").query)
    negated = _whoosh(two_segments, q.b)
    ours = _ours(two_segments, q)
    assert ours and not set(ours) & set(negated)


def test_block_postings_equal_the_matcher(two_segments: Path) -> None:
    checked = 0
    for leaf in live_index(two_segments).leaves():
        reader = leaf.searcher.reader()
        for fieldname in (*TEXT_FIELDS, "municipality", "doc_type"):
            for i, term in enumerate(reader.lexicon(fieldname)):
                if i % 7:
                    continue
                ids, weights, values = read_postings(reader, fieldname, term, values=True)
                m = reader.postings(fieldname, term)
                expected = []
                while m.is_active():
                    expected.append((m.id(), m.weight(), m.value()))
                    m.next()
                assert list(zip(ids, weights, values, strict=True)) == expected
                checked += 1
    assert checked > 1000


def test_field_lengths_equal_the_reader(two_segments: Path) -> None:
    for leaf in live_index(two_segments).leaves():
        reader = leaf.searcher.reader()
        for fieldname in (*TEXT_FIELDS, "title"):
            lengths = field_lengths(reader, fieldname)
            expected = [
                reader.doc_field_length(d, fieldname, 0) or 0 for d in range(reader.doc_count_all())
            ]
            assert lengths.tolist() == expected


def test_a_new_commit_is_seen_by_the_next_search(two_segments: Path, tmp_path: Path) -> None:
    folder = tmp_path / "idx"
    shutil.copytree(two_segments, folder)
    before = run_search(folder, SearchRequest("kaupunginhallitus", limit=0))
    gone = before.hits[0].doc_id
    open_index(folder).delete_documents([gone])
    after = run_search(folder, SearchRequest("kaupunginhallitus", limit=0))
    assert after.total == before.total - 1
    assert gone not in {h.doc_id for h in after.hits}


def test_a_rebuilt_folder_is_not_answered_from_the_old_one(
    two_segments: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "idx"
    shutil.copytree(two_segments, folder)
    assert run_search(folder, SearchRequest("kaupunginhallitus")).total > 0
    shutil.rmtree(folder)
    with pytest.raises(IndexStoreError, match="no search index here"):
        run_search(folder, SearchRequest("kaupunginhallitus"))
    folder.mkdir()
    open_index(folder).replace_documents([])
    assert run_search(folder, SearchRequest("kaupunginhallitus")).total == 0
    forget(folder)
