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
