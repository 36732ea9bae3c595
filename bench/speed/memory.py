"""Peak memory of `kuntahaku ingest` on growing copies of the same files, one run per process.

`python -m bench.speed.memory --copies K --workers W FILE...` hard-links (or copies) the files K
times under fresh names in a temporary folder, ingests that folder into a fresh index, and prints
one JSON line: pages, seconds, and peak resident memory of this (main) process and of the largest
worker process (sampled from /proc twice a second). Run in its own process so that each
measurement starts from nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import tempfile
import threading
import time
from pathlib import Path

from kuntahaku.config import Settings
from kuntahaku.ingest.batch import ingest_paths


def replicate(files: list[Path], copies: int, folder: Path) -> None:
    """Put `copies` differently named links (or copies) of each file in `folder`."""
    for k in range(copies):
        for f in files:
            target = folder / f"copy{k:02d}_{f.name}"
            try:
                os.link(f, target)
            except OSError:
                shutil.copyfile(f, target)


def peak_rss_kib(pid: str = "self") -> int:
    """Peak resident memory of a process image in KiB (0 when it is gone).

    `VmHWM` from /proc is reset by exec; `ru_maxrss` is not, so a process started by a big parent
    would report the parent's peak.
    """
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return 0 if pid != "self" else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return 0


class ChildPeaks(threading.Thread):
    """Samples the peak RSS of this process's children (the worker processes) twice a second."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_kib = 0
        self.stopped = threading.Event()

    def children(self) -> list[str]:
        me = str(os.getpid())
        out = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[1] == me:
                out.append(stat.parent.name)
        return out

    def run(self) -> None:
        while not self.stopped.wait(0.5):
            for pid in self.children():
                self.peak_kib = max(self.peak_kib, peak_rss_kib(pid))


def measure(files: list[Path], copies: int, workers: int) -> dict[str, float]:
    """Ingest `copies` copies of `files` with `workers` processes; pages, time and peak RSS."""
    with tempfile.TemporaryDirectory(prefix="kuntahaku-mem-") as tmp:
        docs = Path(tmp) / "docs"
        docs.mkdir()
        replicate(files, copies, docs)
        sampler = ChildPeaks()
        sampler.start()
        started = time.perf_counter()
        report = ingest_paths([str(docs)], Settings(index_dir=Path(tmp) / "index", workers=workers))
        seconds = time.perf_counter() - started
        sampler.stopped.set()
        sampler.join()
    return {
        "copies": copies,
        "workers": workers,
        "documents": report.count("ingested"),
        "failed": report.count("failed"),
        "pages": sum(o.pages for o in report.outcomes),
        "seconds": seconds,
        "main_peak_mb": peak_rss_kib() / 1024,
        "worker_peak_mb": sampler.peak_kib / 1024,
    }


def main() -> None:
    """Command line: one measurement, printed as a JSON line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=1)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args()
    print(json.dumps(measure(args.files, args.copies, args.workers)))


if __name__ == "__main__":
    main()
