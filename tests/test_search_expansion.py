"""Query expansion from the municipal vocabulary: a word also finds the other names of the same
thing (other languages, other forms of a body's name), says so, and can be turned off."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from click.testing import CliRunner

from kuntahaku.cli import cli
from kuntahaku.search import SearchRequest, run_search
from kuntahaku.search._query import parse_query
from kuntahaku.vocab.terms import equivalents

ESPOO = "fi_espoo_kh_poytakirja_2017-05-08_p127_cp1252.htm"


def test_the_vocabulary_knows_a_body_in_three_languages() -> None:
    assert "ungdomsfullmäktige" in equivalents("nuorisovaltuusto", [])
    assert "nuorisovaltuusto" in equivalents("ungdomsfullmäktige", [])
    assert "nuorisovaltuusto" in equivalents("youth council", [])
    assert equivalents("kiertotaloushanke", []) == []


def test_an_inflected_word_is_expanded_by_its_base_form() -> None:
    parsed = parse_query("nuorisovaltuustolle")
    assert "ungdomsfullmäktige" in parsed.expanded["nuorisovaltuustolle"]
    assert parse_query("nuorisovaltuustolle", expand=False).expanded == {}


def test_a_swedish_word_finds_the_finnish_minutes(engine_index_dir: Path) -> None:
    """The Espoo minutes (Finnish) name the youth council only as `nuorisovaltuusto`; a Swedish
    search finds them through the vocabulary, next to the Swedish minutes, and says which names
    it added."""
    request = SearchRequest(query="ungdomsfullmäktige", limit=0)
    alone = run_search(engine_index_dir, replace(request, expand=False))
    assert alone.total >= 1 and ESPOO not in {Path(h.path).name for h in alone.hits}
    result = run_search(engine_index_dir, request)
    assert {h.doc_id for h in alone.hits} < {h.doc_id for h in result.hits}
    assert ESPOO in {Path(h.path).name for h in result.hits}
    assert "nuorisovaltuusto" in result.expanded["ungdomsfullmäktige"]
    espoo = next(h for h in result.hits if Path(h.path).name == ESPOO)
    assert "<<" in espoo.snippet and "nuorisovaltuusto" in espoo.snippet.lower()


def test_the_cli_says_what_it_added_and_no_expand_turns_it_off(corpus_index_dir: Path) -> None:
    runner = CliRunner()
    base = ["--index", str(corpus_index_dir), "search"]
    shown = runner.invoke(cli, [*base, "ungdomsfullmäktige"])
    assert shown.exit_code == 0, shown.output
    assert "Also searched for: ungdomsfullmäktige = nuorisovaltuusto" in shown.output
    as_json = runner.invoke(cli, [*base, "--json", "ungdomsfullmäktige"])
    data = json.loads(as_json.output)
    assert "nuorisovaltuusto" in data["expanded"]["ungdomsfullmäktige"]
    off = json.loads(
        runner.invoke(cli, [*base, "--json", "--no-expand", "ungdomsfullmäktige"]).output
    )
    assert off["expanded"] == {}
    assert off["total"] < data["total"]
