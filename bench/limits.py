"""Memory and time of `kuntahaku ingest` on the resource bombs of `tests/fixtures/make_bombs.py`.

`python -m bench.limits [--text-mb 54] [--timeout 600] [--code DIR]` makes the bombs in a
temporary folder, ingests each into a fresh index in its own process (the code under DIR, by
default this checkout, on PYTHONPATH), and prints one JSON line per bomb: seconds, peak resident
memory of that process and its children (`resource.getrusage(RUSAGE_CHILDREN)` of a process
started for that one run), exit code and the last line of stderr. `mixed_pages.pdf` is normal
pages of real text around a 14,400 pt page and a 400,000-character page: the normal pages are
ingested (exit 0), the two bad ones warned about. Run it against an older
checkout with `--code` to compare.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
import make_bombs  # noqa: E402

# Run in a fresh interpreter: ru_maxrss of RUSAGE_CHILDREN is then that one ingest's peak.
_MEASURE = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
try:
    run = subprocess.run(sys.argv[2:], capture_output=True, text=True, timeout=float(sys.argv[1]))
    code, err = run.returncode, run.stderr
except subprocess.TimeoutExpired as exc:
    code, err = "timeout", (exc.stderr or b"").decode("utf-8", "replace")
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
lines = [l for l in err.splitlines() if l.strip()]
print(json.dumps({"seconds": round(time.perf_counter() - started, 1), "peak_mb": round(peak),
                  "exit": code, "stderr": lines[-1] if lines else ""}))
"""


def measure(bomb: Path, code_dir: Path, timeout: float) -> dict[str, object]:
    """One ingest of one bomb in its own process tree."""
    with tempfile.TemporaryDirectory() as index:
        env = dict(os.environ, PYTHONPATH=str(code_dir))
        cmd = [sys.executable, "-m", "kuntahaku", "--index", index, "ingest", str(bomb)]
        out = subprocess.run(
            [sys.executable, "-c", _MEASURE, str(timeout), *cmd],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            cwd=code_dir,  # `-m` puts the working folder first on sys.path
        )
    result: dict[str, object] = json.loads(out.stdout)
    return {"bomb": bomb.name, "bytes": bomb.stat().st_size, **result}


def main() -> None:
    """Make the bombs and measure each."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--text-mb", type=float, default=54)
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--code", type=Path, default=ROOT)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bombs = [
            make_bombs.big_page(folder / "big_page.pdf"),
            make_bombs.deflate_bomb(folder / "deflate_bomb.pdf"),
            make_bombs.text_bomb(folder / "text_bomb.pdf", megabytes=args.text_mb),
            make_bombs.mixed_pages(
                folder / "mixed_pages.pdf",
                next((ROOT / "corpus" / "seeds").glob("000_*.txt")).read_text(encoding="utf-8"),
            ),
        ]
        for bomb in bombs:
            print(json.dumps(measure(bomb, args.code, args.timeout), ensure_ascii=False))


if __name__ == "__main__":
    main()
