"""Distributed ingest speed: `ingest --cluster` with 1 and 2 Dask workers next to a local ingest
with 1 and 2 worker processes, in pages per second, on the text PDFs of `corpus/`.

    python bench/cluster_ingest.py [--repeat N]

Everything runs on this machine: a `dask scheduler` and its `dask worker` processes (one thread
each) on 127.0.0.1. Each figure is the wall time of a whole `kuntahaku ingest --no-ocr` command
into a fresh index folder (process start, model loading, every stage, the store and the index).
A cluster's workers are long-lived, so the cluster is measured twice: `cold`, the first ingest
after the workers started (they load their models on their first document), and `warm`, the runs
after it. The text PDFs are the corpus PDFs whose every page has a text layer. Prints a table and
writes bench/out/cluster_ingest.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "cluster_ingest.json"
BIN = Path(sys.executable).parent
MIN_PAGE_CHARS = 20


def text_pdfs() -> tuple[list[Path], int]:
    """The corpus PDFs whose every page has a text layer, and their pages."""
    found, pages = [], 0
    for path in sorted((ROOT / "corpus").rglob("*.pdf")):
        pdf = pdfium.PdfDocument(str(path))
        try:
            texts = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
        finally:
            pdf.close()
        if texts and all(len(t.strip()) >= MIN_PAGE_CHARS for t in texts):
            found.append(path)
            pages += len(texts)
    return found, pages


def env() -> dict[str, str]:
    out = dict(os.environ)
    out["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), out.get("PYTHONPATH", "")]))
    return out


def ingest(index: Path, files: list[Path], *options: str) -> tuple[float, int]:
    """Wall seconds of one whole ingest command, and the pages it says it ingested."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "kuntahaku", "--index", str(index), "ingest", "--no-ocr"]
        + list(options)
        + [str(f) for f in files],
        env=env(),
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"ingest failed ({done.returncode}): {done.stderr}")
    match = re.search(r"Ingested \d+ document\(s\) \((\d+) pages", done.stdout)
    return seconds, int(match.group(1)) if match else 0


class LocalCluster:
    """A scheduler and `n` single-threaded workers as separate processes on 127.0.0.1."""

    def __init__(self, n: int, folder: Path) -> None:
        self.folder = folder
        self.procs: list[subprocess.Popen[bytes]] = []
        sched_file = folder / "scheduler.json"
        self._spawn(
            "scheduler",
            ["--host", "127.0.0.1", "--port", "0", "--no-dashboard"],
            ["--scheduler-file", str(sched_file)],
        )
        deadline = time.monotonic() + 60
        while not sched_file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        self.address = json.loads(sched_file.read_text())["address"]
        for i in range(n):
            self._spawn(
                "worker",
                [self.address, "--host", "127.0.0.1", "--nthreads", "1", "--no-dashboard"],
                ["--name", f"w{i}", "--local-directory", str(folder / f"w{i}")],
            )
        from distributed import Client

        with Client(self.address, timeout="30s", set_as_default=False) as client:
            client.wait_for_workers(n, timeout=120)

    def _spawn(self, what: str, args: list[str], more: list[str]) -> None:
        log = (self.folder / f"{what}-{len(self.procs)}.log").open("wb")
        self.procs.append(
            subprocess.Popen(
                [str(BIN / "dask"), what, *args, *more],
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env(),
            )
        )

    def close(self) -> None:
        for proc in reversed(self.procs):
            proc.terminate()
        for proc in reversed(self.procs):
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=2, help="warm runs per setting")
    args = parser.parse_args()
    files, pages = text_pdfs()
    print(f"{len(files)} text PDFs of corpus/, {pages} pages; load {os.getloadavg()[0]:.2f}")
    rows: list[dict[str, object]] = []
    work = Path(tempfile.mkdtemp(prefix="kuntahaku-cluster-bench-"))

    def record(setting: str, kind: str, seconds: float, n_pages: int) -> None:
        rows.append(
            {
                "setting": setting,
                "run": kind,
                "seconds": round(seconds, 2),
                "pages": n_pages,
                "pages_per_s": round(n_pages / seconds, 1),
            }
        )
        print(
            f"{setting:<28} {kind:<5} {n_pages:>4} pages {seconds:7.2f} s"
            f" {n_pages / seconds:7.1f} pages/s",
            flush=True,
        )

    try:
        for workers in (1, 2):
            for r in range(args.repeat):
                seconds, n = ingest(work / f"local{workers}-{r}", files, "--workers", str(workers))
                record(f"local, {workers} worker process(es)", "run", seconds, n)
        for workers in (1, 2):
            folder = work / f"cluster{workers}"
            folder.mkdir()
            cluster = LocalCluster(workers, folder)
            try:
                for r in range(args.repeat + 1):
                    seconds, n = ingest(folder / f"idx{r}", files, "--cluster", cluster.address)
                    record(
                        f"cluster, {workers} dask worker(s)",
                        "cold" if r == 0 else "warm",
                        seconds,
                        n,
                    )
            finally:
                cluster.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"files": len(files), "pages": pages, "runs": rows}, indent=1))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
