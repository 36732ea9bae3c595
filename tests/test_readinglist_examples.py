"""The example lists in docs/examples/ against a fresh index of the corpus: the right documents,
quotes on the pages they cite, no document twice, and the same entries a new build gives."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from kuntahaku.models import Document
from kuntahaku.readinglist import ListRequest, build_list, dedup
from kuntahaku.readinglist.cite import normalise
from kuntahaku.store import DocumentStore

from .conftest import ROOT

EXAMPLES = ROOT / "docs" / "examples"
# The requests of docs/examples/make.sh, and documents each list must hold (by file name stem
# of any rendition).
LISTS: dict[str, tuple[ListRequest, set[str]]] = {
    "circular-economy": (
        ListRequest(filters={"theme": ["kiertotalous"]}, group_by="municipality"),
        {"004_5c2fa7a6dfcf7351", "002_4302fe300bc583a9", "003_f89e401ac00ddec4"},
    ),
    "youth": (
        ListRequest(filters={"theme": ["ungdom"]}, group_by="municipality"),
        {
            "sv_nykarleby_ungdomsfullmaktige_protokoll_09_05_2023_16_15_162526",
            "fi_espoo_kh_poytakirja_2017-05-08_p127_cp1252",
        },
    ),
    "innovation": (
        ListRequest(filters={"theme": ["innovaatio"]}, group_by="year", quotes=3),
        {"000_344c752e51ca3c21", "001_355a2dc494c55cb1", "004_5c2fa7a6dfcf7351"},
    ),
}
SUBFOLDERS = ("corpus/seeds/", "corpus/seed-pdfs/", "corpus/real-docs/")  # what make.sh ingests

_SOURCE = re.compile(r"^Source: `([^`]+)`(?: \(also: (.*)\))?$")
_CITE = re.compile(r"s\. (\d+)(?:–(\d+))?$")


def _rel(path: str) -> str:
    return os.path.relpath(path, ROOT)


def _md_entries(text: str) -> list[dict[str, Any]]:
    """Entries of an exported Markdown list: source, renditions, quotes and cited pages."""
    out: list[dict[str, Any]] = []
    quote = ""
    for line in text.splitlines():
        if line.startswith("### "):
            out.append({"quotes": []})
        elif m := _SOURCE.match(line):
            out[-1]["path"] = m[1]
            out[-1]["also"] = re.findall(r"`([^`]+)`", m[2] or "")
        elif line.startswith("> — *"):
            pages = _CITE.search(line.rstrip("*"))
            assert pages, line
            out[-1]["quotes"].append((quote, int(pages[1])))
        elif line.startswith("> "):
            quote = line[2:]
    return out


@pytest.fixture(scope="module")
def docs_by_path(corpus_index_dir: Path) -> dict[str, Document]:
    with DocumentStore(corpus_index_dir) as store:
        return {_rel(d.path): d for d in store.documents()}


def _assert_on_page(doc: Document, quote: str, page: int) -> None:
    pages = {p.number: normalise(p.text) for p in doc.pages}
    key = normalise(quote.replace("\\", "").strip("…"))[:40]
    assert key, quote
    assert key in pages[page] + pages.get(page + 1, ""), (doc.path, page, quote)


# The youth list quotes pages of a scanned Nykarleby document, whose text only OCR gives.
EXAMPLE_NAMES = [
    pytest.param(n, marks=pytest.mark.ocr) if n == "youth" else n for n in sorted(LISTS)
]


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_markdown_example(name: str, docs_by_path: dict[str, Document]) -> None:
    entries = _md_entries((EXAMPLES / f"{name}.md").read_text(encoding="utf-8"))
    assert entries
    stems = {Path(p).stem for e in entries for p in [e["path"], *e["also"]]}
    assert LISTS[name][1] <= stems
    every_path = [p for e in entries for p in [e["path"], *e["also"]]]
    assert len(every_path) == len(set(every_path)), "a document appears twice"
    leads = [docs_by_path[e["path"]] for e in entries]
    assert all(len(g) == 1 for g in dedup.cluster(leads)), "two entries are one text"
    for e in entries:
        assert e["quotes"], e["path"]
        for quote, page in e["quotes"]:
            _assert_on_page(docs_by_path[e["path"]], quote, page)


@pytest.mark.parametrize("name", sorted(LISTS))
def test_example_matches_a_fresh_build(name: str, corpus_index_dir: Path) -> None:
    """Regenerate with docs/examples/make.sh when this fails after a change to ingestion."""
    request, _ = LISTS[name]
    fresh = build_list(corpus_index_dir, request)
    groups = {
        frozenset(_rel(p) for p in [e.path, *(r.path for r in e.also)])
        for e in fresh.entries
        if _rel(e.path).startswith(SUBFOLDERS)
    }
    entries = _md_entries((EXAMPLES / f"{name}.md").read_text(encoding="utf-8"))
    assert {frozenset([e["path"], *e["also"]]) for e in entries} == groups


@pytest.mark.ocr  # the youth list quotes pages of a scanned document
def test_json_example_follows_the_schema(docs_by_path: dict[str, Document]) -> None:
    data = json.loads((EXAMPLES / "youth.json").read_text(encoding="utf-8"))
    assert data["schema"] == "kuntahaku.reading-list/1"
    entries = [e for g in data["groups"] for e in g["entries"]]
    assert data["documents"] == len(entries)
    assert [e["rank"] for e in entries] == list(range(1, len(entries) + 1))
    langs = {docs_by_path[e["path"]].lang for e in entries}
    assert {"fi", "sv"} <= langs, "a Swedish theme name finds Finnish and Swedish documents"
    for e in entries:
        # Ids derive from the absolute path of the clone the example was made in, so only their
        # form is checked here; the path identifies the document.
        assert re.fullmatch(r"[0-9a-f]{12}", e["doc_id"])
        for q in e["quotes"]:
            assert q["page"] in q["passage_pages"]
            assert q["citation"].endswith(q["pages_label"])
            _assert_on_page(docs_by_path[e["path"]], q["text"], q["page"])


def test_csv_example_opens_in_a_spreadsheet(docs_by_path: dict[str, Document]) -> None:
    raw = (EXAMPLES / "innovation.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows and rows[0].keys() >= {"title", "citation", "quote", "page", "path"}
    for r in rows:
        _assert_on_page(docs_by_path[r["path"]], r["quote"], int(r["page"].split("–")[0]))


def test_html_example_is_self_contained() -> None:
    html = (EXAMPLES / "circular-economy.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "@media print" in html
    for external in ("<script", "<link", "src=", "url(", "@import"):
        assert external not in html
    assert "Note:" in html  # the note make.sh adds to the saved list


def test_make_script_builds_every_example() -> None:
    script = (EXAMPLES / "make.sh").read_text(encoding="utf-8")
    for name in LISTS:
        assert f"--save {name}" in script
    produced = {p.name for p in EXAMPLES.iterdir() if p.suffix != ".sh"}
    assert produced == {
        "circular-economy.md",
        "circular-economy.html",
        "youth.md",
        "youth.json",
        "innovation.md",
        "innovation.csv",
    }
