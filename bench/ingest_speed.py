"""Ingestion speed in pages per second, from raw text extraction up to the whole pipeline.

    python bench/ingest_speed.py [--workers N] [paths...]

Defaults to every PDF in /work/shared/real-docs when that folder exists, else the bundled
corpus. Measures, over the same pages: pypdfium2's plain page text (the upper bound), pdfplumber's
`extract_text` (for the record), our extract stage, extract + clean, and `process_file` (the
full pipeline, in N worker processes). OCR is off in those runs and timed on its own over the
image-only pages. Prints a table and writes bench/out/ingest_speed.json.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kuntahaku.config import Settings  # noqa: E402
from kuntahaku.ingest import clean, extract, ocr  # noqa: E402
from kuntahaku.ingest.pipeline import prepare, process_file  # noqa: E402
from kuntahaku.models import FLAG_IMAGE_ONLY, Document  # noqa: E402

SHARED = Path("/work/shared/real-docs")
OUT = ROOT / "bench" / "out" / "ingest_speed.json"


def default_paths() -> list[Path]:
    """Every PDF of the shared real documents, else of the bundled corpus."""
    base = SHARED if SHARED.is_dir() else ROOT / "corpus"
    return sorted(base.rglob("*.pdf"))


def timed(run: Callable[[], int]) -> tuple[int, float]:
    """(pages, seconds) of one run."""
    start = time.perf_counter()
    pages = run()
    return pages, time.perf_counter() - start


def raw_pdfium(paths: Iterable[Path]) -> int:
    """pypdfium2's text of every page, nothing else."""
    pages = 0
    for path in paths:
        pdf = pdfium.PdfDocument(str(path))
        for i in range(len(pdf)):
            page = pdf[i]
            page.get_textpage().get_text_range()
            pages += 1
        pdf.close()
    return pages


def raw_pdfplumber(paths: Iterable[Path]) -> int:
    """pdfplumber's `extract_text` of every page."""
    pages = 0
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                pages += 1
                page.flush_cache()
    return pages


def stages(paths: Iterable[Path], settings: Settings, with_clean: bool) -> int:
    """Our extract stage (and clean) over every file."""
    pages = 0
    for path in paths:
        doc = extract.run(Document(doc_id="bench", path=str(path)), settings)
        if with_clean:
            doc = clean.run(doc, settings)
        pages += len(doc.pages)
    return pages


def pipeline(paths: list[Path], settings: Settings, workers: int) -> int:
    """`process_file` over every file, in `workers` processes (started as `ingest` starts them,
    after `prepare`)."""
    if workers <= 1:
        return sum(len(process_file(p, settings).pages) for p in paths)
    prepare()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return sum(len(d.pages) for d in pool.map(process_file, paths, [settings] * len(paths)))


def ocr_time(paths: Iterable[Path], settings: Settings) -> dict[str, object]:
    """Seconds spent on OCR of the image-only pages, in the language the pipeline picks."""
    if ocr.unavailable_reason():
        return {"available": False, "reason": ocr.unavailable_reason()}
    pages = 0
    seconds = 0.0
    for path in paths:
        doc = extract.run(Document(doc_id="bench", path=str(path)), settings)
        scanned = [p.number - 1 for p in doc.pages if FLAG_IMAGE_ONLY in p.flags]
        if not scanned:
            continue
        pdf = pdfium.PdfDocument(str(path))
        for i in scanned:
            lang = ocr.guess_language(doc.pages, i, path.name)
            start = time.perf_counter()
            ocr.ocr_page(pdf[i], lang, settings.ocr_dpi)
            seconds += time.perf_counter() - start
            pages += 1
        pdf.close()
    return {
        "available": True,
        "pages": pages,
        "seconds": round(seconds, 2),
        "seconds_per_page": round(seconds / pages, 2) if pages else None,
        "dpi": settings.ocr_dpi,
    }


def main() -> None:
    """Run every measurement and report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--workers", type=int, default=1, help="processes for process_file")
    parser.add_argument("--skip-pdfplumber", action="store_true", help="it is slow")
    parser.add_argument("--out", type=Path, default=OUT, help=f"JSON report (default {OUT})")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    paths = [p for p in (args.paths or default_paths()) if p.suffix.lower() == ".pdf"]
    settings = Settings(index_dir=Path("/tmp/kuntahaku-bench-unused"), ocr=False)
    results: dict[str, dict[str, float]] = {}

    def record(name: str, run: Callable[[], int]) -> None:
        pages, seconds = timed(run)
        results[name] = {
            "pages": pages,
            "seconds": round(seconds, 3),
            "pages_per_s": round(pages / seconds, 1) if seconds else 0.0,
        }
        print(f"{name:<28} {pages:>6} pages {seconds:>8.2f} s {pages / seconds:>9.1f} pages/s")

    print(f"{len(paths)} PDF files, workers={args.workers}")
    record("pypdfium2 raw text", lambda: raw_pdfium(paths))
    if not args.skip_pdfplumber:
        record("pdfplumber extract_text", lambda: raw_pdfplumber(paths))
    record("extract stage", lambda: stages(paths, settings, with_clean=False))
    record("extract + clean", lambda: stages(paths, settings, with_clean=True))
    record(f"pipeline ({args.workers} worker(s))", lambda: pipeline(paths, settings, args.workers))
    ocr_report = ocr_time(paths, settings)
    print(f"OCR of image-only pages: {ocr_report}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "files": [str(p) for p in paths],
        "workers": args.workers,
        "cpu_count": os.cpu_count(),
        "results": results,
        "ocr": ocr_report,
    }
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
