"""Every file of the shared real documents through `process_file`: pages, furniture, warnings.

    python bench/real_docs_check.py [--furniture] [paths...]

Prints one line per file (status, pages, passages, lines removed as running header or footer,
warnings, the error of a failed file) and, with `--furniture`, the removed lines per file
grouped by their text with digits masked, the band they stood in and on how many pages: what a
reader checks to see that only page furniture was removed. OCR is off (it is timed elsewhere).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kuntahaku.config import Settings  # noqa: E402
from kuntahaku.ingest.clean.furniture import key  # noqa: E402
from kuntahaku.ingest.pipeline import process_file  # noqa: E402
from kuntahaku.models import STATUS_OK  # noqa: E402

SHARED = (Path("/work/shared/real-docs"), Path("/work/shared/real-docs-2"))


def default_paths() -> list[Path]:
    """Every document of both shared folders (not their SOURCES.md)."""
    return sorted(
        p for base in SHARED if base.is_dir() for p in base.iterdir() if p.name != "SOURCES.md"
    )


def main() -> None:
    """Ingest each file on its own and report it."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--furniture", action="store_true", help="list the removed lines")
    args = parser.parse_args()
    settings = Settings(index_dir=Path("/nonexistent-kuntahaku-index"), ocr=False)
    failed = 0
    for path in args.paths or default_paths():
        doc = process_file(path, settings)
        if doc.status != STATUS_OK:
            failed += 1
            print(f"FAILED {path.name}: {doc.error}")
            continue
        removed: Counter[tuple[str, str]] = Counter()
        laid_out = sum(1 for page in doc.pages if page.lines)
        for page in doc.pages:
            if page.lines:
                for line in page.lines:
                    if line.role in ("header", "footer"):
                        removed[(line.role, key(line.text))] += 1
            else:
                for band, text in (("header", page.header), ("footer", page.footer)):
                    for line in filter(None, text.split("\n")):
                        removed[(band + "*", key(line))] += 1
        print(
            f"ok {path.name}: {len(doc.pages)} pages ({laid_out} with layout), "
            f"{len(doc.passages)} passages, {sum(removed.values())} furniture lines removed"
            + (f", warnings: {'; '.join(doc.warnings)}" if doc.warnings else "")
        )
        if args.furniture:
            for (band, text), count in sorted(removed.items(), key=lambda kv: -kv[1]):
                print(f"    {count:4d} {band:7s} {text[:90]}")
    print(f"{failed} failed")


if __name__ == "__main__":
    main()
