"""`kuntahaku reading-list`: building, saving, editing and exporting lists, and every error."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from kuntahaku.cli import cli
from kuntahaku.readinglist.cite import normalise
from kuntahaku.store import DocumentStore

from .conftest import REAL_DOCS, SEED_PDFS, SEEDS

# Renditions of one text (a .txt and its PDF; one decision from two producers) and a
# Swedish document: small enough to ingest per test module.
SMALL = [
    SEEDS / "000_344c752e51ca3c21.txt",
    SEED_PDFS / "lo_txt_000.pdf",
    REAL_DOCS / "fi_oulu_kh_tilinpaatos2016_libreoffice.pdf",
    REAL_DOCS / "fi_oulu_kh_tilinpaatos2016_msword.pdf",
    REAL_DOCS / "sv_nykarleby_ungdomsfullmaktige_protokoll_09_05_2023_16_15_162526.pdf",
]


def run(index: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--index", str(index), *args], catch_exceptions=False)


@pytest.fixture(scope="module")
def small_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Copies of SMALL in a folder of their own (re-ingesting them must not touch corpus/)."""
    folder = tmp_path_factory.mktemp("rl-files")
    for f in SMALL:
        shutil.copy(f, folder / f.name)
    return folder


@pytest.fixture(scope="module")
def small_index(small_files: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    index = tmp_path_factory.mktemp("rl-index")
    assert run(index, "ingest", str(small_files)).exit_code == 0
    return index


@pytest.fixture
def index(small_index: Path, tmp_path: Path) -> Path:
    """A private copy of the small index, so edits in one test do not leak into another."""
    copy = tmp_path / "index"
    shutil.copytree(small_index, copy)
    return copy


def build_json(index: Path, *args: str) -> dict[str, Any]:
    result = run(index, "reading-list", "build", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def entries(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for g in data["groups"] for e in g["entries"]]


# -- building -------------------------------------------------------------------------------


def test_renditions_appear_once_with_the_others_listed(index: Path) -> None:
    data = build_json(index, "tilinpäätös OR osuuskunta", "--group-by", "none")
    names = [Path(e["path"]).name for e in entries(data)]
    also = [Path(a["path"]).name for e in entries(data) for a in e["also"]]
    assert len(names) == 2
    assert sorted(names + also) == sorted(
        [
            "000_344c752e51ca3c21.txt",
            "lo_txt_000.pdf",
            "fi_oulu_kh_tilinpaatos2016_libreoffice.pdf",
            "fi_oulu_kh_tilinpaatos2016_msword.pdf",
        ]
    )


def test_quotes_cite_the_page_they_stand_on(index: Path) -> None:
    data = build_json(index, "tilinpäätös", "--quotes", "3")
    with DocumentStore(index) as store:
        for e in entries(data):
            doc = store.get(e["doc_id"])
            assert doc is not None
            pages = {p.number: normalise(p.text) for p in doc.pages}
            assert e["quotes"]
            for q in e["quotes"]:
                assert q["page"] in q["passage_pages"]
                assert q["citation"].endswith(q["pages_label"])
                key = normalise(q["text"].strip("…"))[:40]
                assert key in pages[q["page"]] + pages.get(q["page"] + 1, "")


def test_markdown_is_the_default_and_shows_citations(index: Path) -> None:
    result = run(index, "reading-list", "build", "tilinpäätös", "--title", "Tilinpäätökset")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("# Tilinpäätökset\n")
    assert re.search(r"^> — \*.*s\. \d+\*$", out, re.M), out
    assert "Source: `" in out and "(also: `" in out


def test_output_file_format_from_suffix(index: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "list.html"
    result = run(index, "reading-list", "build", "tilinpäätös", "-o", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert f"to {target}" in result.stderr
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "@media print" in html
    assert "<script" not in html and "<link" not in html and "src=" not in html


def test_csv_has_bom_and_one_row_per_quote(index: Path, tmp_path: Path) -> None:
    target = tmp_path / "list.csv"
    result = run(index, "reading-list", "build", "tilinpäätös", "--quotes", "2", "-o", str(target))
    assert result.exit_code == 0
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    data = build_json(index, "tilinpäätös", "--quotes", "2")
    assert len(rows) == sum(max(1, len(e["quotes"])) for e in entries(data))
    assert {r["quote"] for r in rows} == {q["text"] for e in entries(data) for q in e["quotes"]}
    assert all("ä" in r["title"] or r["title"] for r in rows)


def test_swedish_list_with_filters(index: Path) -> None:
    data = build_json(index, "--city", "Nykarleby", "--lang", "sv", "--group-by", "year")
    names = [Path(e["path"]).name for e in entries(data)]
    assert names == ["sv_nykarleby_ungdomsfullmaktige_protokoll_09_05_2023_16_15_162526.pdf"]
    assert data["groups"][0]["key"] == "2023"


# -- saving and editing ---------------------------------------------------------------------


def test_saved_list_survives_reingest_with_notes(index: Path, small_files: Path) -> None:
    saved = run(index, "reading-list", "build", "tilinpäätös OR osuuskunta", "--save", "brief")
    assert saved.exit_code == 0, saved.output
    before = json.loads(run(index, "reading-list", "export", "brief", "--format", "json").stdout)
    noted = run(index, "reading-list", "note", "brief", "lo_txt_000.pdf", "Lue ensin.")
    assert noted.exit_code == 0, noted.output
    assert run(index, "ingest", "--force", str(small_files)).exit_code == 0
    after = json.loads(run(index, "reading-list", "export", "brief", "--format", "json").stdout)
    assert [e["doc_id"] for e in entries(after)] == [e["doc_id"] for e in entries(before)]
    assert [e["quotes"] for e in entries(after)] == [e["quotes"] for e in entries(before)]
    notes = {Path(e["path"]).name: e["note"] for e in entries(after)}
    espoo = [n for name, n in notes.items() if "000" in name]
    assert espoo == ["Lue ensin."]


def test_add_remove_and_ls(index: Path) -> None:
    assert run(index, "reading-list", "build", "tilinpäätös", "--save", "talous").exit_code == 0
    added = run(
        index,
        "reading-list",
        "add",
        "talous",
        "sv_nykarleby_ungdomsfullmaktige_protokoll_09_05_2023_16_15_162526.pdf",
    )
    assert added.exit_code == 0, added.output
    assert added.output.startswith("Added sv_nykarleby_ungdomsfullmaktige")
    data = json.loads(run(index, "reading-list", "export", "talous", "--format", "json").stdout)
    hand = [e for e in entries(data) if e["added_by_hand"]]
    assert len(hand) == 1 and hand[0]["quotes"]
    removed = run(index, "reading-list", "remove", "talous", "fi_oulu_kh_tilinpaatos2016_msword")
    assert removed.exit_code == 0, removed.output  # a rendition names its entry
    data = json.loads(run(index, "reading-list", "export", "talous", "--format", "json").stdout)
    assert all("tilinpaatos" not in e["path"] for e in entries(data))
    ls = json.loads(run(index, "reading-list", "ls", "--json").stdout)
    assert [(r["name"], r["entries"]) for r in ls] == [("talous", len(entries(data)))]
    assert run(index, "reading-list", "delete", "talous").exit_code == 0
    assert run(index, "reading-list", "ls").stdout == ""


def test_note_is_escaped_in_html(index: Path) -> None:
    run(index, "reading-list", "build", "tilinpäätös", "--save", "x")
    run(
        index,
        "reading-list",
        "note",
        "x",
        "fi_oulu_kh_tilinpaatos2016_libreoffice.pdf",
        "<b>tärkeä</b> & kiireellinen",
    )
    html = run(index, "reading-list", "export", "x", "--format", "html").stdout
    assert "&lt;b&gt;tärkeä&lt;/b&gt; &amp; kiireellinen" in html
    assert "<b>tärkeä</b>" not in html


# -- errors ---------------------------------------------------------------------------------


def _error(result: Result) -> str:
    return result.output.strip().splitlines()[-1]


def test_empty_result_writes_nothing(index: Path, tmp_path: Path) -> None:
    target = tmp_path / "empty.md"
    result = run(index, "reading-list", "build", "xyzzyplugh", "-o", str(target), "--save", "empty")
    assert result.exit_code == 1
    assert _error(result) == "Error: no documents match query “xyzzyplugh”; nothing written"
    assert not target.exists()
    assert run(index, "reading-list", "ls").stdout == ""


def test_unknown_theme_suggests_close_ones(index: Path) -> None:
    result = run(index, "reading-list", "build", "--theme", "kiertotalos")
    assert result.exit_code == 2
    assert _error(result).startswith("Error: unknown theme 'kiertotalos'; did you mean: ")
    assert "circular economy" in _error(result)


def test_unknown_list_name(index: Path) -> None:
    run(index, "reading-list", "build", "tilinpäätös", "--save", "talous-2016")
    result = run(index, "reading-list", "export", "talous2016")
    assert result.exit_code == 2
    assert _error(result) == "Error: no saved reading list 'talous2016'; did you mean: talous-2016?"
    result = run(index, "reading-list", "delete", "nothing-like-it")
    assert result.exit_code == 2
    assert _error(result) == "Error: no saved reading list 'nothing-like-it'"


def test_document_not_in_the_list(index: Path) -> None:
    run(index, "reading-list", "build", "tilinpäätös", "--save", "t")
    name = "sv_nykarleby_ungdomsfullmaktige_protokoll_09_05_2023_16_15_162526.pdf"
    for command in (["remove", "t", name], ["note", "t", name, "huom"]):
        result = run(index, "reading-list", *command)
        assert result.exit_code == 2
        assert _error(result) == f"Error: {name!r} is not in reading list 't'"


def test_add_twice_and_add_unknown(index: Path) -> None:
    run(index, "reading-list", "build", "tilinpäätös", "--save", "t")
    result = run(index, "reading-list", "add", "t", "fi_oulu_kh_tilinpaatos2016_msword.pdf")
    assert result.exit_code == 2
    assert _error(result) == (
        "Error: fi_oulu_kh_tilinpaatos2016_msword.pdf is already in reading list 't'"
    )
    result = run(index, "reading-list", "add", "t", "no-such-document.pdf")
    assert result.exit_code == 2
    assert _error(result) == (
        "Error: no ingested document matches 'no-such-document.pdf' (give an id or a path)"
    )


def test_save_refuses_to_overwrite(index: Path) -> None:
    run(index, "reading-list", "build", "tilinpäätös", "--save", "t")
    result = run(index, "reading-list", "build", "osuuskunta", "--save", "t")
    assert result.exit_code == 2
    assert _error(result) == (
        "Error: a reading list 't' is already saved; use --replace, delete it first,"
        " or choose another name"
    )
    assert (
        run(index, "reading-list", "build", "osuuskunta", "--save", "t", "--replace").exit_code == 0
    )


def test_invalid_list_name(index: Path) -> None:
    result = run(index, "reading-list", "build", "tilinpäätös", "--save", "../evil")
    assert result.exit_code == 2
    assert _error(result) == (
        "Error: invalid reading-list name '../evil': use letters, digits, '-', '_' and '.',"
        " starting with a letter or digit"
    )


def test_refresh_keeps_hand_edits(index: Path) -> None:
    built = run(index, "reading-list", "build", "tilinpäätös OR osuuskunta", "--save", "r")
    assert built.exit_code == 0, built.output
    run(index, "reading-list", "remove", "r", "000_344c752e51ca3c21.txt")
    run(
        index,
        "reading-list",
        "add",
        "r",
        "sv_nykarleby_ungdomsfullmaktige_protokoll_09_05_2023_16_15_162526.pdf",
    )
    run(index, "reading-list", "note", "r", "fi_oulu_kh_tilinpaatos2016_msword.pdf", "Tärkeä")
    result = run(index, "reading-list", "refresh", "r")
    assert result.exit_code == 0, result.output
    assert result.output == "Refreshed 'r': 2 documents, 0 new, 0 gone.\n"
    data = json.loads(run(index, "reading-list", "export", "r", "--format", "json").stdout)
    got = {Path(e["path"]).name[:24]: (e["note"], e["added_by_hand"]) for e in entries(data)}
    assert got == {
        "fi_oulu_kh_tilinpaatos20": ("Tärkeä", False),
        "sv_nykarleby_ungdomsfull": ("", True),
    }


def test_theme_groups_are_labelled_in_three_languages(index: Path) -> None:
    result = run(index, "reading-list", "build", "--theme", "nuoriso")
    assert result.exit_code == 0, result.output
    heading = re.search(r"^## Youth – (.+) \(1\)$", result.stdout, re.M)
    assert heading, result.stdout
    assert "/" in heading[1]  # the Finnish and the Swedish label


def test_bad_date_is_a_usage_error(index: Path) -> None:
    result = run(index, "reading-list", "build", "tilinpäätös", "--from", "2024-13")
    assert result.exit_code == 2
    assert _error(result) == "Error: bad date '2024-13'; write YYYY, YYYY-MM or YYYY-MM-DD"


def test_unknown_fund_suggests_close_ones(index: Path) -> None:
    result = run(index, "reading-list", "build", "--fund", "EAKRR")
    assert result.exit_code == 2
    assert _error(result).startswith("Error: unknown fund 'EAKRR'; did you mean: ")


def test_export_keeps_a_document_that_left_the_index(index: Path) -> None:
    built = run(index, "reading-list", "build", "tilinpäätös", "--save", "t", "--format", "json")
    assert built.exit_code == 0, built.output
    (entry,) = entries(json.loads(built.stdout))
    with DocumentStore(index) as store:
        store.delete(entry["doc_id"])
    result = run(index, "reading-list", "export", "t", "--format", "json")
    assert result.exit_code == 0, result.output
    assert entries(json.loads(result.stdout)) == [entry]


def test_order_by_relevance_ranks_best_score_first(index: Path) -> None:
    data = build_json(
        index, "tilinpäätös OR osuuskunta", "--order", "relevance", "--group-by", "none"
    )
    scores = [e["score"] for e in entries(data)]
    assert len(scores) == 2 and scores == sorted(scores, reverse=True)
    assert [e["rank"] for e in entries(data)] == [1, 2]
