"""PDF handler: every page's lines from pdfium's characters, with boxes, font size and weight.

pypdfium2 reads a page many times faster than pdfplumber on our documents, so it does all the
reading: characters with their boxes and fonts (`pdfchars`), glyphs drawn twice merged, lines in
reading order with two columns and table cells told apart (`pdflines`, `layout`), kept on
`Page.lines` and joined into the raw text (`pdflayout`). Pages without a usable text layer are
OCRed (see `kuntahaku.ingest.ocr`) or flagged, never dropped in silence.
"""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from kuntahaku.config import Settings
from kuntahaku.errors import CorruptFile, EmptyFile, EncryptedFile, IngestError, ResourceLimit
from kuntahaku.ingest import limits, ocr, ocr_headings
from kuntahaku.ingest.clean import garble
from kuntahaku.ingest.extract import pdflayout
from kuntahaku.models import (
    FLAG_BROKEN_TEXT_LAYER,
    FLAG_IMAGE_ONLY,
    FLAG_OCR,
    FLAG_OCR_UNAVAILABLE,
    FLAG_OVER_LIMIT,
    Document,
    Page,
)

# A page whose text layer holds fewer word characters than this, once stamps are removed, and
# that carries an image covering most of the page, is an image-only (scanned) page.
MIN_TEXT_CHARS = 60
MIN_IMAGE_COVER = 0.5
# Stamps printed on scanned attachments: "Bilaga Stadsstyrelsen, 26.09.2022 § 191", "Liite 3".
_STAMP = re.compile(r"^\s*(Bilaga|Liite|Bilagor|Liitteet)\b.*$", re.IGNORECASE | re.MULTILINE)
_WORD_CHAR = re.compile(r"\w")
_NOT_READ = "page {} not read: "  # the warning of a page over a per-page bound
# Mean Tesseract word confidence above which OCR may replace a garbled text layer.
MIN_OCR_CONFIDENCE = 80.0


class PdfHandler:
    """PDF files, recognised by the `%PDF-` signature (or, weakly, by a .pdf name)."""

    format = "pdf"
    extensions = frozenset({".pdf"})

    def score(self, path: Path, head: bytes) -> int:
        """100 for a PDF signature; 10 for a .pdf name, so that a fake PDF gets a PDF error."""
        if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
            return 100
        return 10 if path.suffix.lower() == ".pdf" else 0

    def extract(self, path: Path, settings: Settings, doc: Document) -> list[Page]:
        """Pages of raw text; image-only pages OCRed (flag `ocr`) or flagged `ocr_unavailable`."""
        pdf = open_pdf(path)
        try:
            if len(pdf) == 0:
                raise EmptyFile("PDF has no pages")
            pages: list[Page] = []
            image_only: list[int] = []
            broken: set[int] = set()  # text layers that lose letters to ligatures
            budget = limits.Budget()
            for i in range(len(pdf)):
                page = pdf[i]
                try:
                    view = read_view(page)
                    scanned = _is_image_only(page, view.text)
                except ResourceLimit as exc:  # that page alone is skipped, with a warning
                    pages.append(over_limit_page(i + 1, exc, doc))
                    continue
                finally:
                    page.close()
                budget.page(i + 1, view.text)
                pages.append(pdflayout.to_page(i + 1, view))
                if view.drops_letters:
                    broken.add(i)
                if scanned:
                    pages[-1].flags.append(FLAG_IMAGE_ONLY)
                    image_only.append(i)
            if image_only:
                _ocr_pages(pdf, pages, image_only, settings, doc)
            _ocr_garbled_pages(pdf, pages, settings, broken)
            check_pages_left(pages, doc)
            return pages
        finally:
            pdf.close()


def over_limit_page(number: int, exc: ResourceLimit, doc: Document) -> Page:
    """An empty page flagged `over_limit` in place of one over a per-page bound, and the
    warning (naming the page) that the batch prints with the file's name."""
    doc.warnings.append(f"{_NOT_READ.format(number)}{exc}")
    return Page(number=number, raw_text="", flags=[FLAG_OVER_LIMIT])


