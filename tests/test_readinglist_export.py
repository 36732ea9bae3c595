"""Export formats on a list with awkward text: Markdown escaping, CSV quoting, HTML escaping,
the JSON schema, and saved-list round trips."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from kuntahaku.errors import InvalidListName, ReadingListExists, UnknownReadingList
from kuntahaku.readinglist import (
    Entry,
    ListRequest,
    Quote,
    ReadingList,
    Rendition,
    SavedLists,
    format_for,
    render,
)

QUOTE = 'Kaupunki edistää "kiertotaloutta", ks. kohta *4.3* <tärkeä> & kiireellinen.'


def _list() -> ReadingList:
    return ReadingList(
        name="kierto",
        request=ListRequest(query="kiertotalous", title="Kierto_talous *2024*", group_by="year"),
        entries=[
            Entry(
                doc_id="abc123",
                path="/data/oulu/kh_2024-03-12.pdf",
                title="Kaupunginhallitus, pöytäkirja [luonnos]",
                doc_type="minutes",
                body="kaupunginhallitus",
                municipality="Oulu",
                date="2024-03-12",
                diary_numbers=["OUKA/899/02.06.01/2024"],
                lang="fi",
                score=3.25,
                quotes=[Quote(QUOTE, page=7, page_end=8, section="§ 45", passage_pages=[7, 8])],
                also=[Rendition("def456", "/data/oulu/kh_2024-03-12.html")],
                note="Lue\nensin; tärkeä",
            ),
            Entry(doc_id="zzz999", path="/data/x.txt", title="Ilman lainauksia"),
        ],
    )


def test_markdown_escapes_and_cites() -> None:
    md = render(_list(), "md", base_dir=Path("/data"))
    assert md.startswith("# Kierto\\_talous \\*2024\\*\n")
    assert "### 1. Kaupunginhallitus, pöytäkirja \\[luonnos\\]" in md
    assert "> — *Oulu, kaupunginhallitus 12.3.2024 § 45, s. 7–8*" in md
    assert "\\<tärkeä\\>" in md
    assert "Source: `oulu/kh_2024-03-12.pdf` (also: `oulu/kh_2024-03-12.html`)" in md
    assert "**Note:** Lue ensin; tärkeä" in md
    assert "## 2024 (1)" in md and "## Undated (1)" in md


def test_csv_quotes_fields_and_keeps_documents_without_quotes() -> None:
    text = render(_list(), "csv")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:], newline="")))
    assert [r["rank"] for r in rows] == ["1", "2"]
    assert rows[0]["quote"] == QUOTE
    assert rows[0]["page"] == "7–8" and rows[0]["section"] == "§ 45"
    assert rows[0]["note"] == "Lue\nensin; tärkeä"
    assert rows[1]["quote"] == "" and rows[1]["title"] == "Ilman lainauksia"


def test_html_escapes_everything() -> None:
    html = render(_list(), "html")
    assert "&lt;tärkeä&gt; &amp; kiireellinen" in html
    assert "<tärkeä>" not in html
    assert '<html lang="fi">' in html


def test_json_schema_fields() -> None:
    data = json.loads(render(_list(), "json"))
    assert data["schema"] == "kuntahaku.reading-list/1"
    assert [g["key"] for g in data["groups"]] == ["2024", ""]
    entry = data["groups"][0]["entries"][0]
    assert set(entry) == {
        "rank", "group", "doc_id", "path", "title", "doc_type", "body", "municipality", "date",
        "diary_numbers", "sections", "lang", "score", "themes", "also", "quotes", "note",
        "added_by_hand",
    }  # fmt: skip
    assert entry["quotes"][0]["citation"] == "Oulu, kaupunginhallitus 12.3.2024 § 45, s. 7–8"
    assert entry["sections"] == ["§ 45"]


@pytest.mark.parametrize(
    ("fmt", "output", "chosen"),
    [(None, None, "md"), (None, "x.HTML", "html"), (None, "x.csv", "csv"), ("json", "x.md", "json"),
     (None, "x.txt", "md")],
)  # fmt: skip
def test_format_for(fmt: str | None, output: str | None, chosen: str) -> None:
    assert format_for(fmt, Path(output) if output else None) == chosen


def test_saved_round_trip_and_errors(tmp_path: Path) -> None:
    saved = SavedLists(tmp_path)
    lst = _list()
    saved.save(lst, "kierto")
    again = saved.load("kierto")
    assert again.to_dict() == {**lst.to_dict(), "updated": again.updated}
    assert render(again, "md") == render(lst, "md")
    with pytest.raises(ReadingListExists):
        saved.save(lst, "kierto")
    with pytest.raises(UnknownReadingList, match="did you mean: kierto"):
        saved.load("kiero")
    with pytest.raises(InvalidListName):
        saved.path(".hidden")
    assert [s["name"] for s in saved.summaries()] == ["kierto"]
