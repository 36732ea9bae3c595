"""Cold start of `kuntahaku search`: a fresh process per run, as a user or a script starts it.

    python bench/cold_start.py --index DIR [--runs N] [--code PATH] [--label NAME] [QUERY...]

Runs `python -m kuntahaku --index DIR search QUERY` N times per query, each in a new process,
and reports the wall time (median and best) and the CPU time (user + system, median) of the
whole command, and the modules that took longest to import (`python -X importtime`, cumulative).
CPU time is reported next to wall time because on a shared machine the wall time mostly measures
the other processes. `--code PATH` measures another checkout of kuntahaku (e.g. an older commit
unpacked with `git archive`) against the same index. DIR must hold an ingested `corpus/`. The
checkout's modules are compiled to bytecode first, as `pip install` does (a process run with
PYTHONDONTWRITEBYTECODE would otherwise compile every module of kuntahaku on every run).
Writes bench/out/cold_start-NAME.json and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
QUERIES = ["kiertotalous", "avtalet", "Helsingissä osuuskunta", '"Smart City"']


def _env(code: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(code), env.get("PYTHONPATH")]))
    env["KUNTAHAKU_CODE"] = str(code)  # also the working folder: `-m` puts it first on sys.path
    return env


def _run_once(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        cmd,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=env["KUNTAHAKU_CODE"],
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _imports(cmd: list[str], env: dict[str, str], top: int = 15) -> list[tuple[str, float]]:
    """The modules with the longest cumulative import time (seconds), longest first."""
    done = subprocess.run(
        [cmd[0], "-X", "importtime", *cmd[1:]],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        cwd=env["KUNTAHAKU_CODE"],
    )
    rows: list[tuple[str, float]] = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = (p.strip() for p in line.removeprefix("import time:").split("|"))
        rows.append((name, int(cumulative) / 1e6))
    rows.sort(key=lambda r: -r[1])
    return rows[:top]


def measure(index: Path, code: Path, queries: list[str], runs: int) -> dict[str, Any]:
    """Wall and CPU times of the search command per query, and the import breakdown."""
    env = _env(code)
    compile_env = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(code / "kuntahaku")],
        env=compile_env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    out: dict[str, Any] = {"code": str(code), "index": str(index), "runs": runs, "queries": []}
    for query in queries:
        cmd = [sys.executable, "-m", "kuntahaku", "--index", str(index), "search", query]
        _run_once(cmd, env)  # warm the page cache; not counted
        times = [_run_once(cmd, env) for _ in range(runs)]
        walls = [w for w, _ in times]
        cpus = [c for _, c in times]
        out["queries"].append(
            {
                "query": query,
                "wall_median_s": round(statistics.median(walls), 3),
                "wall_best_s": round(min(walls), 3),
                "cpu_median_s": round(statistics.median(cpus), 3),
            }
        )
    cmd = [sys.executable, "-m", "kuntahaku", "--index", str(index), "search", queries[0]]
    out["imports"] = [{"module": m, "cumulative_s": round(s, 3)} for m, s in _imports(cmd, env)]
    out["load_average"] = os.getloadavg()[0]
    return out


def render(label: str, data: dict[str, Any]) -> str:
    """A Markdown table of one measurement."""
    lines = [
        f"### `kuntahaku search` cold start: {label} (load average {data['load_average']:.1f})",
        "",
        "| query | wall median s | wall best s | CPU median s |",
        "|---|---|---|---|",
    ]
    for q in data["queries"]:
        lines.append(
            f"| `{q['query']}` | {q['wall_median_s']} | {q['wall_best_s']} | {q['cpu_median_s']} |"
        )
    lines += ["", "Slowest imports (cumulative s): "]
    lines.append(", ".join(f"{i['module']} {i['cumulative_s']}" for i in data["imports"]))
    return "\n".join(lines)


def main() -> None:
    """Parse the options, measure, write bench/out/cold_start-LABEL.json, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("queries", nargs="*", default=QUERIES)
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout of kuntahaku to run")
    parser.add_argument("--label", default="current")
    args = parser.parse_args()
    data = measure(args.index, args.code.resolve(), args.queries, args.runs)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"cold_start-{args.label}.json").write_text(json.dumps(data, indent=2) + "\n")
    print(render(args.label, data))


if __name__ == "__main__":
    main()
