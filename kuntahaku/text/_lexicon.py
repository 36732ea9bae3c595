"""simplemma's dictionaries as SQLite files in the cache folder, for processes that look up a
few words (a search) rather than analyse whole documents (an ingest).

Loading simplemma's Swedish dictionary takes about half a second (Finnish, used without Voikko,
several seconds), which a one-query `kuntahaku search` paid on every run. An ingest loads the
dictionaries into memory anyway (`lemmas.preload`) and then writes each one here once per machine
(and simplemma version); a search then looks its few words up in the file in microseconds. The
lookups give exactly what the in-memory dictionary gives: the same keys and values.

Importing simplemma itself (its rules are compiled regular expressions) takes as long again, so
its answers are kept too: `lemma_memo` holds simplemma's lemma of every (word, language) an
ingest analysed or a search asked for, and a search whose words are all there (a query asked
before, mostly) never imports simplemma. Both files are named after the simplemma version
they come from, read without importing it.
"""

from __future__ import annotations

import importlib.util
import os
import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path

from kuntahaku.config import default_cache_dir

FORMAT = 1  # bump when the file layout changes


_VERSION_RE = re.compile(r"""__version__\s*=\s*["']([^"']+)["']""")


@lru_cache(maxsize=1)
def _version() -> str:
    """simplemma's version, read from its `__metadata__.py` (importing the package to ask would
    cost what the files here save)."""
    spec = importlib.util.find_spec("simplemma")
    if spec is not None and spec.origin:
        try:
            found = _VERSION_RE.search((Path(spec.origin).parent / "__metadata__.py").read_text())
        except OSError:
            found = None
        if found:
            return found.group(1)
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
        import tempfile  # only for writing: not loaded by a command that reads

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


def memo_path() -> Path:
    """Where simplemma's lemmas of words already seen are kept for this simplemma version."""
    return default_cache_dir() / f"simplemma-{_version()}-lemmas-v{FORMAT}.sqlite"


class LemmaMemo:
    """simplemma's lemma of (word, language) pairs already seen, in an SQLite file; every
    lookup and write fails quietly (a cache folder that cannot be read or written only costs
    the time of asking simplemma)."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._tried = False

    def _open(self, create: bool) -> sqlite3.Connection | None:
        if self._conn is not None or (self._tried and not create):
            return self._conn
        self._tried = True
        if not create and not self._path.is_file():
            return None
        try:
            if create:
                self._path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self._path, timeout=2, check_same_thread=False)
            conn.execute(
                "CREATE TABLE IF NOT EXISTS m (lang TEXT, word TEXT, lemma TEXT NOT NULL,"
                " PRIMARY KEY (lang, word)) WITHOUT ROWID"
            )
            conn.commit()
        except (OSError, sqlite3.Error):
            return None
        self._conn = conn
        return conn

    def get(self, word: str, lang: str) -> str | None:
        """The lemma kept for `word` in `lang`, or None."""
        with self._lock:
            conn = self._open(create=False)
            if conn is None:
                return None
            try:
                row = conn.execute(
                    "SELECT lemma FROM m WHERE lang = ? AND word = ?", (lang, word)
                ).fetchone()
            except sqlite3.Error:
                return None
        return str(row[0]) if row is not None else None

    def put(self, pairs: Mapping[tuple[str, str], str]) -> bool:
        """Keep these (word, lang) -> lemma answers; False when the file cannot be written."""
        if not pairs:
            return True
        with self._lock:
            conn = self._open(create=True)
            if conn is None:
                return False
            try:
                conn.executemany(
                    "INSERT OR IGNORE INTO m VALUES (?, ?, ?)",
                    ((lang, word, lemma) for (word, lang), lemma in pairs.items()),
                )
                conn.commit()
            except sqlite3.Error:
                conn.rollback()
                return False
        return True


@lru_cache(maxsize=1)
def lemma_memo() -> LemmaMemo:
    """The process's handle on the memo file of this simplemma version."""
    return LemmaMemo(memo_path())
