"""Office files: Word (.docx), OpenDocument (.odt), RTF and legacy Word (.doc) read with their
headings, lists, tables and pages, and bad or unreadable ones failing with one clear line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kuntahaku.cli import cli
from kuntahaku.config import Settings
from kuntahaku.errors import CorruptFile, MissingTool
from kuntahaku.ingest import extract
from kuntahaku.ingest.pipeline import process_file
from kuntahaku.models import STATUS_OK, Document

from .conftest import FIXTURES

OFFICE = FIXTURES / "office"
OULU_DOC = FIXTURES / "real" / "fi_oulu_paatos_2017_ouka-1444_tweb.doc"
needs_antiword = pytest.mark.skipif(
    shutil.which("antiword") is None, reason="antiword (Debian package) is not installed"
)


def _pages(path: Path, tmp_path: Path) -> list[str]:
    doc = extract.run(Document(doc_id="t", path=str(path)), Settings(index_dir=tmp_path))
    return [p.raw_text for p in doc.pages]


@pytest.mark.parametrize("name", ["minutes.docx", "minutes.odt", "minutes.rtf"])
def test_minutes_keep_pages_tables_lists_and_letters(name: str, tmp_path: Path) -> None:
    pages = _pages(OFFICE / name, tmp_path)
    assert len(pages) == 2
    first, second = pages
    assert first.startswith("Espoon kaupunki — Pöytäkirja 3/2024")  # letterhead / header
    assert "Jäsen | Öhman Åsa | sihteeri" in first.split("\n")  # a table row, cells kept apart
    assert "• kaupunginjohtaja valtuutetaan allekirjoittamaan osuuskunnan jäsenhakemus." in first
    assert "1 000 euroa" in first and "10440" in first
    assert "§ 13 Otaniemen älykaupunkitoimialan innovaatiotoiminta" in second
    assert "§ 13" not in first


@pytest.mark.parametrize("name", ["minutes.docx", "minutes.odt"])
def test_headings_are_marked_where_the_format_says_so(name: str, tmp_path: Path) -> None:
    first = _pages(OFFICE / name, tmp_path)[0]
    assert "# § 12 Smart City Innovation Cluster -osuuskuntaan liittyminen" in first.split("\n")


def test_word_rendered_page_breaks_give_the_pages_a_reader_saw(tmp_path: Path) -> None:
    pages = _pages(OFFICE / "minutes-rendered-breaks.docx", tmp_path)
    assert len(pages) == 3
    assert pages[0].rstrip().endswith("Päätös:")
    assert pages[1].strip() == "Esittelijän ehdotus hyväksyttiin yksimielisesti."
    assert pages[2].startswith("# § 13")


def test_the_same_minutes_give_the_same_items_in_every_format(tmp_path: Path) -> None:
    settings = Settings(index_dir=tmp_path, ocr=False)
    found = {}
    for name in ("minutes.docx", "minutes.odt", "minutes.rtf"):
        doc = process_file(OFFICE / name, settings)
        assert doc.status == STATUS_OK, doc.error
        found[name] = [(s.number, s.heading, s.page) for s in doc.metadata.sections]
        assert doc.metadata.date == "2024-02-05"
    assert found["minutes.docx"] == found["minutes.odt"] == found["minutes.rtf"]
    assert found["minutes.docx"] == [
        ("12", "Smart City Innovation Cluster -osuuskuntaan liittyminen", 1),
        ("13", "Otaniemen älykaupunkitoimialan innovaatiotoiminta", 2),
    ]


def test_rtf_saved_under_a_doc_name_is_read_as_rtf(tmp_path: Path) -> None:
    path = tmp_path / "paatos.doc"
    shutil.copy(OFFICE / "minutes.rtf", path)
    doc = extract.run(Document(doc_id="t", path=str(path)), Settings(index_dir=tmp_path))
    assert doc.format == "rtf"
    assert "Päätös: Kaupunginhallitus merkitsi selvityksen tiedoksi." in doc.pages[1].raw_text


@needs_antiword
def test_real_legacy_word_decision_is_read_with_its_table_and_decision(tmp_path: Path) -> None:
    doc = process_file(OULU_DOC, Settings(index_dir=tmp_path, ocr=False))
    assert doc.status == STATUS_OK, doc.error
    assert doc.format == "doc"
    text = doc.pages[0].raw_text
    assert "Dno | OUKA/1444/10.00.02.02/2017" in text.split("\n")
    assert "Päätös | Päätösesitys hyväksyttiin." in text.split("\n")
    assert "Kiinteistölle asetetaan pohjahinnaksi 500 000 €" in text
    assert doc.metadata.diary_numbers == ["OUKA/1444/10.00.02.02/2017"]
    assert doc.metadata.title.startswith("Rakennusten ja tontin myynti osoitteessa Kirkkokatu 54")
    assert any("De Gamlas Hem" in p.text for p in doc.passages)


def test_legacy_word_without_antiword_fails_with_one_line_naming_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    with pytest.raises(MissingTool, match="needs antiword"):
        extract.run(Document(doc_id="t", path=str(OULU_DOC)), Settings(index_dir=tmp_path))
    good = tmp_path / "good.rtf"
    shutil.copy(OFFICE / "minutes.rtf", good)
    result = CliRunner().invoke(
        cli, ["--index", str(tmp_path / "idx"), "ingest", str(OULU_DOC), str(good)]
    )
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert errors == [
        f"Error: {OULU_DOC}: legacy Word .doc needs antiword, which is not installed "
        "(Debian: apt-get install antiword)"
    ]
    assert "Ingested 1 document(s)" in result.output


@needs_antiword
@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("broken.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "not a readable Word"),
        ("broken.odt", b"PK\x03\x04 not really a zip archive", "corrupt OpenDocument file"),
        ("broken.rtf", b"hello, no rtf header", "not an RTF file"),
    ],
)
def test_broken_office_files_are_corrupt(
    name: str, content: bytes, reason: str, tmp_path: Path
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CorruptFile, match=reason):
        extract.run(Document(doc_id="t", path=str(path)), Settings(index_dir=tmp_path))
