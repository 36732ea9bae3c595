"""Layout lines of PDF pages: one `TextLine` per printed line with its box, font size and weight,
the same lines as the raw text, and no letters repeated by glyphs drawn twice or overhanging."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from kuntahaku.config import Settings
from kuntahaku.ingest import extract
from kuntahaku.ingest.extract import pdf as pdf_handler
from kuntahaku.ingest.extract import pdfchars
from kuntahaku.models import FLAG_BROKEN_TEXT_LAYER, Document, TextLine

from .conftest import FIXTURES, REAL_DOCS, SEED_PDFS

SETTINGS = Settings(index_dir=Path("/nonexistent-kuntahaku-index"), ocr=False)
SIMRISHAMN = FIXTURES / "real" / "sv_se_simrishamn_budgetanvisningar_2025-12-01_pp1_2.pdf"
SENAATTI = FIXTURES / "real" / "fi_senaatti_tilinpaatos_2024_pp2_4.pdf"
SIMULATED_BOLD = FIXTURES / "made" / "simulated_bold.pdf"
LAPUA_KH = REAL_DOCS / "fi_lapua_kh_poytakirja_2025-05-26.pdf"
NYKARLEBY_RADET = (
    REAL_DOCS / "sv_nykarleby_radet_for_funktionshindrade_protokoll_24_05_2023_16_00_163978.pdf"
)


@cache
def extracted(path: Path) -> Document:
    """A PDF through the extract stage (cached)."""
    return extract.run(Document(doc_id="t", path=str(path)), SETTINGS)


def _line(path: Path, page: int, text: str) -> TextLine:
    return next(line for line in extracted(path).pages[page - 1].lines if line.text == text)


@pytest.mark.parametrize(
    "path",
    [
        LAPUA_KH,
        REAL_DOCS / "fi_oulu_kh_tilinpaatos2016_msword.pdf",
        REAL_DOCS / "sv_se_hogsby_kommunstyrelsen_protokoll_2007-01-08.pdf",
        SEED_PDFS / "lo_fodt_002.pdf",
        SIMRISHAMN,
        SENAATTI,
    ],
    ids=lambda p: p.name[:40],
)
def test_every_page_has_its_lines_and_they_are_the_raw_text(path: Path) -> None:
    doc = extracted(path)
    for page in doc.pages:
        assert page.width > 0 and page.height > 0
        assert [line.text for line in page.lines] == page.raw_text.split("\n")
        for line in page.lines:
            assert 0 <= line.x0 < line.x1 <= page.width + 1
            assert -1 <= line.top < line.bottom <= page.height + 1
            assert line.size > 0
        tops = [line.top for line in page.lines]
        assert tops, f"page {page.number} has no lines"


def test_headings_are_told_by_size_and_weight() -> None:
    heading = _line(SIMRISHAMN, 1, "Tidplan")
    body = _line(SIMRISHAMN, 1, "Tidplanen för budgetarbetet är enligt nedanstående:")
    assert heading.bold and not body.bold
    assert heading.size == pytest.approx(16.0, abs=0.1)
    assert body.size == pytest.approx(12.0, abs=0.1)
    assert heading.top < body.top  # points from the top: the heading stands above


def test_section_heading_bold_at_the_margin_and_body_indented() -> None:
    heading = _line(LAPUA_KH, 50, "§ 196")
    body = _line(LAPUA_KH, 50, "toimintalinjan 4 mukaista alueellista hankehakua.")
    assert heading.bold and not body.bold
    assert heading.x0 < body.x0 - 40
    page = extracted(LAPUA_KH).pages[49]
    header = page.lines[0]
    assert header.top < 0.1 * page.height and "50 (95)" in header.text


@pytest.mark.parametrize(
    ("path", "page", "whole", "stuttered"),
    [
        # an italic "f" overhangs the "e" after it: reading text rectangles repeated letters
        (SIMRISHAMN, 1, "förvaltningschefer och ekonomer.", "förvaltningschefefer"),
        (SIMRISHAMN, 2, "Politiska förslag till investeringsbudget", "föförslag"),
        (SENAATTI, 1, "Senaatti-kiinteistöjen tuloslaskelma", "kiinteistöjöjen"),
    ],
)
def test_no_letters_repeated_where_glyphs_overhang(
    path: Path, page: int, whole: str, stuttered: str
) -> None:
    text = extracted(path).pages[page - 1].raw_text
    assert whole in text
    assert stuttered not in text


def test_glyphs_drawn_twice_are_read_once() -> None:
    """Bold faked by drawing each glyph twice, whole runs or glyph by glyph, 0.35 points apart."""
    lines = [line.text for line in extracted(SIMULATED_BOLD).pages[0].lines]
    assert lines == [
        "Kuluttajien neuvonta 2023–2024",
        "Talousarvio vuosille 2023–2024 sekä Kuluttajien palvelut.",
        "Hyväksyi esityksen.",
        "Kuluttajien tiedote 2023–2024",
    ]


def _glyph(text: str, left: float, index: int, right: float | None = None) -> pdfchars.Glyph:
    return pdfchars.Glyph(
        text, left, 700.0, left + 6 if right is None else right, 708.0, 12.0, False, index
    )


def test_dedupe_merges_offset_copies_and_keeps_ligature_letters() -> None:
    word = [_glyph(c, 100 + 6 * k, k) for k, c in enumerate("Kulu")]
    copy = [_glyph(c, 100.3 + 6 * k, 10 + k) for k, c in enumerate("Kulu")]
    kept, dropped = pdfchars.dedupe(word + copy)
    assert "".join(g.text for g in kept) == "Kulu" and dropped == 4
    # "tt" spelled out of one ligature glyph: the same box twice, one after the other
    ligature = [_glyph("t", 200, 20, 206), _glyph("t", 200, 21, 206), _glyph("a", 206, 22)]
    kept, dropped = pdfchars.dedupe(ligature)
    assert "".join(g.text for g in kept) == "tta" and dropped == 0
    # the same letter a glyph's width further on is a letter of its own
    kept, dropped = pdfchars.dedupe([_glyph("l", 300, 30, 302), _glyph("l", 303, 31, 305)])
    assert dropped == 0


def test_ligature_spelled_twice_keeps_both_letters() -> None:
    """Nykarleby's "ersättare": pdfium gives the "tt" ligature as two characters, one box."""
    path = NYKARLEBY_RADET
    document = pdfium.PdfDocument(str(path))
    try:
        page = document[5]
        reference = page.get_textpage().get_text_range()
        text = pdf_handler.read_view(page).text
    finally:
        document.close()
    doubled = [w for w in reference.split() if "tt" in w]
    assert doubled
    for word in doubled[:20]:
        assert word.strip(".,:;()") in text


