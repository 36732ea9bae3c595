"""OCR of image-only PDF pages with Tesseract, one language per page.

Tesseract with `swe+fin` together turns å into ä, so each page is read in one language: the one
of the document's text layer on neighbouring pages, else the file name's `fi_`/`sv_` prefix, else
both languages are tried and the reading with the higher mean word confidence wins.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache

import pypdfium2 as pdfium
import pytesseract

from kuntahaku.config import DISABLE_ENV, is_disabled
from kuntahaku.ingest import limits
from kuntahaku.models import Page

TESSERACT_LANGS = {"fi": "fin", "sv": "swe"}
# Short, frequent words that tell Finnish and Swedish text apart.
_FI_WORDS = frozenset(
    [
        "ja",
        "on",
        "ei",
        "että",
        "se",
        "tai",
        "sekä",
        "kuin",
        "myös",
        "ovat",
        "oli",
        "ole",
        "mukaan",
        "tämän",
        "joka",
        "vuoden",
        "kaupungin",
    ]
)
_SV_WORDS = frozenset(
    [
        "och",
        "att",
        "är",
        "för",
        "som",
        "det",
        "av",
        "med",
        "till",
        "på",
        "om",
        "den",
        "ett",
        "inte",
        "har",
        "de",
        "enligt",
        "samt",
        "eller",
    ]
)
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class OcrResult:
    """Text read from a page image, the language used and Tesseract's mean word confidence."""

    text: str
    lang: str
    confidence: float


@lru_cache(maxsize=1)
def unavailable_reason() -> str:
    """Why OCR cannot run here ("" when it can): no tesseract binary or no fin/swe data, or
    switched off by KUNTAHAKU_DISABLE=tesseract (then exactly as if it were not installed)."""
    if is_disabled("tesseract"):
        return f"Tesseract is switched off by {DISABLE_ENV}"
    binary = shutil.which("tesseract")
    if not binary:
        return "Tesseract is not installed"
    try:
        out = subprocess.run(
            [binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return "Tesseract cannot be run"
    langs = set(out.stdout.split()) | set(out.stderr.split())
    absent = [code for code in TESSERACT_LANGS.values() if code not in langs]
    if absent:
        return f"Tesseract language data missing: {', '.join(absent)}"
    return ""


def text_language(text: str) -> str:
    """`fi`, `sv` or "" by counting frequent function words of each language."""
    words = [w.lower() for w in _WORD.findall(text)]
    fi = sum(1 for w in words if w in _FI_WORDS)
    sv = sum(1 for w in words if w in _SV_WORDS)
    if fi + sv < 3:
        return ""
    return "fi" if fi > sv else "sv"


def guess_language(pages: list[Page], index: int, file_name: str) -> str:
    """The language to OCR page `index` in: nearest pages' text layer, then the file name."""
    order = sorted(range(len(pages)), key=lambda j: abs(j - index))
    for j in order:
        if j != index:
            lang = text_language(pages[j].raw_text)
            if lang:
                return lang
    prefix = file_name[:3].lower()
    if prefix in ("fi_", "sv_"):
        return prefix[:2]
    return ""


def ocr_page(page: pdfium.PdfPage, lang: str, dpi: int) -> OcrResult:
    """Render a page at `dpi` and read it; with no language known, try both and keep the best."""
    scale = limits.render_scale(page.get_width(), page.get_height(), dpi)
    image = page.render(scale=scale).to_pil()
    langs = [lang] if lang in TESSERACT_LANGS else list(TESSERACT_LANGS)
    results = [_read(image, code) for code in langs]
    return max(results, key=lambda r: r.confidence)


def _read(image: object, lang: str) -> OcrResult:
    """One Tesseract pass in one language, with the mean confidence of the words it found."""
    # One thread per Tesseract process: batches already run one worker per core, and OpenMP
    # threads competing for the same cores made a page 2-3 times slower here.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    code = TESSERACT_LANGS[lang]
    data = pytesseract.image_to_data(image, lang=code, output_type=pytesseract.Output.DICT)
    lines: dict[tuple[int, int, int], list[str]] = {}
    paragraphs: list[tuple[int, int]] = []
    confidences: list[float] = []
    for i, word in enumerate(data["text"]):
        if not word.strip():
            continue
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        lines.setdefault(key, []).append(word)
        if key[:2] not in paragraphs:
            paragraphs.append(key[:2])
        conf = float(data["conf"][i])
        if conf >= 0:
            confidences.append(conf)
    out: list[str] = []
    for par in paragraphs:
        out.append("\n".join(" ".join(ws) for k, ws in lines.items() if k[:2] == par))
    mean = sum(confidences) / len(confidences) if confidences else 0.0
    return OcrResult(text="\n\n".join(out), lang=lang, confidence=mean)
