"""`kuntahaku search` and `kuntahaku facets`: exact error messages, exit codes, JSON contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kuntahaku.cli import cli

KNOWN = (
    "body, city, date, diary, fund, issuer, lang, mentions, org, region, text, theme, title,"
    " type, year"
)


@pytest.fixture
def corpus_index_dir(engine_index_dir: Path) -> Path:
    """Every test here runs on each engine (the conformance suite)."""
    return engine_index_dir


def _run(index: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--index", str(index), *args])
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["search", '"kaupungin hallitus'], 'Error: unbalanced quote (") in query'),
        (["search", "(vety OR vedyn"], "Error: unbalanced parenthesis in query"),
        (["search", "vety)"], "Error: unbalanced parenthesis in query"),
        (["search", "author:Mäkelä"], f"Error: unknown field 'author:'; known fields: {KNOWN}"),
        (
            ["search", "date:[2021 TO kesäkuu]"],
            "Error: bad date range 'date:[2021 TO kesäkuu]'; write date:[YYYY-MM-DD TO YYYY-MM-DD]",
        ),
        (
            ["search", "date:[2023 TO 2021]"],
            "Error: bad date range 'date:[2023 TO 2021]': the start is after the end",
        ),
        (["search", "date:[2021"], "Error: unbalanced bracket in range; write date:[2021 TO 2022]"),
        (["search", "vety AND"], "Error: 'AND' needs a search term on both sides"),
        (["search", "NOT"], "Error: 'NOT' needs a search term after it"),
        (["search", "year:21"], "Error: bad year '21'; write four digits, e.g. year:2021"),
        (
            ["search", "vety", "--year", "2021", "--from", "2020"],
            "Error: give either --year or --from/--to, not both",
        ),
        (
            ["search", "vety", "--from", "2021-13-01"],
            "Error: bad date '2021-13-01'; write YYYY, YYYY-MM or YYYY-MM-DD",
        ),
        (
            ["search", "vety", "--lang", "de"],
            "Error: unsupported language 'de'; supported: fi, sv, en",
        ),
        (
            ["search", "vety", "--type", "memo"],
            "Error: unknown type 'memo'; did you mean: minutes, agenda, decision, agreement, "
            "report, financial_statement, budget, strategy, statement, motion, instruction, "
            "other?",
        ),
        (["search", "vety", "--type", "pöytäkirjat"], None),  # accepted alias: no error
        (
            ["facets", "vety", "--lang", "klingon"],
            "Error: unsupported language 'klingon'; supported: fi, sv, en",
        ),
        (["facets", "(vety"], "Error: unbalanced parenthesis in query"),
    ],
)
def test_usage_errors_are_one_line_with_exit_code_2(
    tmp_path: Path, args: list[str], message: str | None
) -> None:
    code, output = _run(tmp_path, *args)
    if message is None:
        assert "Error: " not in output or "no search index" in output
        return
    assert code == 2
    assert output == message + "\n"


def test_unknown_facet_value_suggests_known_ones(tmp_path: Path) -> None:
    code, output = _run(tmp_path, "search", "vety", "--city", "Atlantis")
    assert code == 2
    assert output.startswith("Error: unknown municipality 'Atlantis'")


def test_search_without_an_index_says_what_to_do(tmp_path: Path) -> None:
    code, output = _run(tmp_path / "nowhere", "search", "vety")
    assert code == 1
    assert output == (
        f"Error: {tmp_path / 'nowhere'}: no search index here; run `kuntahaku ingest PATH...` "
        "first\n"
    )


def test_search_json_contract(corpus_index_dir: Path) -> None:
    code, output = _run(corpus_index_dir, "search", "ekosysteemisopimus", "--json", "--limit", "3")
    assert code == 0
    data = json.loads(output)
    assert {"query", "total", "hits", "facets", "suggestions"} <= set(data)
    assert data["query"] == "ekosysteemisopimus"
    assert data["total"] >= len(data["hits"]) > 0
    hit = data["hits"][0]
    contract = [
        "doc_id",
        "path",
        "title",
        "doc_type",
        "date",
        "lang",
        "page",
        "pages",
        "score",
        "text",
        "snippet",
        "entities",
    ]
    assert list(hit)[: len(contract)] == contract
    assert "<<" in hit["snippet"]
    assert hit["page"] == hit["pages"][0]
    assert set(data["facets"]) == {
        "issuer",
        "municipality",
        "region",
        "fund",
        "theme",
        "organisation",
        "doc_type",
        "lang",
        "year",
        "body",
    }


def test_search_json_zero_results_has_suggestions(corpus_index_dir: Path) -> None:
    code, output = _run(corpus_index_dir, "search", "kaupunkinhallitus", "--json")
    data = json.loads(output)
    assert code == 0
    assert data["total"] == 0 and data["hits"] == []
    assert "kaupunginhallitus" in data["suggestions"]


def test_search_human_output(corpus_index_dir: Path) -> None:
    code, output = _run(corpus_index_dir, "search", "Luulaja", "--limit", "5")
    assert code == 0
    assert output.splitlines()[0].startswith('2 document(s) match "Luulaja"') or (
        'document(s) match "Luulaja"' in output.splitlines()[0]
    )
    assert "Luulajan" in output
    assert "\x1b[" not in output  # no colour when the output is not a terminal
    assert "<<" not in output


def test_search_human_output_zero_results(corpus_index_dir: Path) -> None:
    code, output = _run(corpus_index_dir, "search", "kaupunkinhallitus")
    assert code == 0
    assert output.startswith('No documents match "kaupunkinhallitus".\nDid you mean: ')
    assert "kaupunginhallitus" in output


def test_search_passages_shows_every_matching_passage(corpus_index_dir: Path) -> None:
    _, best = _run(corpus_index_dir, "search", "kaupunginhallitus", "--json", "--limit", "0")
    _, every = _run(
        corpus_index_dir, "search", "kaupunginhallitus", "--json", "--limit", "0", "--passages"
    )
    best_data, every_data = json.loads(best), json.loads(every)
    assert best_data["total"] == every_data["total"] == len(best_data["hits"])
    assert len(every_data["hits"]) == every_data["passages"] > len(best_data["hits"])


def test_query_words_need_no_quotes(corpus_index_dir: Path) -> None:
    _, quoted = _run(corpus_index_dir, "search", "HEL 2020-010811", "--json")
    _, loose = _run(corpus_index_dir, "search", "HEL", "2020-010811", "--json")
    assert json.loads(quoted)["hits"] == json.loads(loose)["hits"]


def test_facets_command(corpus_index_dir: Path) -> None:
    code, output = _run(corpus_index_dir, "facets", "--lang", "sv", "--json")
    assert code == 0
    data = json.loads(output)
    assert list(data["facets"]["lang"]) == ["sv"]
    code, text = _run(corpus_index_dir, "facets", "--lang", "sv")
    assert code == 0
    assert text.startswith("Documents per facet value\n")
    assert "lang" in text and "sv (" in text
