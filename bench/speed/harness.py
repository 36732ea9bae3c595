"""The speed suite: ingestion, tagging, memory, index size and query latency, side by side.

Each `*_bench` function measures one thing and returns plain dicts (saved as JSON by
`bench/run_all.py`); `render_markdown` turns them into the tables of `bench/RESULTS.md`.

Built search indexes are cached in `bench/.cache/n<size>-s<seed>-<code>/<engine>`, where `<code>`
hashes the files a built index depends on (`INDEX_CODE`: index writer, analysis, data, models,
generator, engines): a change to any of them builds afresh, otherwise a later run reuses the index
and reports the build figures of the run that made it. Delete `bench/.cache/` (or pass
`--no-cache`) to rebuild everything.
"""

from __future__ import annotations

import gc
import hashlib
import itertools
import json
import logging
import math
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import tantivy

from bench.ingest_speed import raw_pdfium, timed
from bench.speed.engines import BenchQuery, Engine, Fts5, Kuntahaku, Tantivy
from bench.speed.generate import generate_documents
from kuntahaku.config import Settings
from kuntahaku.ingest.batch import ingest_paths
from kuntahaku.models import Document
from kuntahaku.store import STORE_FILE, DocumentStore

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
CACHE = ROOT / "bench" / ".cache"
# Corpus PDFs with scanned (image-only) pages: not "text PDFs", so not in the ingestion target.
SCANNED = ("stadsstyrelsen_foredragningslista", "radet_for_funktionshindrade")
QUERY_KINDS = ("term", "phrase", "facets", "date")
log = logging.getLogger("bench.speed")


# -- machine -------------------------------------------------------------------------------------


def machine_info() -> dict[str, Any]:
    """What the figures were measured on."""
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor()
    mem = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout.strip()
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": mem.splitlines()[1].split()[1] if mem else "",
        "free_h": mem,
        "load_average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "sqlite": sqlite3.sqlite_version,
        "tantivy": getattr(tantivy, "__version__", ""),
    }


# -- ingestion -----------------------------------------------------------------------------------


def text_pdfs(corpus: Path = CORPUS) -> list[Path]:
    """Every PDF of the corpus whose pages all have a text layer."""
    return sorted(p for p in corpus.rglob("*.pdf") if not any(s in p.name for s in SCANNED))


def raw_extraction(files: Sequence[Path]) -> dict[str, float]:
    """pypdfium2 text of every page, nothing else (`bench/ingest_speed.py`'s measure): the upper
    bound of ingestion speed."""
    pages, seconds = timed(lambda: raw_pdfium(files))
    return {"pages": pages, "seconds": seconds, "pages_per_s": pages / seconds}


