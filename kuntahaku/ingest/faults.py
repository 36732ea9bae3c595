"""Fault injection for tests of crash safety: kill or pause the process at a named point.

Set `KUNTAHAKU_FAULT_AT=POINT` (optionally `POINT#N` for the N-th time the point is reached)
and `KUNTAHAKU_FAULT=kill|pause`. `kill` sends the process SIGKILL there; `pause` prints
`fault: paused at POINT` on stderr and sleeps (interruptible by signals), so that a test can
send a real signal at a known moment. Points: `finished` (a document was added to the open
commit), `store-written` (the store holds a commit group, the index not yet), `index-committed`
(the index commit is done, its journal rows not yet cleared), `worker` (a worker process,
local or of a cluster, started a document), `reindex-committed` (a commit of a rebuilt index is
done, its progress not yet recorded), `reindex-swapped` (a rebuilt index took the old one's
place, the old one not yet removed).

`POINT@NAME` fires only for the document whose file is called NAME. With
`KUNTAHAKU_FAULT_ONCE=FILE` the fault fires in one process only, the first to create FILE, so that
a document retried in another process (a cluster worker that died) goes through there. Unset, a
point costs one dictionary look-up.
"""

from __future__ import annotations

import os
import signal
import sys
import time

_seen: dict[str, int] = {}
PAUSE_SECONDS = 120.0


def point(name: str, subject: str = "") -> None:
    """Act on the configured fault when `name` is its point (and `subject`, the document's file
    name, its subject, and its count is reached)."""
    where = os.environ.get("KUNTAHAKU_FAULT_AT")
    if not where:
        return
    want, _, nth = where.partition("#")
    want, _, file_name = want.partition("@")
    if want != name or (file_name and file_name != subject):
        return
    _seen[name] = _seen.get(name, 0) + 1
    if nth and _seen[name] != int(nth):
        return
    if not _first_process():
        return
    action = os.environ.get("KUNTAHAKU_FAULT", "kill")
    if action == "pause":
        print(f"fault: paused at {name}", file=sys.stderr, flush=True)
        time.sleep(PAUSE_SECONDS)
    elif action == "kill":
        os.kill(os.getpid(), signal.SIGKILL)


def _first_process() -> bool:
    """Whether this process may act: always, unless KUNTAHAKU_FAULT_ONCE names a marker file
    another process created first."""
    marker = os.environ.get("KUNTAHAKU_FAULT_ONCE")
    if not marker:
        return True
    try:
        os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return False
    return True
