"""The compiled gazetteer, kept between processes in the user's cache folder.

Compiling the gazetteer tokenizes every alias with spaCy and lemmatises the words of multi-word
aliases, which loads simplemma's Swedish and English dictionaries: about a second, paid by every
process that tags (each ingest worker, every `kuntahaku ingest` of one file). Reading the compiled
patterns back takes a few milliseconds.

The file is plain JSON (nothing in it is executed on load). Its name holds a hash of everything
compiling reads: the data files, the source of the modules that compile and analyse aliases, and
the versions of Python, spaCy, simplemma and Voikko, so a stale file is never read. A file that
cannot be read or does not hold what is expected is rebuilt and replaced. Files are written under
a temporary name and renamed into place, so that a concurrent reader never sees half a file.
Where the folder cannot be written, the gazetteer is compiled in memory as before.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import logging
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from kuntahaku.config import default_cache_dir
from kuntahaku.gazetteer import _data
from kuntahaku.gazetteer._data import Entry
from kuntahaku.ingest.entities import _gazetteer, _lemmas
from kuntahaku.ingest.entities._gazetteer import Gazetteer, Pattern, PatternToken

# The module, not the function `kuntahaku.text.lemmas` that the package exports under its name.
text_lemmas = importlib.import_module("kuntahaku.text.lemmas")

log = logging.getLogger(__name__)

FORMAT = 1  # of the JSON file; part of the hash
PREFIX = "gazetteer-"
# Modules whose code decides what a compiled pattern holds.
_MODULES = (_data, _gazetteer, _lemmas, text_lemmas, sys.modules[__name__])


def cache_dir() -> Path:
    """The cache folder the configuration names (`config.default_cache_dir`)."""
    return default_cache_dir()


def cache_key() -> str:
    """A hash of the data files, the compiling code and the versions of the analysers."""
    h = hashlib.sha256(f"format {FORMAT}\n".encode())
    data = resources.files("kuntahaku").joinpath("data")
    for item in sorted(data.iterdir(), key=lambda f: f.name):
        if item.is_file():
            h.update(f"data {item.name}\n".encode())
            h.update(item.read_bytes())
    for module in _MODULES:
        h.update(f"module {module.__name__}\n".encode())
        h.update(Path(str(module.__file__)).read_bytes())
    versions = (
        sys.version,
        metadata.version("spacy"),
        metadata.version("simplemma"),
        text_lemmas.voikko_version(),
    )
    h.update("\n".join(versions).encode())
    return h.hexdigest()[:32]


def load_or_build(
    entries: Sequence[Entry], build: Callable[[Sequence[Entry]], Gazetteer]
) -> Gazetteer:
    """The gazetteer of `entries` from the cache folder, or built (and then cached)."""
    try:
        key = cache_key()
    except OSError as exc:  # a module's source or a data file cannot be read
        log.info("gazetteer cache off: %s", exc)
        return build(entries)
    path = cache_dir() / f"{PREFIX}{key}.json"
    found = read(path, key, entries)
    if found is not None:
        return found
    gazetteer = build(entries)
    write(path, key, gazetteer, entries)
    return gazetteer


def read(path: Path, key: str, entries: Sequence[Entry]) -> Gazetteer | None:
    """The gazetteer cached at `path` for `key`, or None when it is missing or unusable."""
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:  # unreadable, not UTF-8, not JSON
        log.info("gazetteer cache %s unreadable (%s): rebuilding it", path, exc)
        return None
    try:
        return _from_state(state, key, entries)
    except (KeyError, IndexError, TypeError, ValueError) as exc:
        log.info("gazetteer cache %s does not hold a gazetteer (%s): rebuilding it", path, exc)
        return None


def _from_state(state: Any, key: str, entries: Sequence[Entry]) -> Gazetteer | None:
    if state["format"] != FORMAT or state["key"] != key or state["entries"] != len(entries):
        return None
    patterns = []
    for entry_index, alias, tokens in state["patterns"]:
        if not isinstance(entry_index, int) or entry_index < 0:
            raise ValueError(f"bad entry index {entry_index!r}")
        pattern_tokens = tuple(
            PatternToken(frozenset(_strings(keys)), case) for keys, case in tokens
        )
        if not pattern_tokens or not all(isinstance(t.case, str) for t in pattern_tokens):
            raise ValueError("a pattern without tokens")
        patterns.append(Pattern(pattern_tokens, entries[entry_index], str(alias)))
    return Gazetteer(patterns, _strings(state["vocab"]))


def _strings(items: Any) -> list[str]:
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise TypeError("expected a list of strings")
    return items


def write(path: Path, key: str, gazetteer: Gazetteer, entries: Sequence[Entry]) -> None:
    """Store the gazetteer at `path` atomically and remove caches of other keys; errors are
    logged, never raised (the cache only saves time)."""
    index = {id(entry): i for i, entry in enumerate(entries)}
    state = {
        "format": FORMAT,
        "key": key,
        "entries": len(entries),
        "vocab": sorted(gazetteer.vocab),
        "patterns": [
            [index[id(p.entry)], p.alias, [[sorted(t.keys), t.case] for t in p.tokens]]
            for p in gazetteer.patterns
        ],
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(state, fh, ensure_ascii=False)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        for old in path.parent.glob(f"{PREFIX}*.json"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as exc:
        log.info("gazetteer cache not written to %s: %s", path.parent, exc)
