"""Load benchmark of the web app: p50/p95 latency of the search page and of /api/search with
facet counts, at 10^4 and 10^5 generated passages, with 1 and 16 concurrent clients.

    python -m bench.web_load                       # both sizes, 1 and 16 clients
    python -m bench.web_load --sizes 10000 --clients 1 16 --seconds 20

The passages come from `bench/speed/generate.py` with the search benchmark's seed and its
`facets` workload (`bench/speed/harness.workload`: a middle-frequency word, a municipality, a
theme and the type minutes as filters, facet counts on). Each size is indexed as ingest does
(`IndexBatch`, its `due()`) and its documents put in the document store, in
`bench/.cache/web-n<size>-s<seed>/` (reused when present), then served by a real
`kuntahaku serve` process. After one warm-up round (the first request of a process loads the
analysers and the segment tables; nothing caches a result), each client sends requests one
after the other (closed loop, keep-alive, queries in turn, clients starting at different
queries) for a fixed time. Every non-200 answer counts as an error.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

from bench.speed.engines import BenchQuery, Kuntahaku
from bench.speed.generate import generate_documents
from bench.speed.harness import machine_info, percentile, workload
from kuntahaku.store import DocumentStore

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"
OUT = ROOT / "bench" / "out"


def build(size: int, seed: int) -> Path:
    """The index folder of `size` generated passages (built once, then reused)."""
    folder = CACHE / f"web-n{size}-s{seed}"
    engine = Kuntahaku(folder)
    done = folder / "built.json"
    if done.exists():
        return engine.path
    folder.mkdir(parents=True, exist_ok=True)
    docs = list(generate_documents(size, seed))
    started = time.perf_counter()
    n = engine.build(docs)
    with DocumentStore(engine.path) as store:
        store.put_many(docs)
    done.write_text(json.dumps({"passages": n, "seconds": time.perf_counter() - started}))
    return engine.path


def queries(seed: int) -> list[BenchQuery]:
    """The search benchmark's `facets` queries for this seed."""
    return workload(list(generate_documents(3000, seed)))["facets"]


