"""Queries a user or a script may type that used to fail: standalone punctuation, deep nesting,
runaway wildcards and lengths, a first word beginning with `-`; and a property test that any
string either searches or gives one clear query error (exit 2), in bounded time."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kuntahaku.cli import cli
from kuntahaku.errors import QuerySyntaxError, QueryTimeout
from kuntahaku.search import SearchRequest, run_search
from kuntahaku.search._query import MAX_DEPTH, MAX_QUERY_CHARS, parse_query


@pytest.fixture
def corpus_index_dir(engine_index_dir: Path) -> Path:
    """Every test here runs on each engine (the conformance suite)."""
    return engine_index_dir


def _search(index_dir: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--index", str(index_dir), "search", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def _found(index_dir: Path, query: str) -> list[str]:
    res = run_search(index_dir, SearchRequest(query=query, limit=0, passages=True))
    return [h.passage_id for h in res.hits]


def test_a_paragraph_sign_between_words_is_left_out(corpus_index_dir: Path) -> None:
    plain = _found(corpus_index_dir, "kaupunginhallitus 45")
    assert plain
    assert _found(corpus_index_dir, "kaupunginhallitus § 45") == plain
    assert _found(corpus_index_dir, "kaupunginhallitus + 45 –") == plain


@pytest.mark.parametrize("query", ["title:§", "title:§ kiertotalous", "budjetti title:+"])
def test_a_field_of_punctuation_alone_is_a_query_error(corpus_index_dir: Path, query: str) -> None:
    code, out = _search(corpus_index_dir, query)
    assert code == 2
    assert out.startswith("Error: field 'title:' needs a word to search for")


@pytest.mark.parametrize("query", ["§", "§ + –", "(§)", "NOT §"])
def test_a_query_of_punctuation_alone_does_not_list_everything(
    corpus_index_dir: Path, query: str
) -> None:
    code, out = _search(corpus_index_dir, query)
    assert code == 2 and out.startswith("Error: nothing to search for in")


def test_deep_nesting_gives_a_clear_error(corpus_index_dir: Path) -> None:
    code, out = _search(corpus_index_dir, "(" * 300 + "kiertotalous" + ")" * 300)
    assert code == 2
    assert out.strip() == (
        f"Error: query nests parentheses too deeply (more than {MAX_DEPTH} levels)"
    )
    nested = "(" * MAX_DEPTH + "kiertotalous" + ")" * MAX_DEPTH
    assert _found(corpus_index_dir, nested) == _found(corpus_index_dir, "kiertotalous")


def test_a_long_chain_of_nots_is_no_recursion(corpus_index_dir: Path) -> None:
    assert parse_query("NOT " * 60 + "kiertotalous").query is not None


def test_many_wildcards_are_refused_quickly(corpus_index_dir: Path) -> None:
    code, out = _search(corpus_index_dir, " ".join(["k*"] * 100))
    assert code == 2 and "too many words" in out
    code, out = _search(corpus_index_dir, "k*")
    assert code == 2
    assert out.startswith("Error: 'k*' matches too many words in the index")
    code, out = _search(corpus_index_dir, "*a*")
    assert code == 2 and "'*a*' matches too many words" in out


def test_a_specific_wildcard_still_works(corpus_index_dir: Path) -> None:
    code, out = _search(corpus_index_dir, "kiertotal*")
    assert code == 0 and "document(s) match" in out


def test_a_ten_thousand_character_token_is_refused(corpus_index_dir: Path) -> None:
    code, out = _search(corpus_index_dir, "a" * 10_000)
    assert code == 2
    assert out.strip() == f"Error: query too long (10000 characters; at most {MAX_QUERY_CHARS})"


def test_a_long_word_within_the_limit_searches(corpus_index_dir: Path) -> None:
    code, out = _search(corpus_index_dir, "b" * (MAX_QUERY_CHARS - 1))
    assert code == 0 and out.startswith("No documents match")


def test_a_long_fuzzy_word_is_refused(corpus_index_dir: Path) -> None:
    code, out = _search(corpus_index_dir, "k" * 200 + "~2")
    assert code == 2 and "fuzzy~ works on words of up to" in out


def test_a_search_past_its_time_limit_stops_with_a_clear_error(corpus_index_dir: Path) -> None:
    with pytest.raises(QueryTimeout, match="took longer than"):
        run_search(corpus_index_dir, SearchRequest(query="kiertotalous", time_limit=-1.0))
    assert run_search(corpus_index_dir, SearchRequest(query="kiertotalous")).total > 0


def test_a_first_word_beginning_with_minus_is_a_not(corpus_index_dir: Path) -> None:
    code, first = _search(corpus_index_dir, "-maksu", "kiertotalous", "--limit", "0")
    assert code == 0, first
    code, last = _search(corpus_index_dir, "kiertotalous", "-maksu", "--limit=0")
    _, dashed = _search(corpus_index_dir, "--limit", "0", "--", "-maksu", "kiertotalous")
    assert first.replace("-maksu kiertotalous", "kiertotalous -maksu") == last
    assert dashed == first
    assert _found(corpus_index_dir, "-maksu kiertotalous")
    code, out = _search(corpus_index_dir, "-hanke")  # not `-h` (help)
    assert code == 0 and 'document(s) match "-hanke"' in out


def test_a_mistyped_long_option_is_still_an_error(corpus_index_dir: Path) -> None:
    code, out = _search(corpus_index_dir, "kiertotalous", "--limt", "3")
    assert code == 2 and "No such option '--limt'" in out


def test_reading_list_build_and_facets_take_a_minus_word_first(corpus_index_dir: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["--index", str(corpus_index_dir), "facets", "-maksu", "hanke"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        cli, ["--index", str(corpus_index_dir), "reading-list", "build", "-maksu", "kiertotalous"]
    )
    assert result.exit_code == 0, result.output


QUERY_CHARS = st.sampled_from(list('ab k*?~"()[]:§+-–&|!^\\/.,=@ä0129TOANDORNOTtitle:date:'))
QUERY_TEXT = st.one_of(
    st.text(QUERY_CHARS, max_size=60),
    st.text(max_size=40),
    st.lists(
        st.sampled_from(
            [
                "kiertotalous",
                "AND",
                "OR",
                "NOT",
                "(",
                ")",
                '"',
                "title:",
                "date:[2020 TO *]",
                "-maksu",
                "+hanke",
                "k*",
                "§",
                "~2",
                "year:",
                "fund:EAKR",
                "type:",
                "lang:sv",
                "HEL 2020-010811",
                "city:",
                "*",
            ]
        ),
        max_size=12,
    ).map(" ".join),
)


@settings(
    max_examples=150,
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=QUERY_TEXT)
def test_any_string_searches_or_gives_a_query_error(corpus_index_dir: Path, text: str) -> None:
    result = CliRunner().invoke(
        cli, ["--index", str(corpus_index_dir), "search", "--limit", "1", "--", text]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        text,
        result.output,
    )
    assert result.exit_code in (0, 2), (text, result.output)
    if result.exit_code == 2:
        assert result.output.startswith("Error: ") and result.output.count("\n") == 1


@settings(max_examples=300, deadline=timedelta(seconds=2))
@given(text=st.one_of(QUERY_TEXT, st.text(max_size=2000)))
def test_any_string_parses_or_raises_the_query_error(text: str) -> None:
    try:
        parse_query(text)
    except QuerySyntaxError as exc:
        assert str(exc) and "\n" not in str(exc)
