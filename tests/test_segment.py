"""Passages: one § / chapter / idea each, bounded in size, nothing lost or duplicated."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

from kuntahaku.config import Settings
from kuntahaku.ingest import clean, extract, language, metadata, segment
from kuntahaku.models import Block, Document

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "corpus" / "real-docs"
SEEDS = ROOT / "corpus" / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "real"
SETTINGS = Settings(index_dir=Path("/nonexistent"), ocr=False)

FILES = [
    REAL / "fi_lapua_kh_poytakirja_2025-05-26.pdf",
    REAL / "fi_lapua_tarkastuslk_esityslista_2025-11-19.pdf",
    REAL / "sv_nykarleby_stadsstyrelsen_foredragningslista_26_09_2022_16_30_140208.pdf",
    REAL / "sv_se_hogsby_kommunstyrelsen_protokoll_2007-01-08.pdf",
    REAL / "fi_espoo_kh_poytakirja_2017-05-08_p127_cp1252.htm",
    FIXTURES / "sv_nykarleby_ungdomsfullmaktige_protokoll_30_01_2023_16_15_153457.pdf",
    next(SEEDS.glob("002_*.txt")),
    next(SEEDS.glob("003_*.txt")),
]


@functools.cache
def read(path: Path) -> Document:
    doc = Document(doc_id="abc123", path=str(path))
    for stage in (extract.run, clean.run, language.run, metadata.run, segment.run):
        doc = stage(doc, SETTINGS)
    return doc


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("path", FILES, ids=[p.name[:40] for p in FILES])
def test_nothing_lost_nothing_duplicated(path: Path) -> None:
    doc = read(path)
    assert squash("".join(b.text for b in doc.blocks)) == squash(
        "".join(p.text for p in doc.passages)
    )


@pytest.mark.parametrize("path", FILES, ids=[p.name[:40] for p in FILES])
def test_passages_are_bounded_ordered_and_know_their_pages(path: Path) -> None:
    doc = read(path)
    page_numbers = {p.number for p in doc.pages}
    limit = SETTINGS.max_passage_chars + SETTINGS.min_passage_chars
    for ordinal, passage in enumerate(doc.passages):
        assert passage.ordinal == ordinal
        assert passage.passage_id == f"abc123:{ordinal:04d}"
        assert len(passage.text) <= limit
        assert passage.pages == sorted(set(passage.pages))
        assert set(passage.pages) <= page_numbers
        assert passage.lang in ("fi", "sv", "en")


def test_minutes_passage_per_item_with_heading_and_pages() -> None:
    doc = read(REAL / "fi_lapua_kh_poytakirja_2025-05-26.pdf")
    sections = {p.section for p in doc.passages}
    assert {f"§ {n}" for n in range(175, 219)} <= sections
    first = next(p for p in doc.passages if p.section == "§ 178")
    assert first.heading_path == [
        "§ 178 Uimahallin rakennuttaminen / Urakoitsijoiden valinta / Rakennusurakka"
    ]
    item = [p for p in doc.passages if p.section == "§ 178"]
    assert sorted({page for p in item for page in p.pages}) == [8, 9, 10]
    assert "Uimahallin" in first.text
    # The meeting data and the list of contents come before the first item, on their own.
    assert doc.passages[0].section == "" and doc.passages[0].pages[0] == 1
    assert all(p.section == "" for p in doc.passages if p.pages == [1])
    # No passage mixes two items.
    order = [p.section for p in doc.passages if p.section]
    assert order == sorted(order, key=lambda s: int(s[2:]))


def test_swedish_items_start_at_their_page() -> None:
    doc = read(REAL / "sv_nykarleby_stadsstyrelsen_foredragningslista_26_09_2022_16_30_140208.pdf")
    item = [p for p in doc.passages if p.section == "§ 194"]
    assert item and item[0].pages[0] == 35
    assert item[0].lang == "sv"
    assert item[0].heading_path[0].startswith("§ 194 Revidering och utvidgning av detaljplan")


def test_report_chapters_have_heading_paths() -> None:
    doc = read(next(SEEDS.glob("002_*.txt")))
    paths = [p.heading_path for p in doc.passages if p.section == "4.2.2"]
    assert paths and paths[0] == [
        "4 Puoliväliarvio ekosysteemisopimuksista",
        "4.2 Sopimusten toimintamalli",
        "4.2.2 Rahoitusmalli ja hakumenettelyt",
    ]


def test_idea_collection_has_a_passage_per_idea() -> None:
    doc = read(next(SEEDS.glob("003_*.txt")))
    first = [p for p in doc.passages if p.section == "1"]
    assert first[0].heading_path == ["1 Ydinkeskustan kestävä tulevaisuus"]
    assert "Janne Viitamies" in first[0].text
    assert "Viitoskäytävä" not in " ".join(p.text for p in first)


def synthetic(texts: list[str]) -> Document:
    doc = Document(doc_id="d", path="d", lang="fi")
    doc.blocks = [Block(page=1 + i // 3, text=t, lang="fi") for i, t in enumerate(texts)]
    return segment.run(metadata.run(doc, SETTINGS), SETTINGS)


def test_long_item_is_split_at_paragraphs_and_sentences() -> None:
    sentence = "Kaupunginhallitus päätti hyväksyä esityksen yksimielisesti ilman äänestystä. "
    texts = ["Lapuan kaupunki Pöytäkirja 1/2025", "§ 1", "Pitkä asia"] + [sentence * 12] * 6
    doc = synthetic(texts)
    item = [p for p in doc.passages if p.section == "§ 1"]
    assert len(item) > 1
    for passage in item:
        assert len(passage.text) <= SETTINGS.max_passage_chars
        assert passage.text.rstrip().endswith(".")
        assert passage.heading_path == ["§ 1 Pitkä asia"]


def test_tiny_tail_joins_its_item() -> None:
    texts = [
        "Lapuan kaupunki Pöytäkirja 1/2025",
        "§ 1",
        "Asia",
        "x" * 2300,
        "Päätös: hyväksyttiin.",
    ]
    doc = synthetic(texts)
    item = [p for p in doc.passages if p.section == "§ 1"]
    assert len(item) == 1
    assert item[0].text.endswith("Päätös: hyväksyttiin.")
