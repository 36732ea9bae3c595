"""The structure benchmark's scoring rules on hand-made documents, and one run of the scorer on
a bundled document with its gold file."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.structure import evaluate, reference, scoring
from kuntahaku.models import STATUS_OK, Document, Metadata, Passage, Section

ROOT = Path(__file__).resolve().parent.parent


def _doc(sections: list[Section], passages: list[tuple[str, str]], **meta: object) -> Document:
    """A document with these §s and (section label, text) passages."""
    doc = Document(doc_id="d", path="/x.pdf", status=STATUS_OK)
    doc.metadata = Metadata(sections=sections, **meta)  # type: ignore[arg-type]
    doc.passages = [
        Passage(f"d:{i:04d}", "d", i, text, [1], section=label)
        for i, (label, text) in enumerate(passages)
    ]
    return doc


GOLD_SECTIONS = [
    {"number": "12", "heading": "Talousarvio", "page": 3, "decision": "Hyväksyi esityksen."},
    {"number": "13", "heading": "Ilmoitusasiat", "page": 5, "decision": "Merkittiin tiedoksi."},
]


def test_sections_right_number_and_page_score_one() -> None:
    sections = [Section("12", "Talousarvio", 3), Section("13", "Ilmoitusasiat", 5)]
    score = scoring.score_sections(GOLD_SECTIONS, sections)
    assert score.with_page.f1 == 1.0
    assert not score.missing and not score.extra


def test_section_on_a_wrong_page_counts_only_without_the_page() -> None:
    sections = [Section("12", "Talousarvio", 3), Section("13", "Ilmoitusasiat", 4)]
    score = scoring.score_sections(GOLD_SECTIONS, sections)
    assert score.with_page.matched == 1
    assert score.with_page.f1 == 0.5
    assert score.any_page.f1 == 1.0
    assert score.wrong_page == ["13@5"]


def test_section_under_a_wrong_number_is_missing_and_extra() -> None:
    sections = [Section("12", "Talousarvio", 3), Section("31", "Ilmoitusasiat", 5)]
    score = scoring.score_sections(GOLD_SECTIONS, sections)
    assert score.with_page.matched == 1 and score.any_page.matched == 1
    assert score.missing == ["13@5"] and score.extra == ["31@5"]
    assert score.wrong_page == []


def test_chapters_are_scored_apart_from_sections() -> None:
    gold = [
        {"number": "3.2", "heading": "Tuloslaskelma", "page": 12},
        {"number": "", "heading": "Tilintarkastuskertomus", "page": 40},
    ]
    sections = [
        Section("3.2", "Tuloslaskelma", 12, "chapter"),
        Section("", "Rahoituslaskelma", 40, "chapter"),
        Section("3.2", "Tuloslaskelma", 12),  # a § numbered 3.2 is not a chapter
    ]
    score = scoring.score_chapters(gold, sections)
    assert score.with_page.matched == 1 and score.with_page.predicted == 2
    assert score.missing == ["'Tilintarkastuskertomus'@40"]


def test_decision_in_its_own_section_is_kept() -> None:
    doc = _doc(
        [],
        [
            ("§ 12", "§ 12 Talousarvio\nPäätös\nHyväksyi\nesityksen."),
            ("§ 13", "§ 13 Ilmoitusasiat Päätös Merkittiin  tiedoksi."),
        ],
    )
    score = scoring.score_decisions(GOLD_SECTIONS, doc)
    assert (score.total, score.kept, score.wrong_section, score.lost) == (2, 2, 0, 0)


def test_decision_in_a_wrong_section_and_a_lost_decision_fail() -> None:
    doc = _doc(
        [],
        [("§ 12", "§ 12 Talousarvio ... § 13 Ilmoitusasiat Päätös Merkittiin tiedoksi.")],
    )
    score = scoring.score_decisions(GOLD_SECTIONS, doc)
    assert (score.kept, score.wrong_section, score.lost) == (0, 1, 1)
    assert any("§ 13: in § 12" in f for f in score.failures)
    assert any("§ 12: lost" in f for f in score.failures)


def test_decision_differing_in_case_is_not_kept() -> None:
    doc = _doc([], [("§ 12", "Päätös: hyväksyi esityksen.")])
    assert scoring.score_decisions(GOLD_SECTIONS[:1], doc).kept == 0


def test_lost_words_lower_the_coverage() -> None:
    reference = ["Lapuan kaupunki", "Kaupunki hyväksyi esityksen", "Luulajan kaupunki"]
    full = scoring.coverage(
        reference, "lapuan KAUPUNKI kaupunki hyväksyi esityksen luulajan kaupunki"
    )
    assert full.share == 1.0
    split = scoring.coverage(reference, "Lapuan kaupunki kaupunki esityksen Luula- jan kaupunki")
    assert split.covered == 5 and split.reference == 7
    assert set(split.lost) == {"hyväksyi", "luulajan"}


def test_hyphenated_compound_counts_as_one_word_either_way() -> None:
    assert scoring.coverage(["EU-hankkeet"], "EUhankkeet").share == 1.0
    assert scoring.coverage(["EU-hankkeet"], "EU- hankkeet").share == 0.0


def test_words_broken_at_a_line_end_are_read_as_one_word_except_before_a_conjunction() -> None:
    reference = ["Hankkeet ylittävät EU-", "kynnysarvon ja koulutus-", "ja osaamistason"]
    assert scoring.reading_words(reference) == [
        "hankkeet", "ylittävät", "eukynnysarvon", "ja", "koulutus", "ja", "osaamistason"
    ]  # fmt: skip
    text = "Hankkeet ylittävät EU-kynnysarvon ja koulutus- ja osaamistason"
    assert scoring.coverage(reference, text).share == 1.0
    split = scoring.coverage(["Luula-", "jan kaupunki"], "Luula- jan kaupunki")
    assert split.covered == 1 and set(split.lost) == {"luulajan"}


def test_a_word_broken_at_the_end_of_a_column_joins_the_line_below_in_that_column() -> None:
    two_columns = ["Vasen palsta ekosys-   Oikea palsta ja-", "teemin tila   kuu tässä"]
    assert scoring.reading_words(two_columns) == [
        "vasen", "palsta", "oikea", "palsta", "ekosysteemin", "tila", "jakuu", "tässä"
    ]  # fmt: skip


def test_title_similarity_accepts_extra_words_but_not_other_words() -> None:
    assert scoring.similarity("Pöytäkirja 3/2025", "Hyvinvointilautakunta pöytäkirja 3/2025") == 1
    assert scoring.similarity("Kokouskutsu", "Tarkastuslautakunta esityslista 2025-11-19") < 0.8


def test_furniture_and_page_numbers_leave_the_reference() -> None:
    patterns = scoring.furniture_patterns(["Lapuan kaupunki Pöytäkirja 9/2025", "26.05.2025"])
    page = "Lapuan kaupunki Pöytäkirja 9/2025 50 (95)\n27.05.2025\n\n§ 196 Lausunto\nTeksti 12\n14"
    lines = scoring.body_lines(page, patterns)
    assert [scoring.line_text(ln) for ln in lines] == ["§ 196 Lausunto", "Teksti 12"]


def test_a_footer_wrapped_on_two_lines_leaves_the_reference() -> None:
    footer = "Lintulahdenkatu 5 A, PL 237 | Y-tunnus 1503388-4 | senaatti.fi"
    patterns = scoring.furniture_patterns([footer])
    pieces = scoring.furniture_pieces([footer])
    page = "Tulos 12\nLintulahdenkatu 5 A, PL 237 | Y-tunnus 1503388-4 | se-\nnaatti.fi"
    assert [scoring.line_text(ln) for ln in scoring.body_lines(page, patterns, pieces)] == [
        "Tulos 12"
    ]


def test_html_reference_keeps_the_space_of_a_no_break_space_between_elements() -> None:
    text = reference.html_text(
        "<p><b>Päätösehdotus</b>&nbsp;&nbsp; Kaupunginjohtaja</p><script>x()</script>".encode()
    )
    assert text.split() == ["Päätösehdotus", "Kaupunginjohtaja"]


def test_corrupted_numbers_are_found_with_intact_ones_passing() -> None:
    reference = ["Menot 1 234 567 euroa vuosina 2023–2024", "muutos -12,5 %"]
    assert not scoring.corrupted_numbers(
        reference, "Menot 1\u00a0234\u00a0567 euroa vuosina 2023-2024 muutos -12,5 %"
    )
    broken = scoring.corrupted_numbers(reference, "Menot 1 234567 euroa 2023–3–2–2024 -12,5")
    assert set(broken) == {"1 234 567", "2023-2024"}


def test_metadata_fields_loose_title_alias_municipality_and_diary_sets() -> None:
    gold = {
        "title": "Kaupunginhallituksen pöytäkirja",
        "doc_type": "minutes",
        "date": "2025-05-26",
        "body": "kaupunginhallitus",
        "municipality": "Nykarleby",
        "diary_numbers": ["LAPDno-2025-1", "LAPDno-2025-2"],
    }
    doc = _doc(
        [],
        [],
        title="kaupunginhallituksen  Pöytäkirja",
        doc_type="agenda",
        date="2025-05-26",
        body="Kaupunginhallitus",
        municipality="Uusikaarlepyy",
        diary_numbers=["LAPDno-2025-1", "LAPDno-2025-9"],
    )
    result = scoring.score_metadata(gold, doc)
    assert {k: v["ok"] for k, v in result.items() if k != "diary_numbers"} == {
        "title": True,
        "doc_type": False,
        "date": True,
        "body": True,
        "municipality": True,
    }
    counts = result["diary_numbers"]["counts"]
    assert (counts.precision, counts.recall) == (0.5, 0.5)
    result = scoring.score_metadata({"title": None, "municipality": "Lapua"}, doc)
    assert list(result) == ["municipality"] and not result["municipality"]["ok"]


def test_gold_files_are_well_formed() -> None:
    for path, gold in evaluate.load_gold(evaluate.GOLD):
        assert scoring.validate_gold(gold) == [], path.name


@pytest.mark.slow
def test_scorer_runs_end_to_end_on_a_bundled_document(tmp_path: Path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler's pdftotext is not installed")
    stem = "fi_oulu_kh_talouden_seuranta_2017"
    done = subprocess.run(
        [sys.executable, "-m", "bench.structure", "--only", stem, "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert "| **total** | 1 | 0 |" in done.stdout
    data = json.loads((tmp_path / "structure.json").read_text(encoding="utf-8"))
    doc = data["documents"][0]
    assert doc["status"] == "ok" and doc["reference"] == "pdftotext -bbox"
    assert doc["metadata"]["municipality"]["gold"] == "Oulu"
    assert 0.5 < doc["coverage"]["share"] <= 1.0
    assert (tmp_path / "structure.md").read_text(encoding="utf-8").startswith("# Structure")