class _StageTimes(logging.Handler):
    """Collects the per-stage timings that `pipeline.process_file` logs at DEBUG."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.seconds: dict[str, float] = {}
        self.cpu_seconds: dict[str, float] = {}

    def emit(self, record: logging.LogRecord) -> None:
        args = record.args
        if isinstance(args, tuple) and len(args) == 4 and isinstance(args[2], float):
            name = str(args[1])
            self.seconds[name] = self.seconds.get(name, 0.0) + args[2]
            self.cpu_seconds[name] = self.cpu_seconds.get(name, 0.0) + float(args[3])


def ingest_bench(
    files: Sequence[Path], workers: int, keep: Path | None = None, ocr: bool = True
) -> dict[str, Any]:
    """Ingest `files` into a fresh index with `workers` processes, as `kuntahaku ingest` does
    (`ocr=False`: with OCR off, as the per-core target is measured).

    With one worker, the pipeline runs in this process and its per-stage times are collected;
    the entity stage's time gives tagging words per second.
    """
    folder = Path(tempfile.mkdtemp(prefix="kuntahaku-ingest-"))
    index_dir = keep or folder / "index"
    handler = _StageTimes()
    plog = logging.getLogger("kuntahaku.ingest.pipeline")
    old_level, old_propagate = plog.level, plog.propagate
    plog.addHandler(handler)
    plog.setLevel(logging.DEBUG)
    plog.propagate = False  # the timings are collected, not printed
    try:
        started, cpu = time.perf_counter(), _cpu_seconds()
        report = ingest_paths(
            [str(f) for f in files], Settings(index_dir=index_dir, workers=workers, ocr=ocr)
        )
        seconds, cpu_seconds = time.perf_counter() - started, _cpu_seconds() - cpu
    finally:
        plog.removeHandler(handler)
        plog.setLevel(old_level)
        plog.propagate = old_propagate
    with DocumentStore(index_dir) as store:
        docs = list(store.documents())
    pages = sum(len(d.pages) for d in docs)
    words = sum(len(p.text.split()) for d in docs for p in d.passages)
    passages = sum(len(d.passages) for d in docs)
    store_bytes = (index_dir / STORE_FILE).stat().st_size
    index_bytes = _dir_bytes(index_dir) - sum(
        f.stat().st_size for f in index_dir.glob(STORE_FILE + "*") if f.is_file()
    )
    out: dict[str, Any] = {
        "workers": workers,
        "files": len(files),
        "failed": [f"{o.path}: {o.error}" for o in report.failed],
        "pages": pages,
        "ocr_pages": sum(1 for d in docs for p in d.pages if "ocr" in p.flags),
        "passages": passages,
        "words": words,
        "seconds": seconds,
        "pages_per_s": pages / seconds,
        "index_bytes_per_page": index_bytes / max(1, pages),
        "store_bytes_per_page": store_bytes / max(1, pages),
        "stage_seconds": dict(handler.seconds),
        "cpu_seconds": cpu_seconds,
        "pages_per_cpu_s": pages / cpu_seconds if cpu_seconds else 0.0,
        "stage_cpu_seconds": dict(handler.cpu_seconds),
    }
    entity_s = handler.seconds.get("entities", 0.0)
    if entity_s:
        out["tagging_words_per_s"] = words / entity_s
    if keep is None:
        shutil.rmtree(folder, ignore_errors=True)
    return out


def _cpu_seconds() -> float:
    """CPU seconds of this process and of its finished children (workers, Tesseract): on a
    busy machine, pages per CPU second still tell the speed per core."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def memory_bench(
    files: Sequence[Path], copies: Sequence[int], workers: Sequence[int]
) -> list[dict[str, Any]]:
    """Peak RSS ingesting 1x, 2x, 4x... copies of `files`, each in a fresh process."""
    rows = []
    for w in workers:
        for k in copies:
            cmd = [
                sys.executable,
                "-m",
                "bench.speed.memory",
                "--copies",
                str(k),
                "--workers",
                str(w),
                *map(str, files),
            ]
            done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)
            if done.returncode != 0:
                rows.append({"copies": k, "workers": w, "error": done.stderr.strip()[-500:]})
                continue
            rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
            log.info("memory %s", rows[-1])
    return rows


# -- search --------------------------------------------------------------------------------------


# What a built index's content depends on: the index writer, its analysis and data, the models,
# the generator and the engines. Query-side code is left out, so that a faster query path is
# measured on the cached index without rebuilding it.
INDEX_CODE = (
    "kuntahaku/models.py",
    "kuntahaku/search",
    "kuntahaku/text",
    "kuntahaku/data",
    "kuntahaku/ingest/entities",
    "bench/speed/generate.py",
    "bench/speed/gazetteer.py",
    "bench/speed/engines.py",
)


def code_version() -> str:
    """A hash of the files in `INDEX_CODE`, of SQLite's and of tantivy's version."""
    h = hashlib.sha256()
    for name in INDEX_CODE:
        path = ROOT / name
        for f in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if f.is_file() and "__pycache__" not in f.parts:
                h.update(str(f.relative_to(ROOT)).encode())
                h.update(f.read_bytes())
    h.update(sqlite3.sqlite_version.encode())
    h.update(str(getattr(tantivy, "__version__", "")).encode())
    return h.hexdigest()[:12]


def make_engines(folder: Path) -> list[Engine]:
    """Ours first, then the peers."""
    return [Kuntahaku(folder), Kuntahaku(folder, "whoosh"), Tantivy(folder), Fts5(folder)]


