"""§ headings told from § references on real minutes: an item that an appeal page, a list of
contents or of attachments names again starts where its heading stands, on its own page."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from kuntahaku.config import Settings
from kuntahaku.ingest import clean, extract, language, metadata, segment
from kuntahaku.models import Document

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = Settings(index_dir=Path("/nonexistent"), ocr=False)


def shared(name: str) -> Path:
    """A file of the shared document folders (../shared next to the repository)."""
    for base in (ROOT.parent / "shared", ROOT.parent.parent / "shared"):
        for folder in ("real-docs", "real-docs-2"):
            path = base / folder / name
            if path.exists():
                return path
    pytest.skip(f"shared document {name} is not available here")


@functools.cache
def read(path: Path) -> Document:
    """Run a file through the stages up to and including segmentation (once per session)."""
    doc = Document(doc_id="t", path=str(path))
    for stage in (extract.run, clean.run, language.run, metadata.run, segment.run):
        doc = stage(doc, SETTINGS)
    return doc


# file, § number, page where its heading stands, page of an appeal page that names it again
APPEALS = [
    ("fi_lapua_sivistyslk_poytakirja_2024-12-18.pdf", "135", 7, 18),
    ("fi_lapua_teknlk_poytakirja_2025-05-20.pdf", "86", 30, 54),
    ("fi_lapua_ymparistolk_poytakirja_2022-01-25.pdf", "9", 16, 18),
]


@pytest.mark.parametrize(("name", "number", "page", "appeal"), APPEALS)
def test_item_named_again_on_an_appeal_page_starts_at_its_heading(
    name: str, number: str, page: int, appeal: int
) -> None:
    doc = read(shared(name))
    sections = {s.number: s for s in doc.metadata.sections}
    assert number in sections, f"§ {number} lost"
    assert sections[number].page == page
    numbers = [int(s.number) for s in doc.metadata.sections]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    # The passages of the item cite the page of its heading, and the appeal page is not in it.
    own = [p for p in doc.passages if p.section == f"§ {number}"]
    assert own and own[0].pages[0] == page
    assert all(appeal not in p.pages for p in own)


def test_every_item_of_minutes_with_appeal_pages_in_order() -> None:
    doc = read(shared("fi_lapua_sivistyslk_poytakirja_2024-12-18.pdf"))
    found = [(s.number, s.page) for s in doc.metadata.sections]
    assert [n for n, _ in found] == [str(n) for n in range(132, 145)]
    # Each item of these minutes begins on a page of its own, after the list of contents.
    assert [p for _, p in found] == [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]


def test_report_chapters_stand_where_their_headings_are_not_on_the_contents_pages() -> None:
    """Senaatti's financial statement lists 37 chapters on pages 2-3 with page numbers; each
    starts where its heading stands in the body."""
    doc = read(shared("fi_senaatti_tilinpaatos_2024.pdf"))
    chapters = {s.number: s for s in doc.metadata.sections if s.kind == "chapter"}
    assert len(chapters) == 37
    assert all(s.page > 3 for s in chapters.values())
    expected = {"1": 4, "1.2": 5, "1.6": 16, "2": 35, "3": 39, "5": 42, "9.4": 52, "9.11": 63}
    assert {n: chapters[n].page for n in expected} == expected
    assert chapters["9.11"].heading == (
        "Hallituksen esitys voiton käyttämisestä, päiväys ja allekirjoitukset"
    )
    # The passages of a chapter cite the pages of its text, not the contents page.
    notes = [p for p in doc.passages if p.heading_path[-1:] == ["9.4 " + chapters["9.4"].heading]]
    assert notes and notes[0].pages[0] == 52
    assert all(p.pages[0] >= 4 for p in doc.passages if p.heading_path)


SEEDS = ROOT / "corpus" / "seeds"
SEED_PDFS = ROOT / "corpus" / "seed-pdfs"


def squash(text: str) -> str:
    return "".join(text.split())


def test_abstract_in_three_languages_gives_the_same_passages_in_every_rendition() -> None:
    """Report 002's abstract in Finnish, Swedish and English, read from the text file, from the
    line-break PDF and from the reflowed PDF: one passage per language, the same in all three."""
    renditions = [next(SEEDS.glob("002_*.txt")), SEED_PDFS / "lo_txt_002.pdf"]
    renditions.append(SEED_PDFS / "lo_fodt_002.pdf")
    abstracts = []
    for path in renditions:
        passages = read(path).passages[:3]
        assert [p.lang for p in passages] == ["fi", "sv", "en"], path.name
        assert passages[0].text.startswith("Tiivistelmä")
        assert passages[1].text.startswith("Referat")
        assert passages[2].text.startswith("Abstract")
        abstracts.append([(p.lang, squash(p.text)) for p in passages])
    assert abstracts[0] == abstracts[1] == abstracts[2]


def test_no_passage_mixes_languages_in_the_abstract_pages() -> None:
    doc = read(next(SEEDS.glob("002_*.txt")))
    swedish = [p for p in doc.passages if " och " in p.text and " att " in p.text]
    assert swedish and all(p.lang == "sv" for p in swedish)


@pytest.mark.parametrize(
    ("name", "first", "last"),
    [
        ("fi_espoo_kh_poytakirja_2017-05-08_asialista.htm", "125", "146"),
        ("fi_turku_kh_poytakirja_2017-05-02_asialista.htm", "186", "197"),
    ],
)
def test_meeting_index_page_lists_its_items(name: str, first: str, last: str) -> None:
    """A meeting's index page (a table of § numbers and headings, nothing else) has those
    items; the appeal table's § ranges below it are not items."""
    doc = read(shared(name))
    numbers = [s.number for s in doc.metadata.sections]
    assert numbers == [str(n) for n in range(int(first), int(last) + 1)]
    assert all(s.heading and s.page == 1 for s in doc.metadata.sections)


