"""OCR of scanned minutes against their text rendition: speed, words read right, §§ found.

    python bench/ocr_scanned.py

Reads `tests/fixtures/scanned/fi_lapua_hyvinvointilk_2025-03-13_pp4-10_scan.pdf` (pages 4-10 of
real Lapua minutes rendered at 200 dpi with a slight skew, image only) through the pipeline up to
passages, and the same pages of the original PDF from its text layer. Prints pages per second of
the OCRed run, the share of the text layer's words (as a multiset) the OCR reading has, the §§
with their pages found in each, and the passage counts. Writes bench/out/ocr_scanned.json.
"""

from __future__ import annotations

import collections
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kuntahaku.config import Settings  # noqa: E402
from kuntahaku.ingest import pipeline  # noqa: E402
from kuntahaku.models import Document  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
SCANNED = FIXTURES / "scanned" / "fi_lapua_hyvinvointilk_2025-03-13_pp4-10_scan.pdf"
ORIGINAL = FIXTURES / "real" / "fi_lapua_hyvinvointilk_poytakirja_2025-03-13.pdf"
FIRST, LAST = 4, 10
OUT = ROOT / "bench" / "out" / "ocr_scanned.json"


def through_segment(path: Path, ocr_on: bool) -> Document:
    """A document through every stage up to passages."""
    settings = Settings(index_dir=Path("/nonexistent"), ocr=ocr_on)
    doc = Document(doc_id="bench", path=str(path))
    for name, stage in pipeline.STAGES:
        if name == "entities":
            break
        doc = stage(doc, settings)
    return doc


def words(text: str) -> collections.Counter[str]:
    """Word multiset of a text."""
    return collections.Counter(re.findall(r"\w+", text))


def main() -> None:
    """Measure and report."""
    start = time.perf_counter()
    scanned = through_segment(SCANNED, ocr_on=True)
    seconds = time.perf_counter() - start
    original = through_segment(ORIGINAL, ocr_on=False)
    ocr_words = words("\n".join(p.raw_text for p in scanned.pages))
    text_words = words("\n".join(p.raw_text for p in original.pages[FIRST - 1 : LAST]))
    right = sum((ocr_words & text_words).values())
    found = [(s.number, s.page) for s in scanned.metadata.sections]
    expected = [
        (s.number, s.page - FIRST + 1)
        for s in original.metadata.sections
        if FIRST <= s.page <= LAST and s.kind == "paragraph_sign"
    ]
    text_passages = [p for p in original.passages if any(FIRST <= n <= LAST for n in p.pages)]
    result = {
        "pages": len(scanned.pages),
        "seconds": round(seconds, 1),
        "pages_per_second": round(len(scanned.pages) / seconds, 3),
        "words_right": right,
        "words_in_text_layer": sum(text_words.values()),
        "words_right_share": round(right / sum(text_words.values()), 4),
        "sections_found": found,
        "sections_expected": expected,
        "sections_right": len(set(found) & set(expected)),
        "passages_ocr": len(scanned.passages),
        "passages_text": len(text_passages),
        "flags": {str(k): v for k, v in scanned.flagged_pages.items()},
    }
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    for key, value in result.items():
        print(f"{key:22} {value}")


if __name__ == "__main__":
    main()
