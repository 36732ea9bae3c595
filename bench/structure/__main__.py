"""Score the ingestion pipeline against the structure gold annotations.

    python3 -m bench.structure                        # every gold file
    python3 -m bench.structure --only STEM [STEM...]  # some documents
    python3 -m bench.structure --gold DIR --json OUT

Prints the Markdown report and writes bench/out/structure.md and bench/out/structure.json.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path

from bench.structure import evaluate


def main(argv: list[str] | None = None) -> int:
    """Parse options, score, print and write the report; exit 1 when a gold source is missing
    or a gold file is malformed."""
    parser = argparse.ArgumentParser(
        prog="python3 -m bench.structure",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--gold", type=Path, default=evaluate.GOLD, help="gold folder")
    parser.add_argument("--json", type=Path, default=None, help="also write the JSON here")
    parser.add_argument("--only", nargs="+", default=[], metavar="STEM", help="gold file stems")
    parser.add_argument("--out", type=Path, default=evaluate.ROOT / "bench" / "out")
    parser.add_argument("--no-ocr", action="store_true", help="do not OCR image-only pages")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    started = time.perf_counter()
    rows = evaluate.run(args.gold, args.only, ocr=False if args.no_ocr else None)
    if not rows:
        print(f"Error: {args.gold}: no gold file", file=sys.stderr)
        return 2
    text = evaluate.render_markdown(rows)
    text += f"\n{len(rows)} documents in {time.perf_counter() - started:.0f}s.\n"
    data = evaluate.to_json(rows)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "structure.md").write_text(text, encoding="utf-8")
    payload = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    (args.out / "structure.json").write_text(payload, encoding="utf-8")
    if args.json:
        args.json.write_text(payload, encoding="utf-8")
    print(text)
    bad = any(r.get("status") == "missing" or r.get("gold_problems") for r in rows)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
