"""Extraction: formats and encodings, two-column reading order, table rows, image-only pages
and OCR, on the bundled real documents and small fixtures."""

from __future__ import annotations

import random
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from kuntahaku.config import Settings
from kuntahaku.errors import UnsupportedFormat
from kuntahaku.ingest import clean, extract, ocr
from kuntahaku.ingest.extract import layout
from kuntahaku.ingest.extract.html import html_to_text
from kuntahaku.models import (
    FLAG_BROKEN_TEXT_LAYER,
    FLAG_IMAGE_ONLY,
    FLAG_OCR,
    FLAG_OCR_UNAVAILABLE,
    Document,
)

from .conftest import FIXTURES, REAL_DOCS, SEED_PDFS

TEXT = FIXTURES / "text"
NYKARLEBY_AGENDA = (
    REAL_DOCS / "sv_nykarleby_stadsstyrelsen_foredragningslista_26_09_2022_16_30_140208.pdf"
)
NYKARLEBY_COUNCIL = (
    REAL_DOCS / "sv_nykarleby_radet_for_funktionshindrade_protokoll_24_05_2023_16_00_163978.pdf"
)


def _extract(path: Path, tmp_path: Path, ocr_on: bool = False) -> Document:
    settings = Settings(index_dir=tmp_path, ocr=ocr_on)
    return extract.run(Document(doc_id="t", path=str(path)), settings)


def _cleaned(path: Path, tmp_path: Path) -> Document:
    settings = Settings(index_dir=tmp_path, ocr=False)
    return clean.run(_extract(path, tmp_path), settings)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("fi_ekosysteemisopimus_cp1252.txt", "valmistelutilanne pääkaupunkiseudulla"),
        ("fi_ekosysteemisopimus_cp1252.txt", "Työ- ja elinkeinoministeriö käy neuvottelut"),
        ("sv_referat_utf8_bom.txt", "Ekosystemavtalen (2021–2027) är en del av Finlands"),
        ("sv_referat_utf8_bom.txt", "Målet har varit att ge vägledning"),
        ("fi_tiivistelma_utf16.txt", "Tiivistelmä"),
        ("fi_tiivistelma_utf16.txt", "alueellisia innovaatioekosysteemejä"),
    ],
)
def test_text_in_any_encoding(name: str, expected: str, tmp_path: Path) -> None:
    doc = _extract(TEXT / name, tmp_path)
    assert doc.format == "text"
    raw = doc.pages[0].raw_text
    assert expected in raw
    assert "\ufeff" not in raw and "\ufffd" not in raw and "Ã" not in raw


def test_text_paragraphs_are_joined_and_dehyphenated(tmp_path: Path) -> None:
    doc = _cleaned(TEXT / "fi_ekosysteemisopimus_cp1252.txt", tmp_path)
    text = doc.pages[0].text
    assert (
        "Kaupunkien innovaatiotoimintaa vahvistavan ekosysteemisopimuksen valmistelutilanne" in text
    )
    assert "pääkaupunkiseutu (Helsinki, Espoo ja Vantaa)" in text
    assert "Kuopio, Jyväskylä, Lappeenranta, Lahti, Pori, Seinäjoki, Mikkeli, Kajaani" in text


def test_windows_1252_html_honours_declared_charset(tmp_path: Path) -> None:
    doc = _extract(REAL_DOCS / "fi_espoo_kh_poytakirja_2017-05-08_p127_cp1252.htm", tmp_path)
    raw = doc.pages[0].raw_text
    assert doc.format == "html"
    assert "Espoon kaupungin hallintosäännön hyväksyminen" in raw
    assert "Ã" not in raw and "\ufffd" not in raw
    # style and script bodies are dropped
    assert "font-family" not in raw and "function" not in raw


def test_ahjo_html_keeps_headings_as_blocks(tmp_path: Path) -> None:
    doc = _cleaned(REAL_DOCS / "fi_helsinki_ahjo_decision_fixture.html", tmp_path)
    headings = [b.text for b in doc.blocks if b.kind == "heading"]
    assert "Valtuutetun aloite syrjinnän vastaisen verkoston perustamisesta Helsinkiin" in headings
    assert "Päätös" in headings
    paragraphs = [b.text for b in doc.blocks if b.kind == "paragraph"]
    assert "Kaupunginhallitus päätti panna asian pöydälle." in paragraphs


def test_html_structure_tables_lists_and_dropped_parts() -> None:
    markup = """<html><head><title>x</title><style>p {color: red}</style></head><body>
    <nav><a href="/">Etusivu</a></nav>
    <h2>Talousarvio</h2><p>Lautakunta päätti
    talousarviosta.</p>
    <ul><li>Toimintatuotot</li><li>Toimintakulut</li></ul>
    <table><tr><th>Erä</th><th>TA 2025</th></tr><tr><td>Verotulot</td><td>25 761 000</td></tr>
    </table><script>var x = 1;</script></body></html>"""
    text = html_to_text(markup)
    assert text.strip().split("\n\n") == [
        "# Talousarvio",
        "Lautakunta päätti talousarviosta.",
        "• Toimintatuotot",
        "• Toimintakulut",
        "Erä | TA 2025",
        "Verotulot | 25 761 000",
    ]


def test_unknown_format_is_a_clear_error(tmp_path: Path) -> None:
    path = FIXTURES / "bad" / "minutes.docx"
    with pytest.raises(UnsupportedFormat, match=r"unsupported format '\.docx'"):
        _extract(path, tmp_path)