def params(q: BenchQuery) -> list[tuple[str, str]]:
    """URL parameters of a query, as the search page's facet links write them."""
    out = [("q", q.text)]
    for facet, value in q.filters:
        out.append(("type" if facet == "doc_type" else facet, value))
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """`kuntahaku serve` over an index folder, in its own process."""

    def __init__(self, index_dir: Path, workers: int = 1) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "kuntahaku",
                "--index",
                str(index_dir),
                "serve",
                "--port",
                str(self.port),
                "--workers",
                str(workers),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=dict(os.environ),
        )
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(self.base + "/healthz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("serve did not start")
            time.sleep(0.3)

    def stop(self) -> None:
        """End the server process."""
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def run_clients(base: str, urls: list[str], clients: int, seconds: float) -> dict[str, Any]:
    """Closed-loop clients for `seconds`; latency percentiles in ms and the error count."""
    times: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(k: int) -> None:
        mine: list[float] = []
        bad: list[str] = []
        with httpx.Client(base_url=base, timeout=60) as http:
            i = k * 5
            while time.monotonic() < stop_at:
                url = urls[i % len(urls)]
                i += 1
                t0 = time.perf_counter()
                try:
                    r = http.get(url)
                    ok = r.status_code == 200
                except httpx.HTTPError as exc:
                    ok, r = False, None
                    bad.append(f"{url}: {exc}")
                mine.append(time.perf_counter() - t0)
                if not ok and r is not None:
                    bad.append(f"{url}: HTTP {r.status_code}")
        with lock:
            times.extend(mine)
            errors.extend(bad)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    ms = [t * 1000 for t in times]
    return {
        "clients": clients,
        "requests": len(ms),
        "errors": len(errors),
        "error_samples": errors[:5],
        "throughput_rps": len(ms) / wall,
        "p50_ms": percentile(ms, 50),
        "p95_ms": percentile(ms, 95),
        "max_ms": max(ms),
    }


# wrk's script: the URLs in turn (each connection starting elsewhere), latency percentiles and
# errors printed as one JSON line when the run ends.
_WRK_LUA = """
local urls = {%s}
local counter = 0
function setup(thread) thread:set("first", counter * 5); counter = counter + 1 end
function init(args) i = first end
function request() i = i + 1; return wrk.format("GET", urls[(i %% #urls) + 1]) end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK {"requests": %%d, "seconds": %%f, "p50_us": %%d, "p95_us": %%d,'
    .. ' "max_us": %%d, "errors": %%d}\\n', summary.requests, summary.duration / 1e6,
    latency:percentile(50), latency:percentile(95), latency.max,
    e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def run_wrk(base: str, urls: list[str], clients: int, seconds: float) -> dict[str, Any]:
    """The same closed loop driven by wrk (C, one thread per core): the client then takes next
    to no CPU from the server's two cores, which Python clients in this process do."""
    script = CACHE / "web_load.lua"
    CACHE.mkdir(parents=True, exist_ok=True)
    script.write_text(_WRK_LUA % ", ".join(json.dumps(u) for u in urls))
    threads = min(clients, 2)
    cmd = ["wrk", f"-t{threads}", f"-c{clients}", f"-d{seconds:g}s", "--timeout", "60s"]
    out = subprocess.run([*cmd, "-s", str(script), base], capture_output=True, text=True)
    line = next((x for x in out.stdout.splitlines() if x.startswith("WRK ")), "")
    if out.returncode != 0 or not line:
        raise SystemExit(f"wrk failed ({out.returncode}): {out.stderr.strip() or out.stdout}")
    got = json.loads(line[4:])
    return {
        "clients": clients,
        "requests": got["requests"],
        "errors": got["errors"],
        "error_samples": [],
        "throughput_rps": got["requests"] / got["seconds"],
        "p50_ms": got["p50_us"] / 1000,
        "p95_ms": got["p95_us"] / 1000,
        "max_ms": got["max_us"] / 1000,
    }


def bench(
    sizes: list[int],
    clients: list[int],
    seconds: float,
    seed: int,
    workers: int = 1,
    client: str = "httpx",
) -> dict[str, Any]:
    """Every (size, endpoint, clients) measurement."""
    qs = queries(seed)
    endpoints = {
        "search page": [f"/?{urlencode(params(q))}" for q in qs],
        "/api/search": [f"/api/search?{urlencode([*params(q), ('facets', 'true')])}" for q in qs],
    }
    rows = []
    for size in sizes:
        t0 = time.perf_counter()
        index_dir = build(size, seed)
        print(f"index of {size} passages ready in {time.perf_counter() - t0:.0f} s", flush=True)
        server = Server(index_dir, workers)
        try:
            for urls in endpoints.values():  # warm-up: one round of every query
                for url in urls:
                    httpx.get(server.base + url, timeout=120).raise_for_status()
            for name, urls in endpoints.items():
                for n in clients:
                    row = {
                        "passages": size,
                        "endpoint": name,
                        "workers": workers,
                        "load_before": os.getloadavg()[0],
                        "client": client,
                        **(run_wrk if client == "wrk" else run_clients)(
                            server.base, urls, n, seconds
                        ),
                    }
                    print(json.dumps(row), flush=True)
                    rows.append(row)
        finally:
            server.stop()
    return {"machine": machine_info(), "seconds_per_run": seconds, "queries": len(qs), "rows": rows}


def markdown(results: dict[str, Any]) -> str:
    """The table of bench/RESULTS.md."""
    lines = [
        "| passages | endpoint | workers | clients | requests | errors | req/s | p50 ms | p95 ms"
        " | load |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results["rows"]:
        lines.append(
            f"| {r['passages']:,} | {r['endpoint']} | {r['workers']} | {r['clients']} |"
            f" {r['requests']} |"
            f" {r['errors']} | {r['throughput_rps']:.1f} | {r['p50_ms']:.1f} |"
            f" {r['p95_ms']:.1f} | {r['load_before']:.1f} |"
        )
    return "\n".join(lines)


def main() -> None:
    """Command line: sizes, client counts and seconds per run."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--clients", type=int, nargs="+", default=[1, 16])
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=1, help="serve --workers")
    ap.add_argument(
        "--client",
        choices=["httpx", "wrk"],
        default="httpx",
        help="httpx: Python clients in this process; wrk: Debian's wrk (install.sh --bench)",
    )
    args = ap.parse_args()
    results = bench(
        args.sizes, args.clients, args.seconds, args.seed, args.workers, client=args.client
    )
    OUT.mkdir(parents=True, exist_ok=True)
    tag = (f"-w{args.workers}" if args.workers > 1 else "") + (
        "-wrk" if args.client == "wrk" else ""
    )
    (OUT / f"web_load{tag}.json").write_text(json.dumps(results, indent=2))
    table = markdown(results)
    (OUT / f"web_load{tag}.md").write_text(table + "\n")
    print(table)


if __name__ == "__main__":
    main()
