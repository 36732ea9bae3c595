"""Our table rows against pdfplumber's table finder on the table pages of the real documents.

    python bench/tables_vs_pdfplumber.py [paths...]

A table page is one where our extraction marks at least three lines `role="table"`. On each,
pdfplumber's `find_tables()` runs with its default (ruling lines) and its "text" strategy
(alignment of words). For every row pdfplumber finds (non-empty cells, spaces normalised) we ask:

- row agreement: does one of our table lines on the page have exactly those cells, in order?
- cell agreement: of pdfplumber's cells, how many are a cell of our line holding its first cell?
- numbers intact: of the figures in pdfplumber's cells ("11 598 583", "-1 234", "2023–2024"),
  how many stand whole in one of our cells, and of the figures in our cells, how many stand
  whole in one of pdfplumber's (a cell split inside "11 598 583" breaks the number)?

and the seconds each takes per page (pdfplumber's page parse included, ours is the extract of
the page). Writes bench/out/tables_vs_pdfplumber.json.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kuntahaku.ingest.extract import pdf as pdf_handler  # noqa: E402
from kuntahaku.ingest.extract.layout import CELL_SEPARATOR  # noqa: E402

SHARED = Path("/work/shared")
DEFAULT = [
    SHARED / "real-docs" / "fi_lapua_lautakuntien_talousarviot_kh_2024-11-04.pdf",
    SHARED / "real-docs" / "fi_oulu_kh_tilinpaatos2016_msword.pdf",
    SHARED / "real-docs" / "fi_oulu_kh_tilinpaatos2016_libreoffice.pdf",
    SHARED / "real-docs-2" / "fi_valtio_talousarvio_2024_tuloarviot-maararahat.pdf",
    SHARED / "real-docs-2" / "fi_senaatti_tilinpaatos_2024.pdf",
]
OUT = ROOT / "bench" / "out" / "tables_vs_pdfplumber.json"
_FIGURE = re.compile(r"[-–]?\d{1,3}(?: \d{3})+(?:,\d+)?|[-–]\d+(?:,\d+)?|\d{4}[–-]\d{4}")
STRATEGIES = {
    "lines": {},
    "text": {"vertical_strategy": "text", "horizontal_strategy": "text"},
}


def _norm(cell: str | None) -> str:
    return re.sub(r"\s+", " ", (cell or "").replace("\u00ad", "").replace("\ufffe", "")).strip()


def compare(path: Path) -> dict[str, object]:
    """Agreement and timing on the table pages of one PDF."""
    ours_seconds = 0.0
    rows_by_page: dict[int, list[list[str]]] = {}
    document = pdfium.PdfDocument(str(path))
    try:
        for i in range(len(document)):
            page = document[i]
            started = time.perf_counter()
            view = pdf_handler.read_view(page)
            ours_seconds += time.perf_counter() - started
            page.close()
            rows = [
                [_norm(c) for c in line.text.split(CELL_SEPARATOR)]
                for line in view.lines
                if line.role == "table"
            ]
            if len(rows) >= 3:
                rows_by_page[i] = rows
    finally:
        document.close()
    pages_total = i + 1
    result: dict[str, object] = {
        "file": path.name,
        "table_pages": len(rows_by_page),
        "ours_seconds_per_page": ours_seconds / max(pages_total, 1),
    }
    with pdfplumber.open(str(path)) as plumber:
        for name, settings in STRATEGIES.items():
            totals: dict[str, float] = defaultdict(float)
            started = time.perf_counter()
            for index, ours in rows_by_page.items():
                page = plumber.pages[index]
                tables = [t.extract() for t in page.find_tables(table_settings=settings)]
                theirs = [_norm(c) for table in tables for row in table for c in row if _norm(c)]
                for table in tables:
                    for row in table:
                        cells = [_norm(c) for c in row if _norm(c)]
                        if len(cells) < 2:
                            continue
                        totals["rows"] += 1
                        totals["cells"] += len(cells)
                        if any(r == cells for r in ours):
                            totals["rows_same"] += 1
                        holder = next((r for r in ours if cells[0] in r), None)
                        if holder is not None:
                            totals["cells_same"] += sum(1 for c in cells if c in holder)
                        for cell in cells:
                            for figure in _FIGURE.findall(cell):
                                totals["figures"] += 1
                                if any(figure in c for r in ours for c in r):
                                    totals["figures_whole"] += 1
                ours_figures = {f for r in ours for c in r for f in _FIGURE.findall(c)}
                totals["our_figures"] += len(ours_figures)
                totals["our_figures_whole"] += sum(
                    1 for f in ours_figures if any(f in c for c in theirs)
                )
                page.flush_cache()
            seconds = time.perf_counter() - started
            result[name] = {
                "rows": int(totals["rows"]),
                "row_agreement": totals["rows_same"] / totals["rows"] if totals["rows"] else None,
                "cell_agreement": (
                    totals["cells_same"] / totals["cells"] if totals["cells"] else None
                ),
                "figures": int(totals["figures"]),
                "figures_whole_in_ours": (
                    totals["figures_whole"] / totals["figures"] if totals["figures"] else None
                ),
                "our_figures": int(totals["our_figures"]),
                "our_figures_whole_in_theirs": (
                    totals["our_figures_whole"] / totals["our_figures"]
                    if totals["our_figures"]
                    else None
                ),
                "seconds_per_table_page": seconds / max(len(rows_by_page), 1),
            }
    return result


def _pct(value: object) -> str:
    return "-" if value is None else f"{100 * float(value):.0f}%"  # type: ignore[arg-type]


def main() -> None:
    """Compare on every file given (default: the table documents of the shared folders)."""
    paths = [Path(p) for p in sys.argv[1:]] or [p for p in DEFAULT if p.exists()]
    results = [compare(p) for p in paths]
    print(
        "file | table pages | ours s/page | strategy: pdfplumber rows, same rows, same cells, "
        "their figures whole in ours, ours whole in theirs, s/page"
    )
    for r in results:
        parts = []
        for name in STRATEGIES:
            s = r[name]
            assert isinstance(s, dict)
            parts.append(
                f"{name}: {s['rows']} rows, {_pct(s['row_agreement'])}, "
                f"{_pct(s['cell_agreement'])}, {_pct(s['figures_whole_in_ours'])} of "
                f"{s['figures']}, ours whole in theirs "
                f"{_pct(s['our_figures_whole_in_theirs'])} of {s['our_figures']}, "
                f"{s['seconds_per_table_page']:.3f}s"
            )
        print(
            f"{r['file']} | {r['table_pages']} | {float(r['ours_seconds_per_page']):.4f} | "  # type: ignore[arg-type]
            + " | ".join(parts)
        )
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