def test_sub_item_letter_kept_as_printed() -> None:
    doc = read(shared("sv_se_hogsby_kommunstyrelsen_protokoll_2007-01-08.pdf"))
    sections = {s.number: s for s in doc.metadata.sections}
    assert sections["3 a"].page == 4 and sections["3 b"].page == 5
    assert {p.section for p in doc.passages} >= {"§ 3 a", "§ 3 b"}


def test_unnumbered_chapters_found_where_the_layout_sets_them_as_headings() -> None:
    """Simrishamn's budget instruction has no numbered headings: its chapters are the lines set
    bold or larger at the margin; the title, table cells and a two-item list are not."""
    doc = read(shared("sv_se_simrishamn_budgetanvisningar_2025-12-01.pdf"))
    if not any(page.lines for page in doc.pages):
        pytest.skip("extraction gives no layout lines")
    found = [(s.heading, s.page) for s in doc.metadata.sections if s.kind == "chapter"]
    headings = [h for h, _ in found]
    assert found[:3] == [("Inledning", 1), ("Tidplan", 1), ("Budgetberedningen", 3)]
    assert ("Finansiella mål", 5) in found and ("Bilagor", 13) in found
    assert not any(
        h.startswith(("Tidplan och anvisningar", "År 2026", "Mall Taxor")) for h in headings
    )


def test_report_typed_as_a_decision_still_gets_its_chapters_from_the_contents() -> None:
    """The OpenAhjo solution document has no § but a numbered list of contents: its chapters
    are found in the body (not on the contents page)."""
    doc = read(shared("fi_helsinki_openahjo_ratkaisumalli_2013.pdf"))
    chapters = {s.number: s.page for s in doc.metadata.sections if s.kind == "chapter"}
    assert {n: chapters.get(n) for n in ("1", "2", "3", "4", "6")} == {
        "1": 3,
        "2": 4,
        "3": 6,
        "4": 9,
        "6": 56,
    }


def test_budget_code_list_chapters_are_the_lines_set_in_capitals() -> None:
    """The state budget numbers every row ("01. Ansio- ja pääomatuloverot"), each level counting
    from 01 again; its chapters are the main classes set in capitals ("11. VEROT JA ..."), on
    the page where each stands, and the rows are not chapters."""
    doc = read(shared("fi_valtio_talousarvio_2024_tuloarviot-maararahat.pdf"))
    chapters = [(s.number, s.page) for s in doc.metadata.sections if s.kind == "chapter"]
    numbered = [(n, p) for n, p in chapters if n]
    assert [n for n, _ in numbered] == [
        *("11", "12", "13", "15"),
        *(str(n) for n in range(21, 34)),
        *("35", "36"),
    ]
    pages = dict(numbered)
    assert (pages["13"], pages["21"], pages["30"], pages["36"]) == (3, 3, 12, 19)
    assert [p for n, p in chapters if not n] == [1, 3]  # TULOARVIOT, MÄÄRÄRAHAT


def test_dotted_list_items_are_not_chapters_of_a_report_numbered_1_1() -> None:
    """The reflowed report 002 ran "1 Johdanto" into a paragraph; its goal list "1. Kansainvälisen
    tason ..." must not stand in for chapters 1 and 2."""
    doc = read(SEED_PDFS / "lo_fodt_002.pdf")
    chapters = {s.number: s for s in doc.metadata.sections if s.kind == "chapter"}
    assert "1" not in chapters or chapters["1"].heading == "Johdanto"
    assert "2" not in chapters or chapters["2"].heading == "Arvioinnin toteutus"
    assert chapters["2.2"].page == 6


def test_headings_run_into_their_paragraph_are_chapters_where_they_fit_the_outline() -> None:
    """The reflowed report 002 sets "4.1.1 Tavoitteiden osuvuus ja toteutuminen Arvioinnissa ..."
    in body type and runs it into its paragraph: the chapter starts there, with the heading cut
    before the paragraph's first word; footnotes starting with a number ("7 Mukaillen: ...")
    are not chapters. Every chapter found is one a reader sees on that page (the gold)."""
    import json

    gold_file = ROOT / "bench/structure/gold/lo_fodt_002.json"
    gold = {(c["number"], c["page"]) for c in json.loads(gold_file.read_text())["chapters"]}
    doc = read(SEED_PDFS / "lo_fodt_002.pdf")
    found = {(s.number, s.page): s.heading for s in doc.metadata.sections if s.kind == "chapter"}
    numbered = {k for k in found if k[0]}
    assert numbered <= gold
    assert {("1.1", 2), ("2.1", 5), ("3.1", 9), ("4", 13), ("4.1.1", 13), ("4.3.1", 22)} <= numbered
    assert len(numbered) >= 0.6 * len({k for k in gold if k[0]})
    assert found[("4.1.1", 13)] == "Tavoitteiden osuvuus ja toteutuminen"
    assert found[("2.1", 5)] == "Arvioinnille asetetut tavoitteet"
    assert not any(n == "7" for n, _ in found)


def test_unnumbered_headings_set_like_the_numbered_ones_in_body_type() -> None:
    """The line-break rendition of report 002 sets every heading in body type, indented a
    character from the body text (" 1  Johdanto"); the unnumbered ones set the same way are
    chapters too, and a table's header row in that type is not."""
    doc = read(SEED_PDFS / "lo_txt_002.pdf")
    unnumbered = [(s.heading, s.page) for s in doc.metadata.sections if not s.number]
    assert unnumbered == [
        ("Tiivistelmä", 1),
        ("Referat", 1),
        ("Abstract", 2),
        ("E S I P U H E", 2),
        ("Liitteet", 51),
    ]
