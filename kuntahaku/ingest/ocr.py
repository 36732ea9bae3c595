"""OCR of image-only PDF pages with Tesseract, one language per page, with the page's layout.

Tesseract with `swe+fin` together turns å into ä, so each page is read in one language: the one
of the document's text layer on neighbouring pages, else the file name's `fi_`/`sv_` prefix, else
both languages are tried and the reading with the higher mean word confidence wins. A reading that
is not language is read again turned the way Tesseract's orientation detection says. Lines come
with their boxes in points (from Tesseract's TSV), so that later stages see OCR pages as they see
text-layer pages.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import statistics
import subprocess
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pypdfium2 as pdfium
import pytesseract
from PIL import Image

from kuntahaku.config import DISABLE_ENV, is_disabled
from kuntahaku.ingest import limits
from kuntahaku.ingest import ocr_quality as quality
from kuntahaku.models import FLAG_OCR, FLAG_OCR_ROTATED, FLAG_OCR_UNREADABLE, Page, TextLine

TESSERACT_LANGS = {"fi": "fin", "sv": "swe"}
# Orientation confidence (Tesseract's OSD) below which a page is not turned.
MIN_ORIENTATION_CONFIDENCE = 2.0
# Below this word confidence, marks around a word that are neither letters, digits nor brackets
# are OCR noise (a rule, a speck) and are dropped.
MIN_WORD_CONFIDENCE = 60.0
COLUMN_SHARE = 0.3  # of the page width: a paragraph this wide beside another makes columns
_EDGE_NOISE = re.compile(r"^[^\w(\[§€%]+|[^\w)\].,:;%€!?§]+$")
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


@dataclass
class OcrResult:
    """What Tesseract read on a page image: paragraphs of lines laid out in points, the
    language used, the mean word confidence, the rotation applied and the upright page size."""

    paragraphs: list[list[TextLine]]
    lang: str
    confidence: float
    rotation: int = 0  # degrees the page image was turned clockwise before reading
    width: float = 0.0  # points, upright
    height: float = 0.0
    words: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """Lines joined by line breaks, paragraphs by blank lines (as the cleaning stage reads)."""
        return "\n\n".join("\n".join(line.text for line in par) for par in self.paragraphs)

    @property
    def lines(self) -> list[TextLine]:
        """Every line in reading order."""
        return [line for par in self.paragraphs for line in par]


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
    """Render a page at `dpi` and read it upright in its language (both languages when it is
    not known). A reading that is not language is read again turned the way Tesseract's
    orientation detection says the page lies (a sheet scanned sideways or upside down), then in
    the other language (a Finnish letter attached to Swedish minutes); the best reading is kept."""
    scale = limits.render_scale(page.get_width(), page.get_height(), dpi)
    image = page.render(scale=scale).to_pil()
    return read_page_image(image, lang, round(scale * 72))


def read_page_image(image: Image.Image, lang: str, dpi: int) -> OcrResult:
    """`ocr_page` on an image already rendered at `dpi`."""
    langs = list(TESSERACT_LANGS)
    if lang in TESSERACT_LANGS:
        langs.sort(key=lambda code: code != lang)
        readings = [read_image(image, lang, dpi)]
    else:
        readings = [read_image(image, code, dpi) for code in langs]
    best = max(readings, key=_score)
    if _readable(best):
        return best
    tried = {r.lang for r in readings}
    rotation = orientation(image)
    if rotation:
        image = image.rotate(-rotation, expand=True)
        tried = set()
        langs.sort(key=lambda code: code != best.lang)
    for code in langs:
        if code in tried:
            continue
        reading = read_image(image, code, dpi)
        reading.rotation = rotation
        readings.append(reading)
        if _readable(reading):
            return reading
    return max(readings, key=_score)


def verdict(result: OcrResult) -> quality.Verdict:
    """Whether a reading is language, with the figures (see `ocr_quality`)."""
    return quality.judge(result.words, result.lang, result.confidence)


def _readable(result: OcrResult) -> bool:
    return verdict(result).readable


def _score(result: OcrResult) -> tuple[bool, float, float]:
    """Readings compared: language first, then the share of known words, then confidence."""
    found = verdict(result)
    return (found.readable, round(found.known_share, 2), result.confidence)


def orientation(image: Image.Image) -> int:
    """Degrees to turn the image clockwise so that its text stands upright (0, 90, 180, 270),
    from Tesseract's orientation detection; 0 when it is unsure or finds too little text."""
    _limit_threads()
    try:
        osd = pytesseract.image_to_osd(image, output_type=pytesseract.Output.DICT)
    except (pytesseract.TesseractError, ValueError):
        return 0  # "Too few characters": a picture, a blank page
    rotate = int(osd.get("rotate", 0) or 0) % 360
    if float(osd.get("orientation_conf", 0.0) or 0.0) < MIN_ORIENTATION_CONFIDENCE:
        return 0
    return rotate


