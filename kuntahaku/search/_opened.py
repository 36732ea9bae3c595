"""One per-process cache of open indexes, shared by both engines.

Opening an index (reading its segment list, mapping its files, loading the document table)
costs far more than a query, so each process keeps the last few it used open and brings them
up to date with the latest commit before each use.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Generic, Protocol, TypeVar

MAX_OPEN = 4


class Live(Protocol):
    """What the cache needs of an engine's open index."""

    def current(self) -> bool:
        """Follow the latest commit; False when the folder now holds another index."""
        ...

    def close(self) -> None:
        """Release the files the open index holds."""
        ...


L = TypeVar("L", bound=Live)


class OpenIndexes(Generic[L]):
    """The process's open indexes of one engine, by folder, least recently used closed first."""

    def __init__(self, opener: Callable[[Path], L], max_open: int = MAX_OPEN) -> None:
        self._opener = opener
        self._max_open = max_open
        self._open: OrderedDict[str, L] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, index_dir: Path) -> L:
        """The open index for a folder, following its latest commit; reopened when the folder
        now holds another index or was removed (the opener says when there is none)."""
        key = str(index_dir.resolve())
        with self._lock:
            live = self._open.get(key)
            if live is not None:
                try:
                    fresh = live.current()
                except OSError:  # the folder was removed: open it afresh (or say it is gone)
                    fresh = False
                if not fresh:
                    del self._open[key]
                    live.close()
                    live = None
            if live is None:
                live = self._opener(index_dir)
                self._open[key] = live
            self._open.move_to_end(key)
            while len(self._open) > self._max_open:
                _, old = self._open.popitem(last=False)
                old.close()
            return live

    def forget(self, index_dir: Path) -> None:
        """Close the open index for a folder (after it was deleted or rebuilt)."""
        with self._lock:
            live = self._open.pop(str(index_dir.resolve()), None)
        if live is not None:
            live.close()

    def __len__(self) -> int:
        return len(self._open)