def test_table_rows_are_marked_and_keep_their_figures() -> None:
    page = extracted(REAL_DOCS / "fi_lapua_lautakuntien_talousarviot_kh_2024-11-04.pdf").pages[0]
    rows = [line.text for line in page.lines if line.role == "table"]
    assert "Toimintatuotot | 11 598 583 | 10 994 000 | 11 161 402 | 11 215 840" in rows
    assert "Toimintakate | -35 516 324 | -37 759 130 | -40 695 498 | -39 583 479" in rows
    # a label set off by a tab stop is not a table row
    first = extracted(LAPUA_KH).pages[0]
    labels = [line for line in first.lines if line.text.startswith(("Aika | ", "§ 175 | "))]
    assert len(labels) == 2 and all(line.role == "" for line in labels)


def test_ligatures_that_lose_a_letter_flag_the_text_layer() -> None:
    """Nykarleby's text layer gives the "tt" ligature as one "t" ("et fortsat samarbete" for
    "ett fortsatt samarbete"): the glyph twice as wide as a "t" shows it, and with OCR off the
    page is flagged instead of indexed as if it were right."""
    doc = extracted(NYKARLEBY_RADET)
    page = doc.pages[10]
    assert "et fortsat samarbete" in page.raw_text
    assert FLAG_BROKEN_TEXT_LAYER in page.flags
    # the signature page and the list of items have no such glyphs
    assert FLAG_BROKEN_TEXT_LAYER not in doc.pages[1].flags
    assert FLAG_BROKEN_TEXT_LAYER not in extracted(LAPUA_KH).pages[49].flags