def _limit_threads() -> None:
    # One thread per Tesseract process: batches already run one worker per core, and OpenMP
    # threads competing for the same cores made a page 2-3 times slower here.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")


def read_image(image: Image.Image, lang: str, dpi: int) -> OcrResult:
    """One Tesseract pass in one language: lines with their boxes, and the mean confidence."""
    _limit_threads()
    code = TESSERACT_LANGS[lang]
    data = pytesseract.image_to_data(image, lang=code, output_type=pytesseract.Output.DICT)
    data["text"] = [_denoise(w, float(c)) for w, c in zip(data["text"], data["conf"], strict=True)]
    scale = 72.0 / dpi
    paragraphs = layout_lines(data, scale, image.width * scale)
    confidences = [float(c) for c, w in zip(data["conf"], data["text"], strict=True) if w.strip()]
    known = [c for c in confidences if c >= 0]
    mean = sum(known) / len(known) if known else 0.0
    words = [w for w in data["text"] if w.strip()]
    return OcrResult(
        paragraphs=paragraphs,
        lang=lang,
        confidence=mean,
        width=image.width * scale,
        height=image.height * scale,
        words=words,
    )


def layout_lines(data: dict[str, list[Any]], scale: float, width: float) -> list[list[TextLine]]:
    """Paragraphs of lines from Tesseract's TSV (block, paragraph and line numbers), each line
    with its box converted from pixels to points by `scale`, and as its size the median height
    of its words (a slightly skewed line's box is taller than its letters); `width` is the
    page's, in points."""
    lines: dict[tuple[int, int, int], list[int]] = {}
    for i, word in enumerate(data["text"]):
        if word.strip():
            key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
            lines.setdefault(key, []).append(i)
    paragraphs: dict[tuple[int, int], list[TextLine]] = {}
    for key, idx in lines.items():
        left = min(data["left"][i] for i in idx)
        top = min(data["top"][i] for i in idx)
        right = max(data["left"][i] + data["width"][i] for i in idx)
        bottom = max(data["top"][i] + data["height"][i] for i in idx)
        line = TextLine(
            text=" ".join(data["text"][i].strip() for i in idx),
            x0=round(left * scale, 2),
            top=round(top * scale, 2),
            x1=round(right * scale, 2),
            bottom=round(bottom * scale, 2),
            size=round(statistics.median(data["height"][i] for i in idx) * scale, 2),
        )
        paragraphs.setdefault(key[:2], []).append(line)
    return reading_order(list(paragraphs.values()), width)


def reading_order(paragraphs: list[list[TextLine]], width: float) -> list[list[TextLine]]:
    """Paragraphs top to bottom, so that a label in the margin ("Liitteet", "Päätös") comes
    where it stands and not before the whole body column, as Tesseract's block order has it;
    a page set in columns (two wide paragraphs side by side) keeps Tesseract's order."""
    boxes = [
        (min(ln.x0 for ln in par), par[0].top, max(ln.x1 for ln in par), par[-1].bottom)
        for par in paragraphs
    ]
    wide = [b for b in boxes if b[2] - b[0] > COLUMN_SHARE * width]
    for a, b in itertools.combinations(wide, 2):
        side_by_side = a[2] <= b[0] or b[2] <= a[0]
        if side_by_side and a[1] < b[3] and b[1] < a[3]:
            return paragraphs
    order = sorted(range(len(paragraphs)), key=lambda k: boxes[k][1])
    return [paragraphs[k] for k in order]


def apply(page: Page, result: OcrResult, doc_warnings: list[str]) -> None:
    """Put a reading on its page: text, lines and size, and the flags `ocr` (and `ocr_rotated`
    when the page was turned to be read). A reading that is not language is kept out of the
    page text (flag `ocr_unreadable`, with the reason in a warning); a stamp the text layer
    carried stays either way."""
    stamp = page.raw_text.strip()
    found = verdict(result)
    page.flags.append(FLAG_OCR)
    if result.rotation:
        page.flags.append(FLAG_OCR_ROTATED)
    if not found.readable:
        page.flags.append(FLAG_OCR_UNREADABLE)
        doc_warnings.append(
            f"page {page.number}: OCR read no language ({found.reason}); its text is not indexed"
        )
        page.raw_text = stamp
        return
    page.raw_text = (stamp + "\n\n" + result.text).strip() if stamp else result.text
    page.lines = result.lines
    page.width, page.height = result.width, result.height


def _denoise(word: str, confidence: float) -> str:
    """A word Tesseract is unsure of loses the smears around it: "—" alone goes, "—6(24)" keeps
    "6(24)" (a rule or a speck next to a page number, read as a dash)."""
    if confidence >= MIN_WORD_CONFIDENCE or not word.strip():
        return word
    return _EDGE_NOISE.sub("", word)