def workload(docs: Sequence[Document], per_kind: int = 12) -> dict[str, list[BenchQuery]]:
    """Queries drawn from the generated passages (same seed, same queries): content words of
    middle frequency and frequent word pairs, in both languages (2/3 Finnish), with the commonest
    municipalities and themes as filters."""
    df: dict[str, Counter[str]] = {"fi": Counter(), "sv": Counter()}
    pairs: dict[str, Counter[str]] = {"fi": Counter(), "sv": Counter()}
    munis: Counter[str] = Counter()
    themes: Counter[str] = Counter()
    for doc in docs:
        lang = "sv" if doc.lang == "sv" else "fi"
        for p in doc.passages:
            words = [w.strip(".,:;()\"'").lower() for w in p.text.split()[3:]]
            df[lang].update({w for w in words if len(w) >= 6 and w.isalpha()})
            pairs[lang].update(
                f"{a} {b}"
                for a, b in itertools.pairwise(words)
                if len(a) >= 5 and len(b) >= 5 and a.isalpha() and b.isalpha()
            )
            munis.update(p.entities.get("municipality", []))
            themes.update(p.entities.get("theme", []))
    n_sv = per_kind // 3
    terms = _middle(df["fi"], per_kind - n_sv) + _middle(df["sv"], n_sv)
    phrases = [w for w, _ in pairs["fi"].most_common(per_kind - n_sv)] + [
        w for w, _ in pairs["sv"].most_common(n_sv)
    ]
    top_munis = [m for m, _ in munis.most_common(4)]
    top_themes = [t for t, _ in themes.most_common(4)]
    facets = [
        BenchQuery(
            "facets",
            t,
            (
                ("municipality", top_munis[i % len(top_munis)]),
                ("theme", top_themes[i % len(top_themes)]),
                ("doc_type", "minutes"),
            ),
            facet_counts=True,
        )
        for i, t in enumerate(terms)
    ]
    return {
        "term": [BenchQuery("term", t) for t in terms],
        "phrase": [BenchQuery("phrase", p) for p in phrases],
        "facets": facets,
        "date": [BenchQuery("date", t, sort_by_date=True) for t in terms],
    }


def _middle(counts: Counter[str], n: int) -> list[str]:
    """`n` words spread over frequency ranks 20..300: common enough to match, not stop words."""
    ranked = [w for w, _ in counts.most_common(300)][20:]
    step = max(1, len(ranked) // max(1, n))
    return ranked[::step][:n]


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (nearest rank) of values."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def build_cached(
    engine: Engine, size: int, seed: int, docs: Callable[[], list[Document]], use_cache: bool
) -> dict[str, Any]:
    """Build an engine's index (or reuse a cached one); its build figures."""
    meta_file = engine.path.parent / f"{engine.name}.json"
    if use_cache and meta_file.exists():
        meta: dict[str, Any] = json.loads(meta_file.read_text())
        meta["cached"] = True
        return meta
    batch = docs()
    started = time.perf_counter()
    n = engine.build(batch)
    seconds = time.perf_counter() - started
    meta = {
        "passages": n,
        "build_seconds": seconds,
        "passages_per_s": n / seconds,
        "pages": sum(len(d.pages) for d in batch),
        "cached": False,
    }
    meta_file.write_text(json.dumps(meta))
    return meta


