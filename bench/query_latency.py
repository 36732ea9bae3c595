"""Query latency over the ingested corpus: p50/p95 of term, phrase, filtered, date-sorted queries.

    python bench/query_latency.py [--index DIR] [--repeat N]

DIR is an index folder with `corpus/` ingested (without it the corpus is ingested into a
temporary folder first). Every query goes through the public `kuntahaku.search` API, as the CLI
runs it: parse, filter, group by document, snippets, and facet counts where noted. The first run
of each query (lemmatiser warm-up) is not timed. Prints a table and writes
bench/out/query_latency.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kuntahaku.config import Settings  # noqa: E402
from kuntahaku.ingest.batch import ingest_paths  # noqa: E402
from kuntahaku.search import SearchRequest, facet_counts, open_index, run_search  # noqa: E402

OUT = ROOT / "bench" / "out" / "query_latency.json"
TERMS = [
    "kaupunginhallitus",
    "sopimus",
    "vety",
    "Helsingissä",
    "osuuskunta",
    "avtalet",
    "rahoitus",
    "talousarvio",
    "ekosysteemi",
    "protokoll",
]
PHRASES = [
    '"kaupunginhallitus päättää"',
    '"kestävä kiertotalous"',
    '"pöytäkirjan tarkastaminen"',
    '"innovaatiotoiminnan ekosysteemisopimus"',
    '"stadsstyrelsens beslut"',
]


def _top(counts: dict[str, int]) -> str:
    return next(iter(counts), "")


def build_cases(index_dir: Path) -> dict[str, list[SearchRequest]]:
    """The four kinds of query, with filter values taken from the index's own facets."""
    everything = facet_counts(index_dir, SearchRequest())
    city, theme = _top(everything["municipality"]), _top(everything["theme"])
    filters = {k: [v] for k, v in (("city", city), ("theme", theme)) if v}
    facetted = [SearchRequest(query=t, filters=filters, lang="fi", facets=True) for t in TERMS[:6]]
    return {
        "term": [SearchRequest(query=t, facets=False) for t in TERMS],
        "phrase": [SearchRequest(query=p, facets=False) for p in PHRASES],
        "term + 3 filters + facet counts": facetted,
        "date-sorted": [SearchRequest(query=t, sort="date", facets=False) for t in TERMS],
    }


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", type=Path, help="an index folder with corpus/ ingested")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    index_dir = args.index
    if index_dir is None:
        index_dir = Path(tempfile.mkdtemp(prefix="kuntahaku-latency-"))
        ingest_paths([str(ROOT / "corpus")], Settings(index_dir=index_dir, workers=2))
    passages = open_index(index_dir).passage_count()
    report: dict[str, Any] = {"passages": passages, "repeat": args.repeat, "kinds": {}}
    print(f"{passages} passages; each query run {args.repeat} times after one warm-up run")
    print(f"{'kind':34} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'docs (median)':>14}")
    for kind, requests in build_cases(index_dir).items():
        timings: list[float] = []
        totals: list[int] = []
        for request in requests:
            totals.append(run_search(index_dir, request).total)  # warm-up
            for _ in range(args.repeat):
                started = time.perf_counter()
                run_search(index_dir, request)
                timings.append((time.perf_counter() - started) * 1000)
        row = {
            "queries": len(requests),
            "p50_ms": round(percentile(timings, 0.5), 1),
            "p95_ms": round(percentile(timings, 0.95), 1),
            "median_documents": statistics.median(totals),
        }
        report["kinds"][kind] = row
        print(
            f"{kind:34} {row['queries']:>7} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} "
            f"{row['median_documents']:>14}"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
