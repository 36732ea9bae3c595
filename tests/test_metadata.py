"""Metadata read from real minutes, agendas, decisions and reports: type, date, body,
municipality, diary numbers and the § items with their headings and pages."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from kuntahaku.config import Settings
from kuntahaku.ingest import clean, extract, language, metadata
from kuntahaku.ingest.metadata.bodies import bodies_in
from kuntahaku.ingest.metadata.dates import find_dates
from kuntahaku.ingest.metadata.diary import find_diary_numbers
from kuntahaku.models import Block, Document, Page

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "corpus" / "real-docs"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "real"
SEEDS = ROOT / "corpus" / "seeds"


@functools.cache
def read(path: Path) -> Document:
    """Run a file through the stages up to and including metadata (once per test session)."""
    settings = Settings(index_dir=Path("/nonexistent"), ocr=False)
    doc = Document(doc_id="test", path=str(path))
    for stage in (extract.run, clean.run, language.run, metadata.run):
        doc = stage(doc, settings)
    return doc


def seed(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


# file, type, date, body, municipality, meeting number
DOCUMENTS = [
    (
        REAL / "fi_lapua_kh_poytakirja_2025-05-26.pdf",
        "minutes",
        "2025-05-26",
        "kaupunginhallitus",
        "Lapua",
        "9/2025",
    ),
    (
        REAL / "fi_lapua_tarkastuslk_esityslista_2025-11-19.pdf",
        "agenda",
        "2025-11-19",
        "tarkastuslautakunta",
        "Lapua",
        "",
    ),
    (
        FIXTURES / "fi_lapua_hyvinvointilk_poytakirja_2025-03-13.pdf",
        "minutes",
        "2025-03-13",
        "hyvinvointilautakunta",
        "Lapua",
        "3/2025",
    ),
    (
        REAL / "sv_nykarleby_stadsstyrelsen_foredragningslista_26_09_2022_16_30_140208.pdf",
        "agenda",
        "2022-09-26",
        "stadsstyrelsen",
        "Nykarleby",
        "16/2022",
    ),
    (
        REAL / "sv_nykarleby_radet_for_funktionshindrade_protokoll_24_05_2023_16_00_163978.pdf",
        "minutes",
        "2023-05-24",
        "rådet för funktionshindrade",
        "Nykarleby",
        "2/2023",
    ),
    (
        REAL / "sv_nykarleby_ungdomsfullmaktige_protokoll_09_05_2023_16_15_162526.pdf",
        "minutes",
        "2023-05-09",
        "ungdomsfullmäktige",
        "Nykarleby",
        "3/2023",
    ),
    (
        FIXTURES / "sv_nykarleby_ungdomsfullmaktige_protokoll_30_01_2023_16_15_153457.pdf",
        "minutes",
        "2023-01-30",
        "ungdomsfullmäktige",
        "Nykarleby",
        "1/2023",
    ),
    (
        REAL / "sv_se_hogsby_kommunstyrelsen_protokoll_2007-01-08.pdf",
        "minutes",
        "2007-01-08",
        "kommunstyrelsen",
        "Högsby",
        "",
    ),
    (
        REAL / "fi_espoo_kh_poytakirja_2017-05-08_p127_cp1252.htm",
        "minutes",
        "2017-05-08",
        "kaupunginhallitus",
        "Espoo",
        "",
    ),
    (
        REAL / "fi_helsinki_ahjo_decision_fixture.html",
        "decision",
        "",
        "kaupunginhallitus",
        "Helsinki",
        "",
    ),
    (
        # the council's item ("Päätös Kaupunginhallituksen päätösehdotus hyväksyttiin."), whose
        # date field is empty: the board's 20.2.2017 in its history is not the council's date
        REAL / "fi_oulu_kh_suomi100_juhlapaatos_2017.pdf",
        "decision",
        "",
        "kaupunginvaltuusto",
        "Oulu",
        "",
    ),
    (
        # the decision history lists the board's 20.3. presentation; the item is for 27.3.
        REAL / "fi_oulu_kh_tilinpaatos2016_msword.pdf",
        "decision",
        "2017-03-27",
        "kaupunginhallitus",
        "Oulu",
        "",
    ),
    (
        REAL / "fi_oulu_kh_tilinpaatos2016_libreoffice.pdf",
        "decision",
        "2017-03-27",
        "kaupunginhallitus",
        "Oulu",
        "",
    ),
    (
        REAL / "fi_vantaa_kh_lausunto_tulevaisuuden_kunta_2017.pdf",
        "decision",
        "2017-03-20",
        "kaupunginhallitus",
        "Vantaa",
        "",
    ),
    (seed("000"), "decision", "", "kaupunginhallitus", "Espoo", ""),
    (seed("001"), "decision", "", "elinkeinojaosto", "Helsinki", ""),
    (seed("002"), "report", None, "", "Työ- ja elinkeinoministeriö", ""),
    (seed("004"), "agreement", "", "", "Oulu", ""),
]


@pytest.mark.parametrize(
    ("path", "doc_type", "date", "body", "municipality", "number"),
    DOCUMENTS,
    ids=[d[0].name[:40] for d in DOCUMENTS],
)
def test_document_metadata(
    path: Path, doc_type: str | None, date: str | None, body: str, municipality: str, number: str
) -> None:
    meta = read(path).metadata
    if doc_type is not None:
        assert meta.doc_type == doc_type
    if date is not None:
        assert meta.date == date
        if date:
            assert date in meta.dates
    assert meta.body == body
    assert meta.municipality == municipality
    assert meta.meeting_number == number


# file, § number, heading, page, diary number
SECTIONS = [
    (
        REAL / "fi_lapua_kh_poytakirja_2025-05-26.pdf",
        "175",
        "Kokouksen laillisuus ja päätösvaltaisuus",
        5,
        "",
    ),
    (
        REAL / "fi_lapua_kh_poytakirja_2025-05-26.pdf",
        "178",
        "Uimahallin rakennuttaminen / Urakoitsijoiden valinta / Rakennusurakka",
        8,
        "LAPDno-2025-204",
    ),
    (REAL / "fi_lapua_kh_poytakirja_2025-05-26.pdf", "218", "Muut asiat", 85, ""),
    (
        REAL / "fi_lapua_tarkastuslk_esityslista_2025-11-19.pdf",
        "65",
        "Rehtorin kuuleminen",
        6,
        "LAPDno-2025-992",
    ),
    (
        FIXTURES / "fi_lapua_hyvinvointilk_poytakirja_2025-03-13.pdf",
        "26",
        "Lapuan hyvinvointikertomus 2021 - 2025",
        7,
        "LAPDno-2022-886",
    ),
    (
        REAL / "sv_nykarleby_stadsstyrelsen_foredragningslista_26_09_2022_16_30_140208.pdf",
        "191",
        "Anmälningsärenden, sst 26.9.2022",
        6,
        "NKBY/528/00.02.07/2022",
    ),
    (
        REAL / "sv_nykarleby_stadsstyrelsen_foredragningslista_26_09_2022_16_30_140208.pdf",
        "194",
        "Revidering och utvidgning av detaljplan för Jeppo industriområde, Mirka",
        35,
        "NKBY/534/10.02.03/2021",
    ),
    (
        REAL / "sv_nykarleby_ungdomsfullmaktige_protokoll_09_05_2023_16_15_162526.pdf",
        "20",
        'Nationella kampanjen "Miljoner soppåsar"',
        9,
        "NKBY/342/11.01.00/2023",
    ),
    (
        REAL / "sv_se_hogsby_kommunstyrelsen_protokoll_2007-01-08.pdf",
        "3 b",
        "Val av kommunledningsutskott",
        5,
        "Dnr KF/2006.366",
    ),
    (
        REAL / "sv_se_hogsby_kommunstyrelsen_protokoll_2007-01-08.pdf",
        "12",
        "Ändrad starttid för kommunstyrelsens sammanträde",
        14,
        "Dnr KF/2006.390",
    ),
    (
        REAL / "fi_espoo_kh_poytakirja_2017-05-08_p127_cp1252.htm",
        "127",
        "Espoon kaupungin hallintosäännön hyväksyminen (Kv-asia) (Pöydälle 10.4.2017)",
        1,
        "730/2017",
    ),
    (
        REAL / "fi_helsinki_ahjo_decision_fixture.html",
        "62",
        "Valtuutetun aloite syrjinnän vastaisen verkoston perustamisesta Helsinkiin",
        1,
        "HEL 2024-009117",
    ),
]


@pytest.mark.parametrize(
    ("path", "number", "heading", "page", "diary"),
    SECTIONS,
    ids=[f"{s[0].name[:30]}-{s[1]}" for s in SECTIONS],
)
def test_section(path: Path, number: str, heading: str, page: int, diary: str) -> None:
    sections = {s.number: s for s in read(path).metadata.sections}
    assert number in sections
    section = sections[number]
    assert section.kind == "paragraph_sign"
    assert section.heading.startswith(heading)
    assert section.page == page
    assert section.diary_number == diary


@pytest.mark.parametrize(
    ("path", "first", "last", "count"),
    [
        (REAL / "fi_lapua_kh_poytakirja_2025-05-26.pdf", "175", "218", 44),
        (REAL / "fi_lapua_tarkastuslk_esityslista_2025-11-19.pdf", "62", "69", 8),
        (
            REAL / "sv_nykarleby_stadsstyrelsen_foredragningslista_26_09_2022_16_30_140208.pdf",
            "188",
            "202",
            15,
        ),
        (REAL / "sv_se_hogsby_kommunstyrelsen_protokoll_2007-01-08.pdf", "1", "12", 13),
    ],
)
def test_every_item_once_in_order_and_not_from_the_contents(
    path: Path, first: str, last: str, count: int
) -> None:
    sections = read(path).metadata.sections
    numbers = [s.number for s in sections]
    assert (numbers[0], numbers[-1], len(numbers)) == (first, last, count)
    assert len(set(numbers)) == len(numbers)
    pages = [s.page for s in sections]
    assert pages == sorted(pages)
    # The list of contents is on the first pages; no item starts there.
    assert min(pages) > 1


def test_report_chapters_and_idea_collection() -> None:
    chapters = read(seed("002")).metadata.sections
    assert {s.kind for s in chapters} == {"chapter"}
    numbers = [s.number for s in chapters]
    assert "4" in numbers and "4.2.2" in numbers
    assert [tuple(map(int, n.split("."))) for n in numbers] == sorted(
        tuple(map(int, n.split("."))) for n in numbers
    )
    agreement = {s.number: s.heading for s in read(seed("004")).metadata.sections}
    assert agreement["1"] == "Sopimusosapuolet"
    ideas = read(seed("003")).metadata.sections
    assert {s.kind for s in ideas} == {"idea"}
    assert ideas[0].number == "1" and ideas[0].heading == "Ydinkeskustan kestävä tulevaisuus"
    idea_numbers = [int(s.number) for s in ideas]
    assert idea_numbers == sorted(set(idea_numbers))
    assert len(ideas) >= 19


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kokous 12.3.2024 klo 17", ["2024-03-12"]),
        ("Sammanträdestid 26.09.2022 kl. 16:30", ["2022-09-26"]),
        ("päätettiin 12. maaliskuuta 2024", ["2024-03-12"]),
        ("måndagen den 8 januari 2007 kl 08.30", ["2007-01-08"]),
        ("Sammanträdesdatum 2007-01-08", ["2007-01-08"]),
        ("ajalle 1.6.2025-31.5.2029", ["2025-06-01", "2029-05-31"]),
        ("31.2.2024 ei ole päivä", []),
        ("puh. 044 703 9202", []),
    ],
)
def test_dates(text: str, expected: list[str]) -> None:
    assert list(find_dates(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("HEL 2020-010811 T 00 01 06", "HEL 2020-010811"),
        ("VD/1545/00.04.00/2017", "VD/1545/00.04.00/2017"),
        ("Dno OUKA/1472/02.02.02/2017", "OUKA/1472/02.02.02/2017"),
        ("LAPDno-2025-204", "LAPDno-2025-204"),
        ("Dnro 123/00.00.00/2024", "Dnro 123/00.00.00/2024"),
        ("Dnr KS 2006/123", "Dnr KS 2006/123"),
        ("KS § 3 a DNR:KF/2006.203", "Dnr KF/2006.203"),
        (" NKBY/528/00.02.07/2022", "NKBY/528/00.02.07/2022"),
    ],
)
def test_diary_numbers(text: str, expected: str) -> None:
    assert find_diary_numbers(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kaupunginhallituksen päätös", ["kaupunginhallitus"]),
        ("Kaupunginhallituksen elinkeinojaosto merkitsi tiedoksi", ["elinkeinojaosto"]),
        ("Teknisen lautakunnan kokous", ["tekninen lautakunta"]),
        ("Stadsstyrelsens beslut:", ["stadsstyrelsen"]),
        ("Välfärdsnämnden 15.9", ["välfärdsnämnden"]),
        ("Rådet för funktionshindrade", ["rådet för funktionshindrade"]),
        ("Kaupunginvaltuustolle esitetään", ["kaupunginvaltuusto"]),
        ("kaupunginhallitus ja kaupunginvaltuusto", ["kaupunginhallitus", "kaupunginvaltuusto"]),
    ],
)
def test_bodies_in_inflected_forms(text: str, expected: list[str]) -> None:
    assert bodies_in(text) == expected


def test_titles() -> None:
    assert read(REAL / "fi_lapua_kh_poytakirja_2025-05-26.pdf").metadata.title == (
        "Kaupunginhallitus pöytäkirja 9/2025 2025-05-26"
    )
    assert read(REAL / "fi_oulu_kh_tilinpaatos2016_msword.pdf").metadata.title == (
        "Oulun kaupungin tilinpäätös 2016"
    )
    assert read(seed("001")).metadata.title.startswith("Kaupunkien innovaatiotoimintaa vahvistavan")


def test_items_found_when_ocr_read_the_section_sign_as_8() -> None:
    """OCR'd Nykarleby pages lose the header cells; their first line reads "Protokoll 128"."""
    pages = [
        "Protokoll | 11 § | 24.05.2023 | Sida\nRådet för funktionshindrade | 2",
        "",
        "Protokoll | 13 § | 24.05.2023 | Sida\nRådet för funktionshindrade | 4",
    ]
    texts = [
        "11 § Val av protokolljusterare\n\nI tur att justera protokollet är medlemmarna.",
        "Öp NYKARLEBY UUSIKAARLEPYY\n\nProtokoll 128 24.05.2023 Sida Rådet för "
        "funktionshindrade 3\n\n128 Godkännande av föredragningslistan",
        "NKBY/523/00.05.00/2022\n\n13 § Motion, Gör Kackurdunten tillgänglig för alla",
    ]
    doc = Document(doc_id="t", path="t", lang="sv")
    doc.pages = [Page(number=i + 1, header=h) for i, h in enumerate(pages)]
    doc.blocks = [
        Block(page=i + 1, text=part) for i, t in enumerate(texts) for part in t.split("\n\n")
    ]
    doc.metadata.doc_type = "minutes"
    numbers = [(s.section.number, s.section.page) for s in metadata.section_starts(doc)]
    assert numbers == [("11", 1), ("12", 2), ("13", 3)]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("tilinpäätös", "financial_statement"),
        ("Bokslut", "financial_statement"),
        ("financial statement", "financial_statement"),
        ("financial_statement", "financial_statement"),
        ("talousarvio", "budget"),
        ("budget", "budget"),
        ("strategi", "strategy"),
        ("lausunto", "statement"),
        ("utlåtande", "statement"),
        ("valtuustoaloite", "motion"),
        ("Motion", "motion"),
        ("anvisningar", "instruction"),
        ("täytäntöönpano-ohjeet", "instruction"),
        ("pöytäkirja", "minutes"),
        ("föredragningslista", "agenda"),
    ],
)
def test_every_type_is_accepted_by_its_finnish_swedish_and_english_names(
    name: str, expected: str
) -> None:
    from kuntahaku.vocab import resolve_doc_type

    assert resolve_doc_type(name) == expected


def test_every_type_has_a_label_in_each_language() -> None:
    from kuntahaku.vocab import DOC_TYPES, doc_type_label

    for doc_type in DOC_TYPES:
        for lang in ("fi", "sv", "en"):
            assert doc_type_label(doc_type, lang).strip()
    assert doc_type_label("financial_statement", "fi") == "tilinpäätös"
    assert doc_type_label("financial_statement", "sv") == "bokslut"