def search_bench(
    sizes: Sequence[int],
    seed: int = 1,
    repeats: int = 2,
    use_cache: bool = True,
    engines: Sequence[str] = ("kuntahaku", "kuntahaku-whoosh", "tantivy", "fts5"),
    ours_up_to: int | None = None,
) -> list[dict[str, Any]]:
    """Index size, build speed and latency p50/p95 per query kind, per engine and corpus size.

    `ours_up_to` leaves our engine out above that many passages (for a run on a busy machine
    where building our index at 10^5 passages does not fit; see bench/RESULTS.md)."""
    rows: list[dict[str, Any]] = []
    version = code_version()
    for size in sizes:
        folder = (
            CACHE / f"n{size}-s{seed}-{version}"
            if use_cache
            else Path(tempfile.mkdtemp(prefix=f"kuntahaku-bench-{size}-"))
        )
        folder.mkdir(parents=True, exist_ok=True)
        generated: list[Document] = []

        def docs(size: int = size, generated: list[Document] = generated) -> list[Document]:
            if not generated:
                generated.extend(generate_documents(size, seed))
            return generated

        sample = list(generate_documents(min(size, 3000), seed))
        queries = workload(sample)
        chosen = [
            e
            for e in make_engines(folder)
            if e.name in engines
            and not (e.name == "kuntahaku-whoosh" and ours_up_to is not None and size > ours_up_to)
        ]
        built: dict[str, dict[str, Any]] = {}
        for engine in chosen:
            started = time.perf_counter()
            built[engine.name] = build_cached(engine, size, seed, docs, use_cache)
            log.info(
                "%s n=%d built in %.1fs (%s)",
                engine.name,
                size,
                time.perf_counter() - started,
                "cached" if built[engine.name]["cached"] else "fresh",
            )
        # the generated documents are not needed for querying: with them alive, Python's
        # collector walks millions of objects during the timed queries of every engine
        generated.clear()
        del sample
        gc.collect()
        for engine in chosen:
            meta = built[engine.name]
            engine.open()
            row: dict[str, Any] = {
                "engine": engine.name,
                "passages": size,
                **meta,
                "bytes": engine.size_bytes(),
            }
            row["bytes_per_passage"] = row["bytes"] / size
            row["bytes_per_page"] = row["bytes"] / max(1, meta["pages"])
            # open the index and load what any query needs once per process (lemmatisers, the
            # facet value resolver) before any timing, with values the workload does not use
            engine.search(BenchQuery("facets", "kunta", (("municipality", "Inari"),), True))
            for kind in QUERY_KINDS:
                times: list[float] = []
                firsts: list[float] = []
                totals: list[int] = []
                for q in queries[kind]:
                    t0 = time.perf_counter()
                    totals.append(engine.search(q).total_docs)  # warm-up, and what it finds
                    firsts.append(time.perf_counter() - t0)
                    for _ in range(repeats):
                        t0 = time.perf_counter()
                        engine.search(q)
                        times.append(time.perf_counter() - t0)
                row[kind] = {
                    "p50_ms": 1000 * percentile(times, 50),
                    "p95_ms": 1000 * percentile(times, 95),
                    "first_p50_ms": 1000 * percentile(firsts, 50),
                    "first_p95_ms": 1000 * percentile(firsts, 95),
                    "runs": len(times),
                    "mean_total_docs": sum(totals) / len(totals),
                }
            if isinstance(engine, Kuntahaku):
                row["cold"] = cold_query(engine.path, queries["facets"][0])
            log.info(
                "%s n=%d %s",
                engine.name,
                size,
                {k: round(row[k]["p95_ms"], 1) for k in QUERY_KINDS},
            )
            rows.append(row)
        if not use_cache:
            shutil.rmtree(folder, ignore_errors=True)
    return rows


CLI_FILTERS = {"municipality": "mentions", "doc_type": "type", "organisation": "org"}
_FIRST_QUERY = """
import json, sys, time
from pathlib import Path
from kuntahaku.search import run_search
from bench.speed.engines import BenchQuery, Kuntahaku
spec = json.loads(sys.argv[2])
spec["filters"] = tuple(tuple(f) for f in spec["filters"])
request = Kuntahaku.request(BenchQuery(**spec))
times = []
for _ in range(2):
    t0 = time.perf_counter()
    run_search(Path(sys.argv[1]), request)
    times.append(time.perf_counter() - t0)
print(json.dumps(times))
"""


