"""Glyphs drawn twice: our characters against pdfplumber's `dedupe_chars` on the same pages.

    python bench/dedupe_vs_pdfplumber.py [paths...]

Per file: pdfplumber's characters (spaces aside) before and after `dedupe_chars()` (its default
tolerance of 1 point, same font name and size), pdfium's characters as we read them and the
duplicates our own `pdfchars.dedupe` still merged, and the agreement between pdfplumber's
deduplicated characters and ours (per page, the characters both have, counted as multisets, over
the larger count). Times: pdfplumber's `dedupe_chars` on parsed pages, our read + dedupe.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kuntahaku.ingest.extract import pdfchars  # noqa: E402

SHARED = Path("/work/shared")
DEFAULT = [
    SHARED / "real-docs" / "fi_oulu_kh_tilinpaatos2016_msword.pdf",
    SHARED / "real-docs" / "fi_oulu_kh_tilinpaatos2016_libreoffice.pdf",
    SHARED / "real-docs" / "fi_lapua_kh_poytakirja_2025-05-26.pdf",
    SHARED / "real-docs" / "sv_nykarleby_valfardsnamnden_protokoll_15_09_2022_18_00_139758.pdf",
    SHARED / "real-docs-2" / "fi_senaatti_tilinpaatos_2024.pdf",
    SHARED / "real-docs-2" / "sv_se_simrishamn_budgetanvisningar_2025-12-01.pdf",
    ROOT / "tests" / "fixtures" / "made" / "simulated_bold.pdf",
]
_SKIP = set(" \u00a0\r\n\t\u00ad\ufffe\x02\u200b")


def compare(path: Path) -> dict[str, float]:
    """Counts, agreement and seconds for one PDF."""
    out: Counter[str] = Counter()
    ours_pages: list[Counter[str]] = []
    started = time.perf_counter()
    document = pdfium.PdfDocument(str(path))
    try:
        for i in range(len(document)):
            textpage = document[i].get_textpage()
            glyphs = pdfchars.read_glyphs(textpage)
            kept, dropped = pdfchars.dedupe(glyphs)
            textpage.close()
            out["ours_merged"] += dropped
            ours_pages.append(Counter(g.text for g in kept if not g.space and g.text not in _SKIP))
    finally:
        document.close()
    out["ours_seconds"] = time.perf_counter() - started
    with pdfplumber.open(str(path)) as plumber:
        for page, ours in zip(plumber.pages, ours_pages, strict=True):
            chars = [c for c in page.chars if c["text"] not in _SKIP]
            started = time.perf_counter()
            deduped = [c for c in page.dedupe_chars().chars if c["text"] not in _SKIP]
            out["plumber_seconds"] += time.perf_counter() - started
            theirs = Counter(c["text"] for c in deduped)
            out["pages"] += 1
            out["plumber_chars"] += len(chars)
            out["plumber_deduped"] += len(deduped)
            out["ours_chars"] += sum(ours.values())
            out["shared"] += sum((ours & theirs).values())
            out["larger"] += max(sum(ours.values()), len(deduped))
            page.flush_cache()
    return dict(out)


def main() -> None:
    """Print one row per file."""
    paths = [Path(p) for p in sys.argv[1:]] or [p for p in DEFAULT if p.exists()]
    print(
        "file | pages | pdfplumber chars -> after dedupe_chars | ours (pdfium) | merged by our "
        "dedupe | agreement | dedupe_chars s | ours read+dedupe s"
    )
    for path in paths:
        r = compare(path)
        print(
            f"{path.name} | {int(r['pages'])} | {int(r['plumber_chars'])} -> "
            f"{int(r['plumber_deduped'])} | {int(r['ours_chars'])} | {int(r['ours_merged'])} | "
            f"{100 * r['shared'] / max(r['larger'], 1):.2f}% | {r['plumber_seconds']:.2f} | "
            f"{r['ours_seconds']:.2f}"
        )


if __name__ == "__main__":
    main()
