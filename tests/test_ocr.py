"""OCR of scanned pages: layout lines from Tesseract, § signs misread as digits put back at
heading positions, pages scanned the wrong way round turned upright, readings that are not
language flagged and kept out of the index, and the pipeline without Tesseract."""

from __future__ import annotations

import collections
import json
import os
import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from kuntahaku import render
from kuntahaku.config import Settings
from kuntahaku.ingest import ocr, ocr_headings, ocr_quality, pipeline
from kuntahaku.models import (
    FLAG_BROKEN_TEXT_LAYER,
    FLAG_IMAGE_ONLY,
    FLAG_OCR,
    FLAG_OCR_ROTATED,
    FLAG_OCR_UNAVAILABLE,
    FLAG_OCR_UNREADABLE,
    Document,
    TextLine,
)

from .conftest import FIXTURES, REAL_DOCS

SCANNED = FIXTURES / "scanned" / "fi_lapua_hyvinvointilk_2025-03-13_pp4-10_scan.pdf"
ROTATED = FIXTURES / "scanned" / "fi_lapua_hyvinvointilk_2025-03-13_rotated.pdf"
ORIGINAL = FIXTURES / "real" / "fi_lapua_hyvinvointilk_poytakirja_2025-03-13.pdf"
FIRST, LAST = 4, 10  # the pages of ORIGINAL that SCANNED renders

needs_tesseract = pytest.mark.skipif(
    ocr.unavailable_reason() != "", reason="Tesseract with fin and swe data is not installed"
)


def _through_segment(path: Path, settings: Settings) -> Document:
    """A document through every stage up to passages (entities are not needed here)."""
    doc = Document(doc_id="t", path=str(path))
    for name, stage in pipeline.STAGES:
        if name == "entities":
            break
        doc = stage(doc, settings)
    return doc


@cache
def _scanned() -> Document:
    return _through_segment(SCANNED, Settings(index_dir=Path("/nonexistent"), ocr=True))


@cache
def _original() -> Document:
    return _through_segment(ORIGINAL, Settings(index_dir=Path("/nonexistent"), ocr=False))


def _words(text: str) -> collections.Counter[str]:
    return collections.Counter(re.findall(r"\w+", text))


@pytest.mark.ocr
@pytest.mark.slow
@needs_tesseract
def test_scanned_minutes_find_every_section_on_its_page() -> None:
    """Tesseract reads "§ 23" as "823"; the heading is found anyway, on its page."""
    scanned = [(s.number, s.heading, s.page) for s in _scanned().metadata.sections]
    original = [
        (s.number, s.heading, s.page - FIRST + 1)
        for s in _original().metadata.sections
        if FIRST <= s.page <= LAST and s.kind == "paragraph_sign"
    ]
    assert scanned == original
    assert [n for n, _, _ in scanned] == ["23", "24", "25", "26", "27"]


@pytest.mark.ocr
@pytest.mark.slow
@needs_tesseract
def test_scanned_minutes_read_as_the_text_rendition() -> None:
    doc = _scanned()
    assert all(p.flags == [FLAG_IMAGE_ONLY, FLAG_OCR] for p in doc.pages)
    ocr_words = _words("\n".join(p.raw_text for p in doc.pages))
    text_words = _words("\n".join(p.raw_text for p in _original().pages[FIRST - 1 : LAST]))
    right = sum((ocr_words & text_words).values())
    assert right / sum(text_words.values()) >= 0.97
    # passages: about as many as the text rendition of the same pages gives
    text_passages = [p for p in _original().passages if any(FIRST <= n <= LAST for n in p.pages)]
    assert abs(len(doc.passages) - len(text_passages)) <= 1
    assert {p.section for p in doc.passages} >= {"§ 23", "§ 24", "§ 25", "§ 26", "§ 27"}


@pytest.mark.ocr
@pytest.mark.slow
@needs_tesseract
def test_scanned_pages_carry_their_layout_in_points() -> None:
    page = _scanned().pages[0]
    assert round(page.width) == 596 and round(page.height) == 842  # A4 in points
    heading = next(line for line in page.lines if line.text == "§ 23")
    body = next(line for line in page.lines if line.text.startswith("Kuntalain 103"))
    assert heading.x0 < 70 < 110 < body.x0  # the heading column, then the indented body
    assert 7 < body.size < 14  # about the 11-point body type
    assert heading.top < body.top < page.height / 2
    header = page.lines[0]
    assert header.text.startswith("Lapuan kaupunki") and header.top < 40