def cold_query(index_dir: Path, query: BenchQuery, runs: int = 3) -> dict[str, float]:
    """What a one-off command pays that a long-lived process pays once: the first query in a
    fresh process (opening the index, reading its segment tables, loading the lemmatisers),
    the second query there, and `kuntahaku search` as a command (interpreter start included).
    Medians of `runs` fresh processes each."""
    spec = json.dumps({**query.__dict__, "filters": [list(f) for f in query.filters]})
    first, second, command = [], [], []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", _FIRST_QUERY, str(index_dir), spec],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout
        t1, t2 = json.loads(out.strip().splitlines()[-1])
        first.append(t1)
        second.append(t2)
        installed = shutil.which("kuntahaku")
        launcher = [installed] if installed else [sys.executable, "-m", "kuntahaku"]
        cli = [*launcher, "--index", str(index_dir)]
        cli += ["search", query.text]
        for facet, value in query.filters:
            cli += [f"--{CLI_FILTERS.get(facet, facet)}", value]
        t0 = time.perf_counter()
        subprocess.run([*cli, "--json"], capture_output=True, check=True, cwd=ROOT)
        command.append(time.perf_counter() - t0)
    return {
        "first_query_ms": 1000 * percentile(first, 50),
        "second_query_ms": 1000 * percentile(second, 50),
        "command_s": percentile(command, 50),
    }


def _dir_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.exists() else 0


# -- report --------------------------------------------------------------------------------------


