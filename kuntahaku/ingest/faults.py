"""Fault injection for tests of crash safety: kill or pause the process at a named point.

Set `KUNTAHAKU_FAULT_AT=POINT` (optionally `POINT#N` for the N-th time the point is reached)
and `KUNTAHAKU_FAULT=kill|pause`. `kill` sends the process SIGKILL there; `pause` prints
`fault: paused at POINT` on stderr and sleeps (interruptible by signals), so that a test can
send a real signal at a known moment. Points: `finished` (a document was added to the open
commit), `store-written` (the store holds a commit group, the index not yet), `index-committed`
(the index commit is done, its journal rows not yet cleared), `worker` (a worker process
started a document). Unset, a point costs one dictionary look-up.
"""

from __future__ import annotations

import os
import signal
import sys
import time

_seen: dict[str, int] = {}
PAUSE_SECONDS = 120.0


def point(name: str) -> None:
    """Act on the configured fault when `name` is its point (and its count is reached)."""
    where = os.environ.get("KUNTAHAKU_FAULT_AT")
    if not where:
        return
    want, _, nth = where.partition("#")
    if want != name:
        return
    _seen[name] = _seen.get(name, 0) + 1
    if nth and _seen[name] != int(nth):
        return
    action = os.environ.get("KUNTAHAKU_FAULT", "kill")
    if action == "pause":
        print(f"fault: paused at {name}", file=sys.stderr, flush=True)
        time.sleep(PAUSE_SECONDS)
    elif action == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
