"""simplemma's dictionaries as SQLite files in the cache folder, for processes that look up a
few words (a search) rather than analyse whole documents (an ingest).

Loading simplemma's Swedish dictionary takes about half a second (Finnish, used without Voikko,
several seconds), which a one-query `kuntahaku search` paid on every run. An ingest loads the
dictionaries into memory anyway (`lemmas.preload`) and then writes each one here once per machine
(and simplemma version); a search then looks its few words up in the file in microseconds. The
lookups give exactly what the in-memory dictionary gives: the same keys and values.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path

from kuntahaku.config import default_cache_dir

FORMAT = 1  # bump when the file layout changes


def _version() -> str:
    from simplemma.__metadata__ import __version__

    return str(__version__)


def lexicon_path(lang: str) -> Path:
    """Where the dictionary of `lang` is kept for this simplemma version."""
    return default_cache_dir() / f"simplemma-{_version()}-{lang}-v{FORMAT}.sqlite"


class DiskDictionary(Mapping[str, str]):
    """A read-only word -> lemma mapping in an SQLite file (what simplemma's strategies read),
    and the set of known base forms (what the Swedish compound splitter reads)."""

    def __init__(self, path: Path) -> None:
        self._conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()

    def _one(self, sql: str, key: str) -> tuple[str] | None:
        with self._lock:
            row: tuple[str] | None = self._conn.execute(sql, (key,)).fetchone()
        return row

    def get(self, key: str, default: str | None = None) -> str | None:  # type: ignore[override]
        """The lemma of `key`, or `default`."""
        row = self._one("SELECT v FROM d WHERE k = ?", key)
        return row[0] if row is not None else default

    def __getitem__(self, key: str) -> str:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def __iter__(self) -> Iterator[str]:
        with self._lock:
            keys = [k for (k,) in self._conn.execute("SELECT k FROM d")]
        return iter(keys)

    def __len__(self) -> int:
        with self._lock:
            return int(self._conn.execute("SELECT count(*) FROM d").fetchone()[0])

    def is_base_form(self, word: str) -> bool:
        """Whether `word` is one of the base forms written with the dictionary."""
        return self._one("SELECT 1 FROM base WHERE w = ?", word) is not None


@lru_cache(maxsize=8)
def open_lexicon(lang: str) -> DiskDictionary | None:
    """The dictionary file of `lang`, or None when there is none (or it cannot be read)."""
    path = lexicon_path(lang)
    if not path.is_file():
        return None
    try:
        found = DiskDictionary(path)
        found.get("")  # a truncated or foreign file fails here, not in the middle of a search
    except sqlite3.Error:
        return None
    return found


def write_lexicon(lang: str, table: Mapping[str, str], base_forms: Iterable[str]) -> bool:
    """Write `table` and `base_forms` as the dictionary file of `lang` unless it exists;
    atomically (a temporary file renamed), so that concurrent writers and readers never see half
    a file. False when the cache folder cannot be written (searches then load the dictionary)."""
    path = lexicon_path(lang)
    if path.is_file():
        return True
    tmp = ""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
        os.close(fd)
        conn = sqlite3.connect(tmp)
        try:
            conn.execute("PRAGMA journal_mode = OFF")
            conn.execute("PRAGMA synchronous = OFF")
            conn.execute("CREATE TABLE d (k TEXT PRIMARY KEY, v TEXT NOT NULL) WITHOUT ROWID")
            conn.execute("CREATE TABLE base (w TEXT PRIMARY KEY) WITHOUT ROWID")
            conn.executemany("INSERT INTO d VALUES (?, ?)", sorted(table.items()))
            conn.executemany("INSERT INTO base VALUES (?)", ((w,) for w in sorted(base_forms)))
            conn.commit()
        finally:
            conn.close()
        os.replace(tmp, path)
        tmp = ""
    except (OSError, sqlite3.Error):
        return False
    finally:
        if tmp:
            Path(tmp).unlink(missing_ok=True)
    open_lexicon.cache_clear()
    return True