def render_markdown(results: dict[str, Any]) -> str:
    """The result tables, as in bench/RESULTS.md."""
    out: list[str] = []
    m = results["machine"]
    out += [
        f"Measured {m['date']} on {m['cpu']}, {m['cores']} cores, {m['memory']} RAM, "
        f"Python {m['python']}, SQLite {m['sqlite']}, {m['tantivy']}; "
        f"load average at start {m['load_average']}, at end {results.get('load_end', '?')}.",
        "",
    ]
    ing = results.get("ingest")
    if ing:
        raw = ing["raw"]
        out += [
            "### Ingestion (text PDFs of `corpus/`)",
            "",
            "| what | pages | seconds | pages/s | vs raw pypdfium2 | CPU s | pages/CPU s |",
            "|---|---|---|---|---|---|---|",
            f"| raw pypdfium2 text extraction | {raw['pages']} | {raw['seconds']:.1f} | "
            f"{raw['pages_per_s']:.1f} | 100% | | |",
        ]
        for r in ing["runs"]:
            out.append(
                f"| kuntahaku ingest, {r['workers']} worker(s) | {r['pages']} | "
                f"{r['seconds']:.1f} | {r['pages_per_s']:.1f} | "
                f"{100 * r['pages_per_s'] / raw['pages_per_s']:.0f}% | "
                f"{r.get('cpu_seconds', 0.0):.1f} | {r.get('pages_per_cpu_s', 0.0):.1f} |"
            )
        one = ing["runs"][0]
        out += [
            "",
            f"Index size: {one['index_bytes_per_page'] / 1024:.1f} KiB/page (search index) + "
            f"{one['store_bytes_per_page'] / 1024:.1f} KiB/page (document store); "
            f"{one['passages']} passages, {one['words']} words, {one['ocr_pages']} pages OCR'd.",
        ]
        if one.get("tagging_words_per_s"):
            out.append(f"Entity tagging: {one['tagging_words_per_s']:.0f} words/s (1 worker).")
        stages = one.get("stage_seconds") or {}
        if stages:
            cpu = one.get("stage_cpu_seconds") or {}
            rows = [(k, v, cpu.get(k, 0.0)) for k, v in stages.items()]
            # The rest of the run: analysis and index writing, the document store, the batch.
            rows.append(("index, store (rest)", one["seconds"] - sum(stages.values()), 0.0))
            if cpu:
                rows[-1] = (*rows[-1][:2], one.get("cpu_seconds", 0.0) - sum(cpu.values()))
            total = one["seconds"]
            out += [
                "",
                "| stage (1 worker) | seconds | share | CPU s |",
                "|---|---|---|---|",
            ]
            out += [f"| {k} | {v:.1f} | {100 * v / total:.0f}% | {c:.1f} |" for k, v, c in rows]
        out.append("")
    mem = results.get("memory")
    if mem:
        out += [
            "### Memory while ingesting (peak RSS)",
            "",
            "| workers | copies | documents | pages | seconds | main MB | largest worker MB |",
            "|---|---|---|---|---|---|---|",
        ]
        for r in mem:
            if "error" in r:
                out.append(f"| {r['workers']} | {r['copies']} | error: {r['error'][:80]} ||||")
                continue
            worker = f"{r['worker_peak_mb']:.0f}" if r["workers"] > 1 else "-"
            out.append(
                f"| {r['workers']} | {r['copies']}x | {r['documents']} | {r['pages']} | "
                f"{r['seconds']:.1f} | {r['main_peak_mb']:.0f} | {worker} |"
            )
        out.append("")
    rows = results.get("search")
    if rows:
        out += [
            "### Search (generated corpus)",
            "",
            "| passages | engine | build passages/s | bytes/passage | "
            + " | ".join(f"{k} p50 / p95 ms" for k in QUERY_KINDS)
            + " |",
            "|---|---|---|---|" + "---|" * len(QUERY_KINDS),
        ]
        for r in rows:
            cells = " | ".join(f"{r[k]['p50_ms']:.1f} / {r[k]['p95_ms']:.1f}" for k in QUERY_KINDS)
            out.append(
                f"| {r['passages']:,} | {r['engine']} | {r['passages_per_s']:.0f} | "
                f"{r['bytes_per_passage']:.0f} | {cells} |"
            )
        out += [
            "",
            "The first run of each query (the timed runs above repeat it: a filter or a "
            "document's facet values read once are kept by the process that keeps the index "
            "open):",
            "",
            "| passages | engine | " + " | ".join(f"{k} p50 / p95 ms" for k in QUERY_KINDS) + " |",
            "|---|---|" + "---|" * len(QUERY_KINDS),
        ]
        for r in rows:
            if "first_p95_ms" not in r[QUERY_KINDS[0]]:
                continue
            cells = " | ".join(
                f"{r[k]['first_p50_ms']:.1f} / {r[k]['first_p95_ms']:.1f}" for k in QUERY_KINDS
            )
            out.append(f"| {r['passages']:,} | {r['engine']} | {cells} |")
        cold = [r for r in rows if r.get("cold")]
        if cold:
            out += [
                "",
                "Our engine from a fresh process (the table above is a process that keeps the "
                "index open), one query of the `facets` kind, medians of 3 processes:",
                "",
                "| passages | first query ms | second query ms | `kuntahaku search` command s |",
                "|---|---|---|---|",
            ]
            out += [
                f"| {r['passages']:,} | {r['cold']['first_query_ms']:.0f} | "
                f"{r['cold']['second_query_ms']:.0f} | {r['cold']['command_s']:.2f} |"
                for r in cold
            ]
        out += [
            "",
            "Our p95 latency as a multiple of the peer's (lower is better for us):",
            "",
            "| passages | peer | " + " | ".join(QUERY_KINDS) + " |",
            "|---|---|" + "---|" * len(QUERY_KINDS),
        ]
        for size in sorted({r["passages"] for r in rows}):
            ours = next(
                (r for r in rows if r["passages"] == size and r["engine"] == "kuntahaku"), None
            )
            if not ours:
                continue
            for peer in (r for r in rows if r["passages"] == size and r["engine"] != "kuntahaku"):
                ratios = " | ".join(
                    f"{ours[k]['p95_ms'] / max(peer[k]['p95_ms'], 1e-3):.1f}x" for k in QUERY_KINDS
                )
                out.append(f"| {size:,} | {peer['engine']} | {ratios} |")
        out += [
            "",
            "Documents found per query (mean), which differs with each engine's Finnish analysis:",
            "",
            "| passages | engine | " + " | ".join(QUERY_KINDS) + " |",
            "|---|---|" + "---|" * len(QUERY_KINDS),
        ]
        for r in rows:
            out.append(
                f"| {r['passages']:,} | {r['engine']} | "
                + " | ".join(f"{r[k]['mean_total_docs']:.0f}" for k in QUERY_KINDS)
                + " |"
            )
        out.append("")
    return "\n".join(out)
