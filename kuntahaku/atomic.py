"""Writing a file so that it is either wholly replaced or left as it was.

The new content goes to a temporary file in the same folder (so that the rename stays on one
file system), is flushed to disk, and is renamed over the target. A failed write (disk full, an
unwritable folder, a name too long) removes the temporary file and leaves the old file intact.
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

from kuntahaku.errors import WriteFailed

_REASONS = {
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "read-only file system",
    errno.ENAMETOOLONG: "file name too long",
    errno.ENOENT: "no such folder",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.EISDIR: "is a folder",
}


def os_reason(exc: OSError) -> str:
    """A short, human reason for an OS error (without the path, which callers name)."""
    return _REASONS.get(exc.errno or 0, exc.strerror or str(exc))


def write_text_atomic(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Replace `path` by `text` atomically; raise `WriteFailed` naming the path and the reason.

    Only a regular file (or nothing) is replaced this way; a device such as `/dev/full` or
    `/dev/stdout` is written directly, since it cannot be renamed over.
    """
    data = text.encode(encoding)
    folder = path.parent
    tmp = ""
    try:
        if path.exists() and not path.is_file():
            _write_direct(path, data)
            return
        folder.mkdir(parents=True, exist_ok=True)
        import tempfile  # only for writing: not loaded by a command that reads

        fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            with contextlib.suppress(OSError):
                os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
        tmp = ""
    except OSError as exc:
        raise WriteFailed(f"{path}: cannot write: {os_reason(exc)}") from exc
    finally:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _write_direct(path: Path, data: bytes) -> None:
    """Write to something that is not a regular file (a device, a pipe)."""
    try:
        with path.open("wb") as fh:
            fh.write(data)
            fh.flush()
    except OSError as exc:
        raise WriteFailed(f"{path}: cannot write: {os_reason(exc)}") from exc


def display_path(path: str | Path) -> str:
    """A path as it can be printed and stored: bytes that are not UTF-8 shown as `\\xNN`."""
    return os.fsencode(str(path)).decode("utf-8", errors="backslashreplace")
