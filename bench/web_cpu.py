"""CPU time per request of the web app's search endpoints, in process: what bounds throughput
under load (`bench/web_load.py`: with N closed-loop clients, latency ~ N / throughput).

    python -m bench.web_cpu --size 100000                     # index built by bench.web_load
    python -m bench.web_cpu --index DIR --profile page        # cProfile of one endpoint

Over the load benchmark's queries (`bench.web_load.queries`, the `facets` workload), best of
`--rounds` rounds of `time.process_time` per query, after one warm-up round:

- `run_search`: the search with facet counts, as the search page asks for it;
- `search_page`: the page's data (search, issuers from the store, renditions);
- `page`: the whole search page through the ASGI app (middleware, handler, template);
- `api`: `/api/search?...&facets=true` through the ASGI app.

The ASGI app is called directly on one event loop (no HTTP client, no socket), so the figures
are the server's own work per request, its worker thread included; uvicorn's HTTP parsing adds a
little on top. With `--profile` the handlers run on the main thread, where cProfile sees them.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bench.web_load import CACHE, params, queries
from kuntahaku.search import run_search
from kuntahaku.web.app import create_app
from kuntahaku.web.params import PER_PAGE, SearchState
from kuntahaku.web.results import search_page

ENDPOINTS = ("run_search", "search_page", "page", "api")


LOOP = asyncio.new_event_loop()


def asgi_get(app: Any, url: str) -> tuple[int, bytes]:
    """One GET through the ASGI app: its status and body."""
    path, _, query = url.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1")],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
    }
    out: dict[str, Any] = {"status": 0, "body": []}

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            out["status"] = message["status"]
        elif message["type"] == "http.response.body":
            out["body"].append(message.get("body", b""))

    LOOP.run_until_complete(app(scope, receive, send))
    return int(out["status"]), b"".join(out["body"])


def calls(index_dir: Path, seed: int) -> dict[str, list[Callable[[], Any]]]:
    """Each endpoint's call per query."""
    qs = queries(seed)
    app = create_app(index_dir)
    states = [SearchState.parse(dict(params(q)), {k: [v] for k, v in params(q)}) for q in qs]

    def api(url: str) -> Callable[[], Any]:
        def call() -> Any:
            status, body = asgi_get(app, url)
            assert status == 200, (status, body[:200])
            return body

        return call

    return {
        "run_search": [
            (lambda s=s: run_search(index_dir, s.request(limit=PER_PAGE))) for s in states
        ],
        "search_page": [(lambda s=s: search_page(index_dir, s)) for s in states],
        "page": [api(f"/?{urlencode(params(q))}") for q in qs],
        "api": [api(f"/api/search?{urlencode([*params(q), ('facets', 'true')])}") for q in qs],
    }


def measure(fns: list[Callable[[], Any]], rounds: int) -> float:
    """Best-of-`rounds` mean CPU ms per call (after one warm-up round)."""
    for fn in fns:
        fn()
    best = float("inf")
    for _ in range(rounds):
        t0 = time.process_time()
        for fn in fns:
            fn()
        best = min(best, (time.process_time() - t0) / len(fns))
    return best * 1000


def main() -> None:
    """Command line: the index, rounds, and optionally one endpoint to profile."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=100_000, help="bench.web_load's index size")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--index", type=Path, help="index folder (default: bench.web_load's)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--only", nargs="+", choices=ENDPOINTS, default=list(ENDPOINTS))
    ap.add_argument("--profile", choices=ENDPOINTS, help="print a cProfile of this endpoint")
    ap.add_argument("--top", type=int, default=40)
    args = ap.parse_args()
    index_dir = args.index or CACHE / f"web-n{args.size}-s{args.seed}" / "kuntahaku"
    fns = calls(index_dir, args.seed)
    if args.profile:
        import fastapi.routing

        async def inline(func: Callable[..., Any], *a: Any, **kw: Any) -> Any:
            return func(*a, **kw)

        fastapi.routing.run_in_threadpool = inline  # type: ignore[assignment]
        for fn in fns[args.profile]:
            fn()
        prof = cProfile.Profile()
        prof.enable()
        for _ in range(args.rounds):
            for fn in fns[args.profile]:
                fn()
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(args.top)
        pstats.Stats(prof).sort_stats("tottime").print_stats(args.top)
        return
    for name in args.only:
        print(f"{name}: {measure(fns[name], args.rounds):.1f} ms CPU per request", flush=True)


if __name__ == "__main__":
    main()
