"""Putting a rebuilt index in the place of the one in use, so that a kill at any moment leaves
a usable index (see `reindex.py`).

The new index's entries (an engine's folder, the engine record) are moved into the index
folder one by one: a folder by an atomic exchange where the system has one (Linux
`renameat2`), a file by a rename over the old one, the engine record last, so that until then
readers keep the old engine and from then on find the new one complete. The plan, with each
entry's inode, is written before the first move; a command that finds a plan finishes it
(`finish_swap`), telling by the inodes what was already moved.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import json
import os
import shutil
from pathlib import Path

from kuntahaku.config import ENGINES
from kuntahaku.errors import IndexStoreError
from kuntahaku.ingest import faults

WORK_DIR = ".reindex"  # in the index folder: everything of a rebuild in progress
BUILD_DIR = "index"  # the new index's folder, as `open_index` lays it out
OLD_DIR = "old"  # what the swap took out of the index folder, removed at its end
PLAN_FILE = "swap.json"
# Folders of an index folder that hold an engine's index (replaced or retired by a swap).
ENGINE_FOLDERS = ENGINES
# The record of which engine a folder holds, where the engines keep one: swapped last.
ENGINE_RECORD = "engine.json"


def _inode(path: Path) -> list[int]:
    st = path.lstat()
    return [st.st_dev, st.st_ino]


def plan_swap(index_dir: Path) -> None:
    """Write down which entries of the new index go in (their inodes, to tell afterwards what
    was moved), the engine record last."""
    build = index_dir / WORK_DIR / BUILD_DIR
    names = sorted(p.name for p in build.iterdir())
    names.sort(key=lambda n: n == ENGINE_RECORD)
    plan = {"entries": [[n, _inode(build / n)] for n in names]}
    tmp = index_dir / WORK_DIR / (PLAN_FILE + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        json.dump(plan, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, index_dir / WORK_DIR / PLAN_FILE)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where the system or
    the file system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    renameat2.argtypes += [ctypes.c_uint]
    done = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if done == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EXDEV):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _move_in(new: Path, target: Path, old_dir: Path) -> None:
    """Put `new` at `target`; what was there goes to `old_dir`."""
    if not target.exists() and not target.is_symlink():
        os.rename(new, target)
        return
    if new.is_dir() and target.is_dir() and _exchange(new, target):
        old_dir.mkdir(exist_ok=True)
        os.rename(new, old_dir / target.name)  # `new` now holds the old entry
        return
    if new.is_dir() or target.is_dir():
        old_dir.mkdir(exist_ok=True)
        os.rename(target, old_dir / target.name)  # a moment without it; finished by a rerun
        os.rename(new, target)
        return
    os.replace(new, target)  # a file: atomic


def finish_swap(index_dir: Path) -> bool:
    """Put a rebuilt index in place when a swap was planned (and perhaps cut short by a kill);
    False when none was. The caller holds the write lock."""
    work = index_dir / WORK_DIR
    plan_file = work / PLAN_FILE
    if not plan_file.is_file():
        return False
    plan = json.loads(plan_file.read_text(encoding="utf-8"))
    build, old = work / BUILD_DIR, work / OLD_DIR
    new_names = set()
    for name, inode in plan["entries"]:
        new_names.add(name)
        target = index_dir / name
        with contextlib.suppress(FileNotFoundError):
            if _inode(target) == inode:
                continue  # moved in before a kill
        source = build / name
        if not source.exists() or _inode(source) != inode:
            raise IndexStoreError(
                f"{work}: an interrupted reindex cannot be finished ({name} is missing);"
                " remove this folder and run `kuntahaku reindex` again"
            )
        _move_in(source, target, old)
        faults.point("reindex-swapped")
    for name in ENGINE_FOLDERS:  # an engine the new index does not use
        stale = index_dir / name
        if name not in new_names and stale.is_dir():
            old.mkdir(exist_ok=True)
            os.rename(stale, old / name)
    plan_file.unlink()
    shutil.rmtree(work, ignore_errors=True)
    return True


def swap_pending(index_dir: Path) -> bool:
    """Whether a planned swap waits to be finished (one stat)."""
    return (index_dir / WORK_DIR / PLAN_FILE).is_file()