@pytest.mark.ocr
@pytest.mark.slow
@needs_tesseract
def test_section_numbers_in_body_text_are_left_alone() -> None:
    """ "käsiteltiin ennen § 26" in a decision is read "ennen 8 26" and stays so."""
    text = _scanned().pages[2].text
    assert "käsiteltiin ennen 8 26" in text
    assert "§ 26" not in text


@pytest.mark.ocr
@pytest.mark.slow
@needs_tesseract
def test_running_header_of_scanned_minutes_is_not_in_passages() -> None:
    """OCR reads the header "4(24)" on one page and "5 (24)" on the next; the TSV line positions
    put both in the top band, so they are furniture like a text page's header."""
    doc = _scanned()
    for passage in doc.passages:
        assert "Hyvinvointilautakunta 13.03.2025" not in passage.text
        assert "Pöytäkirja 3/2025" not in passage.text
    assert [page.label for page in doc.pages] == [f"{n} (24)" for n in range(4, 11)]


def _line(text: str, x0: float, top: float) -> TextLine:
    return TextLine(text=text, x0=x0, top=top, x1=x0 + 6 * len(text), bottom=top + 10, size=10)


def _reading(lines: list[TextLine]) -> ocr.OcrResult:
    return ocr.OcrResult(paragraphs=[lines], lang="fi", confidence=90, width=596, height=842)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # the number alone at the heading column, its title below: a heading
        ([("823", 55, 140), ("Talousarvio 2026", 55, 155), ("Kaupunki laatii", 120, 190)], "§ 23"),
        # "815" may be "§ 15" or "81 §": alone, nothing says which
        ([("815", 55, 140), ("Talousarvio 2026", 55, 155), ("Kaupunki laatii", 120, 190)], "815"),
        # number and title on one line
        ([("516 Tilinpäätös 2024", 55, 140), ("Kaupungin tilinpäätös", 120, 170)], "§ 16"),
        # indented like the body: not a heading
        ([("815", 120, 140), ("Talousarvio 2026", 120, 155), ("Rivi", 55, 300)], "815"),
        # followed by a sentence, not a title
        ([("815", 55, 140), ("ja muut kulut on maksettu.", 55, 155), ("Teksti", 120, 200)], "815"),
    ],
)
def test_a_lone_misread_heading_needs_its_layout(
    lines: list[tuple[str, float, float]], expected: str
) -> None:
    body = [
        _line("Kaupungin hallintosäännön mukaan toimielin", 120, 300 + 15 * k) for k in range(5)
    ]
    reading = _reading([_line(*line) for line in lines] + body)
    ocr_headings.repair([reading])
    assert reading.lines[0].text.startswith(expected)


def test_misread_headings_must_run_in_sequence() -> None:
    def page(number: str) -> ocr.OcrResult:
        return _reading(
            [_line(number, 55, 140), _line("Otsikko", 55, 155), _line("Leipäteksti", 120, 190)]
        )

    pages = [page("823"), page("824"), page("8 25"), page("8917")]
    assert ocr_headings.repair(pages) == 3
    assert [p.lines[0].text for p in pages] == ["§ 23", "§ 24", "§ 25", "8917"]
    # "815" and "516" in sequence are §§ 15 and 16
    pages = [page("815"), page("516"), page("§ 17")]
    assert ocr_headings.repair(pages) == 2
    assert [p.lines[0].text for p in pages] == ["§ 15", "§ 16", "§ 17"]
    # Swedish minutes put the number first: "12 §" read as "128"
    pages = [page("11 §"), page("128"), page("138")]
    assert ocr_headings.repair(pages) == 2
    assert [p.lines[0].text for p in pages] == ["11 §", "12 §", "13 §"]


