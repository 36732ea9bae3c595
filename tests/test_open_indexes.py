"""The per-process cache of open indexes behaves the same on both engines: one open index per
folder, the least recently used closed beyond the limit, a rebuilt folder opened afresh."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kuntahaku.errors import IndexStoreError
from kuntahaku.search import SearchRequest, run_search
from kuntahaku.search._engine import choose_engine
from kuntahaku.search._opened import MAX_OPEN


def _cache(index_dir: Path):  # type: ignore[no-untyped-def]
    if choose_engine(index_dir, create=False) == "whoosh":
        from kuntahaku.search import _live

        return _live._indexes
    from kuntahaku.search import _tantivy

    return _tantivy._indexes


def _copies(src: Path, root: Path, n: int) -> list[Path]:
    out = []
    for i in range(n):
        dst = root / f"copy{i}"
        shutil.copytree(src, dst)
        out.append(dst)
    return out


def test_one_open_index_per_folder_and_lru_closing(engine_index_dir: Path, tmp_path: Path) -> None:
    folders = _copies(engine_index_dir, tmp_path, MAX_OPEN + 1)
    cache = _cache(folders[0])
    first = cache.get(folders[0])
    assert cache.get(folders[0]) is first  # the same folder is not opened twice
    expected = run_search(folders[0], SearchRequest(query="kaupunginhallitus")).total
    assert expected > 0
    for folder in folders[1:]:
        assert run_search(folder, SearchRequest(query="kaupunginhallitus")).total == expected
    assert len(cache) <= MAX_OPEN
    # The first folder was the least recently used one: it is opened again, and still answers.
    assert cache.get(folders[0]) is not first
    assert run_search(folders[0], SearchRequest(query="kaupunginhallitus")).total == expected


def test_a_folder_rebuilt_with_another_index_is_opened_afresh(
    engine_index_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "ix"
    shutil.copytree(engine_index_dir, folder)
    assert run_search(folder, SearchRequest(query="kaupunginhallitus")).total > 0
    shutil.rmtree(folder)
    with pytest.raises(IndexStoreError):
        run_search(folder, SearchRequest(query="kaupunginhallitus"))
    shutil.copytree(engine_index_dir, folder)
    assert run_search(folder, SearchRequest(query="kaupunginhallitus")).total > 0


def test_forget_closes_and_the_next_search_reopens(engine_index_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "ix"
    shutil.copytree(engine_index_dir, folder)
    cache = _cache(folder)
    before = cache.get(folder)
    cache.forget(folder)
    after = cache.get(folder)
    assert after is not before
    assert run_search(folder, SearchRequest(query="kaupunginhallitus")).total > 0


def test_a_fresh_process_reads_the_saved_document_table_and_never_a_stale_one(
    corpus_index: tuple[Path, object], tmp_path: Path
) -> None:
    """The tantivy document table's arrays are saved beside it on first open; the next open
    reads the same arrays from there, and after a commit changes the table, the new one."""
    import numpy as np

    from kuntahaku.search import facet_counts, open_index
    from kuntahaku.search._tantivy import DOCS_FILE, TABLE_CACHE_SUFFIX, DocTable

    folder = tmp_path / "ix"
    shutil.copytree(corpus_index[0], folder)
    table_file = folder / DOCS_FILE
    saved = table_file.with_name(table_file.name + TABLE_CACHE_SUFFIX)
    saved.unlink(missing_ok=True)
    read = DocTable(table_file)
    assert saved.exists()
    again = DocTable(table_file)
    for name in ("dates", "codes", "starts"):
        assert np.array_equal(getattr(read, name), getattr(again, name))
    assert again.values == read.values and again.size == read.size

    before = facet_counts(folder, SearchRequest(query="kaupunginhallitus"))
    ids = sorted(open_index(folder, create=False).document_ids())
    open_index(folder, create=False).delete_documents(ids[:3])
    after_table = DocTable(table_file)
    assert not np.array_equal(after_table.starts, read.starts) or after_table.size != read.size
    after = facet_counts(folder, SearchRequest(query="kaupunginhallitus"))
    assert after != before
