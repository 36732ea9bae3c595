"""SIGINT and SIGTERM during a batch (ingest, reindex): turned into `Stop` in the main thread,
held back while a commit is written, so that what finished is kept and the command exits 130."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType
from typing import Any


class Stop(BaseException):
    """Raised in the main thread by SIGINT or SIGTERM (a BaseException, so that no
    `except Exception` around a stage swallows it)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class Signals:
    """SIGINT and SIGTERM turned into `Stop`, except inside `shielded()` sections (writing a
    commit), where the stop waits until the section ends."""

    def __init__(self) -> None:
        self.requested = 0
        self.depth = 0
        self._old: dict[int, Any] = {}

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        self.requested = self.requested or signum
        if not self.depth:
            raise Stop(signum)

    def __enter__(self) -> Signals:
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                self._old[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for sig, old in self._old.items():
            signal.signal(sig, old)
        self._old.clear()

    @contextlib.contextmanager
    def shielded(self) -> Iterator[None]:
        """A section a signal does not cut short."""
        self.depth += 1
        try:
            yield
        finally:
            self.depth -= 1
        if not self.depth and self.requested:
            raise Stop(self.requested)