@pytest.mark.ocr
@pytest.mark.slow
@needs_tesseract
def test_pages_scanned_the_wrong_way_round_are_read_upright(tmp_path: Path) -> None:
    doc = _through_segment(ROTATED, Settings(index_dir=tmp_path, ocr=True))
    sideways, upside_down = doc.pages
    assert FLAG_OCR_UNREADABLE not in sideways.flags + upside_down.flags
    assert "Saapuvilla olleet jäsenet" in sideways.text
    assert FLAG_OCR_ROTATED in upside_down.flags
    assert "Tämän kokouksen pöytäkirjantarkastajiksi valittiin Juha Hella" in upside_down.text
    assert round(upside_down.width) == 596  # the upright page, in points


@pytest.mark.ocr
@pytest.mark.slow
@needs_tesseract
def test_a_reading_that_is_not_language_is_flagged_and_not_indexed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The upside-down page read as it lies (as when orientation detection finds nothing)."""
    pdf = pdfium.PdfDocument(str(ROTATED))
    image = pdf[1].render(scale=200 / 72).to_pil()
    upright = ocr.read_image(image, "fi", 200)
    found = ocr.verdict(upright)
    assert not found.readable and found.checked >= ocr_quality.MIN_WORDS
    assert found.known_share < 0.2
    assert ocr.verdict(ocr.read_image(image.rotate(180), "fi", 200)).readable

    monkeypatch.setattr(ocr, "orientation", lambda image: 0)
    doc = _through_segment(ROTATED, Settings(index_dir=tmp_path, ocr=True))
    page = doc.pages[1]
    assert page.flags == [FLAG_IMAGE_ONLY, FLAG_OCR, FLAG_OCR_UNREADABLE]
    assert page.text == "" and page.lines == []
    assert all(2 not in p.pages for p in doc.passages)
    assert any("page 2: OCR read no language" in w for w in doc.warnings)
    shown = render.document_text(doc)
    assert "p. 2:" in shown and "OCR read no language" in shown


@pytest.mark.ocr
@pytest.mark.slow
def test_without_tesseract_scanned_pages_are_flagged(tmp_path: Path) -> None:
    """The real CLI in a process whose PATH has no tesseract binary."""
    env = {**os.environ, "PATH": str(tmp_path / "no-bin")}
    index = tmp_path / "index"
    run = subprocess.run(
        [sys.executable, "-m", "kuntahaku", "--index", str(index), "ingest", str(ROTATED)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    shown = subprocess.run(
        [sys.executable, "-m", "kuntahaku", "--index", str(index), "show", "--json", ROTATED.name],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert data["flagged_pages"] == {
        "1": [FLAG_IMAGE_ONLY, FLAG_OCR_UNAVAILABLE],
        "2": [FLAG_IMAGE_ONLY, FLAG_OCR_UNAVAILABLE],
    }
    assert data["warnings"] == ["image-only pages not OCRed (Tesseract is not installed): 1, 2"]


@pytest.mark.ocr
@pytest.mark.slow
@needs_tesseract
def test_text_layer_that_loses_ligature_letters_is_ocred_only_if_its_signs_survive(
    tmp_path: Path,
) -> None:
    """A page whose "tt" ligatures lost a letter is OCRed; OCR reads its "15 §" cells as "158",
    the text layer's § numbers put back what they can, and where OCR still has fewer § signs
    than the layer the layer is kept, flagged, with its § heading."""
    path = REAL_DOCS / (
        "sv_nykarleby_radet_for_funktionshindrade_protokoll_24_05_2023_16_00_163978.pdf"
    )
    pdf = pdfium.PdfDocument(str(path))
    single = pdfium.PdfDocument.new()
    single.import_pages(pdf, [10])
    one_page = tmp_path / "radet_p11.pdf"
    single.save(str(one_page))
    doc = _through_segment(one_page, Settings(index_dir=tmp_path, ocr=True))
    page = doc.pages[0]
    assert FLAG_BROKEN_TEXT_LAYER in page.flags
    if FLAG_OCR in page.flags:
        assert "RFF ser gärna ett fortsatt samarbete med Äldrerådet." in page.text
    else:
        assert "et fortsat samarbete" in page.text
    assert [s.number for s in doc.metadata.sections] == ["15"]
