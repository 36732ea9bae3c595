"""Our two engines (tantivy, the default, and whoosh) and tantivy with its own Snowball stemming,
side by side on the same generated passages: build passages/s, index bytes per passage, peak
RAM of the build, and p50/p95 of each query kind, warm and from a fresh process.

    python -m bench.speed.engine_compare --size 100000 --out bench/out/engines-100000.json

Each engine is built and queried in its own process (so peak RSS is that engine's alone); the
first query of a fresh process is timed in another one.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.speed.engines import BenchQuery, Engine, Kuntahaku, Tantivy
from bench.speed.generate import generate_documents
from bench.speed.harness import QUERY_KINDS, percentile, workload

ENGINE_NAMES = ("kuntahaku", "kuntahaku-whoosh", "tantivy")


def make(name: str, folder: Path) -> Engine:
    """The engine of that name, its index under `folder`."""
    if name == "kuntahaku":
        return Kuntahaku(folder, "tantivy")
    if name == "kuntahaku-whoosh":
        return Kuntahaku(folder, "whoosh")
    return Tantivy(folder)


def _queries(seed: int, size: int) -> dict[str, list[BenchQuery]]:
    return workload(list(generate_documents(min(size, 3000), seed)))


def run_one(
    name: str, size: int, seed: int, folder: Path, repeats: int, build: bool = True
) -> dict[str, Any]:
    """Build and query one engine in this process (only query it, on the index an earlier run
    left in `folder`, when `build` is False)."""
    engine = make(name, folder)
    row: dict[str, Any] = {"engine": name, "passages": size}
    if build:
        started = time.perf_counter()
        n = engine.build(generate_documents(size, seed))
        build_s = time.perf_counter() - started
        row.update(
            {
                "passages": n,
                "build_seconds": build_s,
                "passages_per_s": n / build_s,
                "bytes_per_passage": engine.size_bytes() / max(1, n),
                "build_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    engine.open()
    queries = _queries(seed, size)
    engine.search(BenchQuery("facets", "kunta", (("municipality", "Inari"),), True))
    for kind in QUERY_KINDS:
        times: list[float] = []
        totals: list[int] = []
        for q in queries[kind]:
            totals.append(engine.search(q).total_docs)
            for _ in range(repeats):
                t0 = time.perf_counter()
                engine.search(q)
                times.append(time.perf_counter() - t0)
        row[kind] = {
            "p50_ms": 1000 * percentile(times, 50),
            "p95_ms": 1000 * percentile(times, 95),
            "mean_total_docs": sum(totals) / len(totals),
        }
    row["query_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return row


_FRESH = """
import json, sys, time
from pathlib import Path
from bench.speed.engine_compare import make, _queries
engine = make(sys.argv[1], Path(sys.argv[2]))
q = _queries(int(sys.argv[4]), int(sys.argv[3]))[sys.argv[5]][0]
t0 = time.perf_counter()
engine.open()
engine.search(q)
first = time.perf_counter() - t0
t0 = time.perf_counter()
engine.search(q)
print(json.dumps([first, time.perf_counter() - t0]))
"""


def _child(cmd: list[str]) -> subprocess.CompletedProcess[str]:
    """Run a measuring child process; its stderr goes to ours so a failure shows its cause."""
    res = subprocess.run(cmd, stdout=subprocess.PIPE, text=True)
    if res.returncode != 0:
        raise SystemExit(f"engine_compare: {' '.join(cmd[:6])} ... exited {res.returncode}")
    return res


def fresh(name: str, folder: Path, size: int, seed: int) -> dict[str, float]:
    """First and second query of each kind in a fresh process (opening the index included)."""
    out: dict[str, float] = {}
    for kind in QUERY_KINDS:
        res = _child([sys.executable, "-c", _FRESH, name, str(folder), str(size), str(seed), kind])
        first, second = json.loads(res.stdout.strip().splitlines()[-1])
        out[f"{kind}_first_ms"] = 1000 * first
        out[f"{kind}_second_ms"] = 1000 * second
    return out


def main(argv: list[str] | None = None) -> int:
    """Run every engine at one size; print and save the rows."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--size", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--engines", default=",".join(ENGINE_NAMES))
    ap.add_argument("--folder", type=Path, default=None, help="keep the indexes here")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument(
        "--queries-only",
        action="store_true",
        help="query the indexes an earlier run left in --folder, without building them",
    )
    ap.add_argument("--one", default="", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        row = run_one(
            args.one, args.size, args.seed, args.folder, args.repeats, not args.queries_only
        )
        print(json.dumps(row))
        return 0
    folder = args.folder or Path(tempfile.mkdtemp(prefix="kuntahaku-engines-"))
    rows = []
    for name in args.engines.split(","):
        sub = folder / f"{name}-{args.size}"
        cmd = [sys.executable, "-m", "bench.speed.engine_compare", "--one", name]
        cmd += ["--size", str(args.size), "--seed", str(args.seed), "--folder", str(sub)]
        cmd += ["--repeats", str(args.repeats)]
        if args.queries_only:
            cmd.append("--queries-only")
        else:
            shutil.rmtree(sub, ignore_errors=True)
            sub.mkdir(parents=True)
        res = _child(cmd)
        row = json.loads(res.stdout.strip().splitlines()[-1])
        row["fresh"] = fresh(name, sub, args.size, args.seed)
        rows.append(row)
        print(json.dumps(row), flush=True)
        if args.out:
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
