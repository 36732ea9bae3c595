"""The compiled gazetteer cached in the user's cache folder: read back whole, never stale, rebuilt
when the file is corrupt, and never in the way when the folder cannot be written."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from kuntahaku.gazetteer._data import Entry, catalogue
from kuntahaku.ingest.entities import _cache
from kuntahaku.ingest.entities._gazetteer import Gazetteer


@pytest.fixture(scope="module")
def built() -> Gazetteer:
    return Gazetteer.build(catalogue())


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "kuntahaku"


class Builds:
    """A build function that counts its calls and returns a prepared gazetteer."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.calls = 0

    def __call__(self, entries: Sequence[Entry]) -> Gazetteer:
        self.calls += 1
        return self.gazetteer


def never(entries: Sequence[Entry]) -> Gazetteer:
    raise AssertionError("the gazetteer was built although a good cache file exists")


def same(a: Gazetteer, b: Gazetteer) -> bool:
    return (
        [(p.tokens, p.alias) for p in a.patterns] == [(p.tokens, p.alias) for p in b.patterns]
        and all(p.entry is q.entry for p, q in zip(a.patterns, b.patterns, strict=True))
        and a.vocab == b.vocab
        and a.first == b.first
    )


def cache_files(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"{_cache.PREFIX}*.json"))


def test_a_built_gazetteer_is_written_and_read_back_whole(
    cache_home: Path, built: Gazetteer
) -> None:
    builds = Builds(built)
    first = _cache.load_or_build(catalogue(), builds)
    assert builds.calls == 1 and first is built
    assert [f.name for f in cache_files(cache_home)] == [f"gazetteer-{_cache.cache_key()}.json"]
    again = _cache.load_or_build(catalogue(), never)
    assert same(again, built)
    assert not list(cache_home.glob("*.tmp"))


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x80\x81 not utf-8",
        b'{"format": 1, "key": "',  # cut short, as by a crash mid-write
        b"[1, 2, 3]",
        b'{"format": 1}',
    ],
)
def test_a_corrupt_cache_file_is_rebuilt_and_replaced(
    cache_home: Path, built: Gazetteer, content: bytes
) -> None:
    path = cache_home / f"{_cache.PREFIX}{_cache.cache_key()}.json"
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    builds = Builds(built)
    assert _cache.load_or_build(catalogue(), builds) is built
    assert builds.calls == 1
    assert same(_cache.load_or_build(catalogue(), never), built)


def test_a_file_that_points_at_missing_entries_is_rebuilt(
    cache_home: Path, built: Gazetteer
) -> None:
    _cache.load_or_build(catalogue(), Builds(built))
    (path,) = cache_files(cache_home)
    state = json.loads(path.read_text(encoding="utf-8"))
    state["patterns"][0][0] = len(catalogue()) + 5
    path.write_text(json.dumps(state), encoding="utf-8")
    builds = Builds(built)
    assert _cache.load_or_build(catalogue(), builds) is built
    assert builds.calls == 1


def test_a_stale_cache_is_never_read_and_is_removed(
    cache_home: Path, built: Gazetteer, monkeypatch: pytest.MonkeyPatch
) -> None:
    _cache.load_or_build(catalogue(), Builds(built))
    (old,) = cache_files(cache_home)
    monkeypatch.setattr(_cache, "cache_key", lambda: "0" * 32)  # data or code changed
    builds = Builds(built)
    _cache.load_or_build(catalogue(), builds)
    assert builds.calls == 1
    assert cache_files(cache_home) == [cache_home / f"{_cache.PREFIX}{'0' * 32}.json"]
    assert not old.exists()


def test_the_key_changes_with_the_data_and_the_versions(monkeypatch: pytest.MonkeyPatch) -> None:
    key = _cache.cache_key()
    assert key == _cache.cache_key()
    monkeypatch.setattr(_cache.text_lemmas, "voikko_version", lambda: "libvoikko 9.9 (other)")
    assert _cache.cache_key() != key


def test_an_unwritable_cache_folder_only_costs_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, built: Gazetteer
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    builds = Builds(built)
    assert _cache.load_or_build(catalogue(), builds) is built
    assert _cache.load_or_build(catalogue(), builds) is built
    assert builds.calls == 2