@pytest.mark.parametrize(
    ("name", "page", "before", "after"),
    [
        # left column ends mid-sentence, right column continues it
        (
            "lo_fodt_002.pdf",
            6,
            "alueen sisäiseen yhteistyöhön sekä valtion sisäiseen",
            "Vaikuttavuusohjautuva",
        ),
        (
            "lo_fodt_002.pdf",
            6,
            "hankkeiden toteuttamisen lähtökohtiin.",
            "vaikuttavuusmalli mahdollistaa sen",
        ),
        (
            "lo_fodt_003.pdf",
            5,
            "Hakijaorganisaation taustat",
            "Menestysedellytyksemme ovat huomattavat",
        ),
    ],
)
def test_two_column_pages_read_left_column_first(
    name: str, page: int, before: str, after: str, tmp_path: Path
) -> None:
    text = _cleaned(SEED_PDFS / name, tmp_path).pages[page - 1].text
    assert before in text and after in text
    assert text.index(before) < text.index(after)


def test_sentence_across_the_gutter_stays_whole(tmp_path: Path) -> None:
    text = _cleaned(SEED_PDFS / "lo_fodt_002.pdf", tmp_path).pages[5].text
    assert "alueen sisäiseen yhteistyöhön sekä valtion sisäiseen yhteistyöhön." in text


def _runs(path: Path, index: int) -> tuple[list[layout.Run], float]:
    pdf = pdfium.PdfDocument(str(path))
    page = pdf[index]
    textpage = page.get_textpage()
    runs = []
    for k in range(textpage.count_rects()):
        box = textpage.get_rect(k)
        runs.append(layout.Run(*box, text=textpage.get_text_bounded(*box)))
    width = page.get_width()
    pdf.close()
    return runs, width


def test_reading_order_does_not_depend_on_the_order_of_text_objects() -> None:
    runs, width = _runs(SEED_PDFS / "lo_fodt_002.pdf", 5)
    expected, two_columns = layout.reading_order(runs, width)
    assert two_columns
    shuffled = list(runs)
    random.Random(7).shuffle(shuffled)
    assert layout.reading_order(shuffled, width)[0] == expected
    # row-wise order (what a naive top-to-bottom sort gives) would interleave the columns
    left_first = expected.index("hankkeiden toteuttamisen lähtökohtiin.")
    assert left_first < expected.index("samanaikaisesti voidaan tukea yksittäisten")


def test_single_column_page_is_not_split() -> None:
    runs, width = _runs(REAL_DOCS / "fi_lapua_kh_poytakirja_2025-05-26.pdf", 10)
    assert layout.find_gutter(runs, width) is None


def test_table_rows_keep_numbers_with_their_labels(tmp_path: Path) -> None:
    doc = _extract(REAL_DOCS / "fi_lapua_lautakuntien_talousarviot_kh_2024-11-04.pdf", tmp_path)
    lines = doc.pages[0].raw_text.splitlines()
    assert "TP 2023 | TA 2024 | Raami 2025 | TA 2025" in lines
    assert "Toimintatuotot | 11 598 583 | 10 994 000 | 11 161 402 | 11 215 840" in lines
    assert "Toimintakate | -35 516 324 | -37 759 130 | -40 695 498 | -39 583 479" in lines


def test_image_only_pages_flagged_when_ocr_is_off(tmp_path: Path) -> None:
    doc = _extract(NYKARLEBY_AGENDA, tmp_path)
    image_only = [p.number for p in doc.pages if FLAG_IMAGE_ONLY in p.flags]
    assert image_only == [8, 9, 49, 50, 51, 55, 57, 58]
    for n in image_only:
        assert FLAG_OCR_UNAVAILABLE in doc.pages[n - 1].flags
        # the stamp is kept, not silently dropped
        assert doc.pages[n - 1].raw_text.startswith("Bilaga Stadsstyrelsen, 26.09.2022 §")
    assert len(doc.warnings) == 1
    assert "8, 9, 49, 50, 51, 55, 57, 58" in doc.warnings[0]
    # a page with a full-page background image and a real text layer is not image-only
    assert FLAG_IMAGE_ONLY not in doc.pages[0].flags


def test_ocr_language_comes_from_the_text_layer(tmp_path: Path) -> None:
    doc = _extract(NYKARLEBY_COUNCIL, tmp_path)
    assert ocr.guess_language(doc.pages, 7, NYKARLEBY_COUNCIL.name) == "sv"
    assert (
        ocr.text_language("Kaupunginhallitus päätti, että hanke on valmis ja se on hyvä.") == "fi"
    )


needs_tesseract = pytest.mark.skipif(
    ocr.unavailable_reason() != "", reason="Tesseract with fin and swe data is not installed"
)


@pytest.mark.ocr
@pytest.mark.slow
@needs_tesseract
def test_ocr_reads_image_only_pages_in_swedish(tmp_path: Path) -> None:
    doc = _extract(NYKARLEBY_COUNCIL, tmp_path, ocr_on=True)
    page = doc.pages[7]
    assert page.flags == [FLAG_IMAGE_ONLY, FLAG_OCR]
    text = page.raw_text
    for word in ("Kackurdunten", "Nykarleby", "möjlighet", "gå", "långt", "önskemål"):
        assert word in text
    assert not doc.warnings


@pytest.mark.ocr
@pytest.mark.slow
@needs_tesseract
def test_garbled_text_layer_replaced_by_ocr(tmp_path: Path) -> None:
    path = FIXTURES / "sv_nykarleby_valfardsnamnden_2022-09-15_pp2_7_8.pdf"
    doc = _extract(path, tmp_path, ocr_on=True)
    assert doc.pages[0].flags == []  # a good text layer is left alone
    page = doc.pages[1]
    assert page.flags == [FLAG_BROKEN_TEXT_LAYER, FLAG_OCR]
    assert "fnska" not in page.raw_text and " tll " not in page.raw_text
    assert "Välfärdsnämnden" in page.raw_text and "Utställningar och evenemang" in page.raw_text