def check_pages_left(pages: list[Page], doc: Document) -> None:
    """`ResourceLimit` when every page was over a per-page bound: nothing of the file is left,
    so it fails with one line (the first page's reason) instead of a warning per page."""
    if not pages or not all(FLAG_OVER_LIMIT in p.flags for p in pages):
        return
    prefixes = tuple(_NOT_READ.format(p.number) for p in pages)
    reasons = [w for w in doc.warnings if w.startswith(prefixes)]
    doc.warnings[:] = [w for w in doc.warnings if not w.startswith(prefixes)]
    first = f" ({reasons[0]})" if reasons else ""
    raise ResourceLimit(f"every one of its {len(pages)} page(s) is over the limits{first}")


def open_pdf(path: Path) -> pdfium.PdfDocument:
    """Open a PDF with pdfium, turning its errors into our typed ones."""
    with path.open("rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" not in head:
        raise CorruptFile("not a PDF: the file does not start with a %PDF- header")
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        # pdfium's error code is process-global and can be stale; ask pdfminer what is wrong.
        raise diagnose(path) from exc


def diagnose(path: Path) -> IngestError:
    """Why pdfium refused a file, asked of pdfminer: no pages, encrypted, or corrupt."""
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    try:
        with path.open("rb") as fh:
            document = PDFDocument(PDFParser(fh))
            pages = sum(1 for _ in PDFPage.create_pages(document))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        return EncryptedFile("encrypted PDF: a password is needed to read it")
    except Exception:  # pdfminer raises many kinds of errors on broken files
        return CorruptFile("corrupt PDF: its structure cannot be parsed")
    if pages == 0:
        return EmptyFile("PDF has no pages")
    return CorruptFile("corrupt PDF: pdfium cannot read it")


def read_page(page: pdfium.PdfPage) -> tuple[str, bool]:
    """The text of one page in reading order, and whether the page is image-only."""
    view = read_view(page)
    return view.text, _is_image_only(page, view.text)


def read_view(page: pdfium.PdfPage) -> pdflayout.PageView:
    """The page's lines with their boxes and fonts, duplicate glyphs merged (see `pdflayout`)."""
    textpage = page.get_textpage()
    try:
        limits.check_page_chars(textpage.count_chars())
        return pdflayout.read(textpage, page.get_width(), page.get_height())
    finally:
        textpage.close()


def _is_image_only(page: pdfium.PdfPage, text: str) -> bool:
    """Little text besides a stamp, and an image that covers most of the page."""
    if len(_WORD_CHAR.findall(_STAMP.sub("", text))) >= MIN_TEXT_CHARS:
        return False
    area = max(page.get_width() * page.get_height(), 1.0)
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        if (right - left) * (top - bottom) / area >= MIN_IMAGE_COVER:
            return True
    return False


def _ocr_pages(
    pdf: pdfium.PdfDocument,
    pages: list[Page],
    indexes: list[int],
    settings: Settings,
    doc: Document,
) -> None:
    """OCR image-only pages in one language each, or flag them and warn when OCR is off."""
    listed = ", ".join(str(i + 1) for i in indexes)
    if not settings.ocr:
        for i in indexes:
            pages[i].flags.append(FLAG_OCR_UNAVAILABLE)
        doc.warnings.append(f"image-only pages not OCRed (OCR turned off): {listed}")
        return
    missing = ocr.unavailable_reason()
    if missing:
        for i in indexes:
            pages[i].flags.append(FLAG_OCR_UNAVAILABLE)
        doc.warnings.append(f"image-only pages not OCRed ({missing}): {listed}")
        return
    results: dict[int, ocr.OcrResult] = {}
    for i in indexes:
        lang = ocr.guess_language(pages, i, Path(doc.path).name)
        page = pdf[i]
        try:
            results[i] = ocr.ocr_page(page, lang, settings.ocr_dpi)
        except ResourceLimit as exc:  # too large to render: that page alone is skipped
            pages[i] = over_limit_page(i + 1, exc, doc)
        finally:
            page.close()
    ocr_headings.repair(list(results.values()))
    for i, result in results.items():
        ocr.apply(pages[i], result, doc.warnings)


def _ocr_garbled_pages(
    pdf: pdfium.PdfDocument, pages: list[Page], settings: Settings, broken: set[int]
) -> None:
    """Replace a garbled text layer by OCR when OCR reads the page clearly better.

    `broken` are pages whose layer drops letters to ligatures (see `ligatures`): OCR replaces
    them when it reads them confidently and about as many words; with OCR off they are flagged.
    The page keeps the flag `broken_text_layer` and gains `ocr`; when OCR is off or not clearly
    better, the text layer stays and the cleaning stage flags a garbled page.
    """
    if not settings.ocr or ocr.unavailable_reason():
        for i in sorted(broken):
            if FLAG_IMAGE_ONLY not in pages[i].flags:
                pages[i].flags.append(FLAG_BROKEN_TEXT_LAYER)
        return
    accepted: dict[int, ocr.OcrResult] = {}
    signed: set[int] = set()  # accepted for lost ligatures, on a page whose layer has § signs
    for i, page in enumerate(pages):
        if FLAG_IMAGE_ONLY in page.flags:
            continue
        garbled = garble.is_garbled(page.raw_text)
        if not garbled and i not in broken:
            continue
        total, bad = garble.garbled_words(page.raw_text)
        pdf_page = pdf[i]
        try:
            result = ocr.ocr_page(pdf_page, ocr.guess_language(pages, i, ""), settings.ocr_dpi)
        except ResourceLimit:  # too large to render: its text layer stays, flagged as garbled
            continue
        finally:
            pdf_page.close()
        ocr_total, ocr_bad = garble.garbled_words(result.text)
        if result.confidence < MIN_OCR_CONFIDENCE or ocr_total < 0.5 * total:
            continue
        ocr_share, share = len(ocr_bad) / max(ocr_total, 1), len(bad) / max(total, 1)
        if ocr_share < 0.5 * share or (
            not garbled and ocr_total >= 0.9 * total and ocr_share <= share
        ):
            accepted[i] = result
            if not garbled and "§" in page.raw_text:
                signed.add(i)
    ocr_headings.repair(list(accepted.values()))
    for i in signed:
        _signs_from_layer(pages[i].raw_text, accepted[i])
        if accepted[i].text.count("§") < pages[i].raw_text.count("§"):
            del accepted[i]  # a layer that only drops letters reads every § sign; OCR did not
    for i in sorted(broken - set(accepted)):
        if FLAG_IMAGE_ONLY not in pages[i].flags:
            pages[i].flags.append(FLAG_BROKEN_TEXT_LAYER)  # OCR did not read it better
    for i, result in accepted.items():
        pages[i].raw_text = result.text
        pages[i].lines, pages[i].width, pages[i].height = result.lines, result.width, result.height
        pages[i].flags.extend([FLAG_BROKEN_TEXT_LAYER, FLAG_OCR])


# "15 §" / "§ 15" in a text layer, and the shapes OCR gives the sign ("158", "8 15", "S15").
_LAYER_SIGN = re.compile(r"(?<![\d§])(?:(\d{1,4})\s?§|§\s?(\d{1,4}))(?!\d)")
_MISREAD_SIGN = "[85S$]"
SIGN_LINE_WORDS = 8


def _signs_from_layer(layer: str, result: ocr.OcrResult) -> None:
    """Put back the § signs OCR misread as a digit, guided by the text layer of the same page:
    a layer that only loses ligature letters reads its § numbers right ("15 §" where OCR gives
    "158"). Only numbers the layer prints with a sign are changed, on short lines."""
    suffix = {m.group(1) for m in _LAYER_SIGN.finditer(layer) if m.group(1)}
    prefix = {m.group(2) for m in _LAYER_SIGN.finditer(layer) if m.group(2)}
    patterns = [
        (re.compile(rf"(?<![\d§]){n}{_MISREAD_SIGN}(?![\w§])"), f"{n} §") for n in suffix
    ] + [(re.compile(rf"(?<![\w§]){_MISREAD_SIGN}\s?{n}(?!\d)"), f"§ {n}") for n in prefix]
    for line in result.lines:
        if len(line.text.split()) > SIGN_LINE_WORDS:
            continue  # headings and header cells are short; a figure in a sentence stays
        for pattern, sign in patterns:
            line.text = pattern.sub(sign, line.text)
