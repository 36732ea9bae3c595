"""Run the whole benchmark suite with one command and write its tables.

    python -m bench.run_all                 # everything: speed suite, then the other benchmarks
    python -m bench.run_all --sizes 1000    # a quick pass at one corpus size

The speed suite (`bench/speed/`) measures ingestion pages/s next to raw pypdfium2 extraction,
tagging words/s, peak memory while ingesting, index size, and query latency at each corpus size
next to SQLite FTS5 and tantivy. The other benchmarks of `bench/` (relevance, entity evaluation,
query latency, ingestion speed) run after it, each in its own process, when present. Results go
to `bench/out/results.json` and `bench/out/results.md` (git-ignored); `bench/RESULTS.md` holds
the tables of a reference run.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.speed import harness
from kuntahaku.config import Settings
from kuntahaku.ingest.batch import default_workers, ingest_paths

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
# The other benchmarks: (name, module, arguments, seconds allowed). "{index}" is replaced by an
# index folder holding the whole corpus, ingested once for all of them; "{pdfs}" by the text PDFs.
OTHERS: tuple[tuple[str, str, tuple[str, ...], int], ...] = (
    ("ingest_speed", "bench.ingest_speed", ("--skip-pdfplumber", "{pdfs}"), 300),
    ("query_latency", "bench.query_latency", ("--index", "{index}"), 300),
    ("relevance", "bench.relevance.run", ("--index", "{index}"), 300),
    ("entities_eval", "bench.entities_eval", (), 300),
    ("structure", "bench.structure", (), 1800),
    # our engines side by side, each built and queried in its own process (peak RAM, fresh
    # process); `python -m bench.speed.engine_compare --size N` for other sizes
    ("engines", "bench.speed.engine_compare", ("--size", "10000"), 3600),
)
# Files of the memory test: a spread of real text PDFs, small enough to replicate 4 times.
MEMORY_FILES = (
    "lo_txt_004.pdf",
    "fi_lapua_tarkastuslk_esityslista_2025-11-19.pdf",
    "lo_fodt_004.pdf",
    "fi_oulu_kh_tilinpaatos2016_msword.pdf",
    "sv_se_hogsby_kommunstyrelsen_protokoll_2007-01-08.pdf",
    "sv_nykarleby_ungdomsfullmaktige_protokoll_09_05_2023_16_15_162526.pdf",
)


def _present(module: str) -> bool:
    path = ROOT / module.replace(".", "/")
    return path.with_suffix(".py").exists() or (path / "__main__.py").exists()


def run_others(names: set[str], out: Path, pdfs: list[Path]) -> list[dict[str, Any]]:
    """Run the other benchmarks that exist, each in its own process; output, status and time."""
    todo = [o for o in OTHERS if o[0] in names and _present(o[1])]
    index = out / "corpus-index"
    rows: list[dict[str, Any]] = []
    if any("{index}" in o[2] for o in todo):
        started = time.perf_counter()
        shutil.rmtree(index, ignore_errors=True)  # a fresh index, made by the code under test
        report = ingest_paths(
            [str(harness.CORPUS)], Settings(index_dir=index, workers=default_workers())
        )
        rows.append(
            {
                "name": "corpus ingest for the benchmarks below",
                "exit_code": 0,
                "seconds": time.perf_counter() - started,
                "output": f"{report.count('ingested')} ingested, "
                f"{report.count('unchanged')} unchanged, "
                f"{report.count('failed')} failed",
            }
        )
    for name, module, arguments, limit in todo:
        cmd = [sys.executable, "-m", module]
        for arg in arguments:
            cmd += (
                [str(p) for p in pdfs] if arg == "{pdfs}" else [arg.replace("{index}", str(index))]
            )
        started = time.perf_counter()
        try:
            done = subprocess.run(
                cmd, cwd=ROOT, capture_output=True, text=True, timeout=limit, check=False
            )
            code, output = done.returncode, done.stdout + done.stderr[-2000:]
        except subprocess.TimeoutExpired:
            code, output = -1, f"timed out after {limit}s"
        (out / f"{name}.txt").write_text(output)
        rows.append(
            {
                "name": name,
                "exit_code": code,
                "seconds": time.perf_counter() - started,
                "output": output,
            }
        )
        logging.info("%s: exit %s in %.0fs", name, code, rows[-1]["seconds"])
    return rows


def main() -> None:
    """Parse options, run the suite, write bench/out/results.{json,md} and print the tables."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes", default="1000,10000,100000", help="corpus sizes in passages, comma-separated"
    )
    parser.add_argument("--seed", type=int, default=1, help="generator seed")
    parser.add_argument("--repeats", type=int, default=2, help="timed runs of each query")
    parser.add_argument("--no-cache", action="store_true", help="rebuild every index")
    parser.add_argument(
        "--ours-up-to",
        type=int,
        default=None,
        help="measure our engine only up to this many passages",
    )
    parser.add_argument("--out", type=Path, default=OUT, help="folder for results.json/.md")
    parser.add_argument(
        "--skip",
        default="",
        help="comma-separated parts to skip: ingest,memory,search,"
        + ",".join(o[0] for o in OTHERS),
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    skip = set(filter(None, args.skip.split(",")))
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    results: dict[str, Any] = {"machine": harness.machine_info()}
    files = harness.text_pdfs()
    if "ingest" not in skip:
        raw = harness.raw_extraction(files)
        # models and dictionaries are loaded once per process (about 2 s): load them before
        # timing, so that both rows measure throughput (a fresh one-off command is timed apart)
        harness.ingest_bench(sorted(files, key=lambda f: f.stat().st_size)[:1], 1)
        runs = [harness.ingest_bench(files, 1)]
        logging.info("ingest 1 worker: %.1f pages/s", runs[-1]["pages_per_s"])
        if default_workers() > 1:
            runs.append(harness.ingest_bench(files, default_workers()))
            logging.info(
                "ingest %d workers: %.1f pages/s", default_workers(), runs[-1]["pages_per_s"]
            )
        results["ingest"] = {"raw": raw, "runs": runs}
    if "memory" not in skip:
        mem_files = [f for f in files if f.name in MEMORY_FILES]
        workers = sorted({1, default_workers()})
        results["memory"] = harness.memory_bench(mem_files, (1, 2, 4), workers)
    if "search" not in skip:
        sizes = [int(s) for s in args.sizes.split(",") if s]
        results["search"] = harness.search_bench(
            sizes,
            args.seed,
            args.repeats,
            use_cache=not args.no_cache,
            ours_up_to=args.ours_up_to,
        )
    results["others"] = run_others({o[0] for o in OTHERS} - skip, out, files)
    results["load_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    results["suite_seconds"] = time.perf_counter() - started
    (out / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    text = harness.render_markdown(results)
    for row in results["others"]:
        text += (
            f"\n### {row['name']} (exit {row['exit_code']}, {row['seconds']:.0f}s)\n\n"
            f"```\n{row['output'].strip()[-3000:]}\n```\n"
        )
    text += f"\nWhole suite: {results['suite_seconds'] / 60:.1f} min.\n"
    (out / "results.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
