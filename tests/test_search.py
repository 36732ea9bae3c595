"""Search over the ingested corpus: Finnish and Swedish forms, compounds, grouping, facets."""

from __future__ import annotations

from pathlib import Path

import pytest

from kuntahaku.search import SearchRequest, SearchResult, facet_counts, run_search
from kuntahaku.text import voikko_available


@pytest.fixture
def corpus_index_dir(engine_index_dir: Path) -> Path:
    """Every test here runs on each engine (the conformance suite)."""
    return engine_index_dir


def _search(index: Path, query: str = "", **kw: object) -> SearchResult:
    return run_search(index, SearchRequest(query=query, **kw))  # type: ignore[arg-type]


def _all_passages(index: Path, query: str, **kw: object) -> SearchResult:
    return _search(index, query, passages=True, limit=0, facets=False, **kw)


@pytest.mark.parametrize(
    ("query", "written"),
    [
        ("Helsingissä", "Helsingin"),  # inflected place name -> base form
        ("osuuskunta", "osuuskunnan"),  # consonant gradation
        ("sopimus", "ekosysteemisopimuksen"),  # head of a compound
        ("vety", "vetytalous"),  # modifier of a compound
        pytest.param("maksu", "jäsenmaksu", marks=pytest.mark.voikko),  # compound parts
        ("avtalet", "avtalen"),  # Swedish definite forms
        ("kaupunginhallitus", "kaupunginhallituksen"),
        ("ekosystemavtal", "ekosystemavtalen"),  # Swedish compound, inflected
        ("avtal", "ekosystemavtalen"),  # Swedish compound head
    ],
)
def test_a_form_finds_another_form(corpus_index_dir: Path, query: str, written: str) -> None:
    result = _all_passages(corpus_index_dir, query)
    assert any(written in hit.text for hit in result.hits), f"{query!r} did not find {written!r}"


def test_luulaja_finds_the_word_broken_across_lines(corpus_index_dir: Path) -> None:
    """Seed 003 has `Luula-` + blank line + `jan` in its .txt and in its PDF."""
    found = {Path(h.path).name for h in _all_passages(corpus_index_dir, "Luulaja").hits}
    assert "003_f89e401ac00ddec4.txt" in found
    assert "lo_txt_003.pdf" in found


def test_snippet_marks_the_matched_compound(corpus_index_dir: Path) -> None:
    result = _search(corpus_index_dir, "vety", limit=3)
    assert result.hits
    assert all("<<" in h.snippet and ">>" in h.snippet for h in result.hits)
    assert any("<<vety" in h.snippet.lower() for h in result.hits)


@pytest.mark.parametrize(
    ("folded", "real"), [("jasenmaksu", "jäsenmaksu"), ("Seinajoki", "seinäjoki")]
)
def test_no_ascii_folding_at_search_time(corpus_index_dir: Path, folded: str, real: str) -> None:
    """`jasenmaksu` is not `jäsenmaksu`; the user is offered the real spelling instead."""
    assert _search(corpus_index_dir, real).total > 0
    result = _search(corpus_index_dir, folded)
    assert result.total == 0
    assert real in result.suggestions


def test_ascii_spelling_only_finds_ascii_text(corpus_index_dir: Path) -> None:
    """`Hameenlinna` finds the e-mail domain `hameenlinna.fi`, never the word Hämeenlinna.

    Without Voikko, simplemma cuts the unknown word into known pieces (`hame`), which may be
    written in a text too (`paijat-hame`); a hit then holds one of those, never an ä."""
    from kuntahaku.search._analysis import query_terms

    wanted = {"hameenlinna"}
    if not voikko_available():
        wanted |= {
            t for lang in ("fi", "sv", "en") for p in query_terms("Hameenlinna", lang) for t in p
        }
    assert all("ä" not in t for t in wanted)
    hits = _all_passages(corpus_index_dir, "Hameenlinna").hits
    assert hits
    for hit in hits:
        assert any(t in hit.text.lower() for t in wanted)
        assert "<<Hämeenlinn" not in hit.snippet and "<<hämeenlinn" not in hit.snippet.lower()


def test_zero_results_suggest_spellings_from_the_index(corpus_index_dir: Path) -> None:
    result = _search(corpus_index_dir, "kaupunkinhallitus")
    assert result.total == 0
    assert result.hits == []
    assert result.suggestions[0] == "kaupunginhallitus"


def test_no_spelling_advice_for_known_words_a_filter_left_out(corpus_index_dir: Path) -> None:
    known = run_search(corpus_index_dir, SearchRequest("kaupunginhallitus", year=1990))
    assert known.total == 0
    assert known.suggestions == []
    typo = run_search(corpus_index_dir, SearchRequest("kaupunkinhallitus", year=1990))
    assert typo.suggestions[0] == "kaupunginhallitus"


@pytest.mark.parametrize(
    ("query", "file_name"),
    [
        ("HEL 2020-010811", "001_355a2dc494c55cb1.txt"),
        ("VD/1545/00.04.00/2017", "fi_vantaa_kh_lausunto_tulevaisuuden_kunta_2017.pdf"),
        ("Dnro VD/1545/00.04.00/2017", "fi_vantaa_kh_lausunto_tulevaisuuden_kunta_2017.pdf"),
        ("diary:OUKA/1499/12.00.02/2016", "fi_oulu_kh_suomi100_juhlapaatos_2017.pdf"),
    ],
)
def test_diary_number_typed_as_is(corpus_index_dir: Path, query: str, file_name: str) -> None:
    found = [Path(h.path).name for h in _search(corpus_index_dir, query, limit=5).hits]
    assert file_name in found


def test_results_are_grouped_by_document(corpus_index_dir: Path) -> None:
    grouped = _search(corpus_index_dir, "kaupunginhallitus", limit=0, facets=False)
    every = _all_passages(corpus_index_dir, "kaupunginhallitus")
    doc_ids = [h.doc_id for h in grouped.hits]
    assert len(doc_ids) == len(set(doc_ids)) == grouped.total
    assert len(every.hits) == every.passages > grouped.total
    assert {h.doc_id for h in every.hits} == set(doc_ids)
    # The best passage of each document comes first among its passages.
    best = {h.doc_id: h.score for h in grouped.hits}
    for h in every.hits:
        assert h.score <= best[h.doc_id] + 1e-6
    assert [h.score for h in grouped.hits] == sorted((h.score for h in grouped.hits), reverse=True)


def test_limit_counts_documents(corpus_index_dir: Path) -> None:
    result = _search(corpus_index_dir, "kaupunki", limit=2)
    assert len(result.hits) == 2
    assert result.total > 2


def test_sort_by_date_is_newest_first(corpus_index_dir: Path) -> None:
    result = _search(corpus_index_dir, "kaupunki", sort="date", limit=0, facets=False)
    dated = [h.date for h in result.hits if h.date]
    assert len(dated) >= 3
    assert dated == sorted(dated, reverse=True)
    undated = [i for i, h in enumerate(result.hits) if not h.date]
    assert all(i >= len(dated) for i in undated)


def test_phrase_needs_adjacent_words(corpus_index_dir: Path) -> None:
    phrase = _all_passages(corpus_index_dir, '"Luulajan kaupunki"')
    assert phrase.hits
    assert all("Luula" in h.text for h in phrase.hits)
    loose = _all_passages(corpus_index_dir, '"kaupunki Luulajan"')
    assert loose.passages < phrase.passages or loose.total == 0


def test_boolean_operators(corpus_index_dir: Path) -> None:
    both = _all_passages(corpus_index_dir, "osuuskunta AND jäsenmaksu")
    either = _all_passages(corpus_index_dir, "osuuskunta OR jäsenmaksu")
    without = _all_passages(corpus_index_dir, "osuuskunta NOT jäsenmaksu")
    assert both.passages > 0
    assert either.passages >= both.passages + without.passages
    assert all("jäsenmaksu" not in h.text.lower() for h in without.hits)


def test_wildcard_and_fuzzy(corpus_index_dir: Path) -> None:
    wildcard = _all_passages(corpus_index_dir, "vetytal*")
    assert any("vetytalou" in h.text for h in wildcard.hits)
    fuzzy = _search(corpus_index_dir, "kaupunginhalitus~")
    assert fuzzy.total > 0


def test_lang_filter_and_field(corpus_index_dir: Path) -> None:
    sv = _all_passages(corpus_index_dir, "avtal", lang="sv")
    assert sv.hits and all(h.lang == "sv" for h in sv.hits)
    assert _all_passages(corpus_index_dir, "avtal lang:sv").passages == sv.passages


def test_type_filter_accepts_finnish_and_swedish_names(corpus_index_dir: Path) -> None:
    minutes = _search(corpus_index_dir, "", doc_type="minutes", limit=0, facets=False)
    assert minutes.total > 0
    assert all(h.doc_type == "minutes" for h in minutes.hits)
    for name in ("pöytäkirja", "protokoll", "Minutes"):
        same = _search(corpus_index_dir, "", doc_type=name, limit=0, facets=False)
        assert {h.doc_id for h in same.hits} == {h.doc_id for h in minutes.hits}


def test_date_range_and_year(corpus_index_dir: Path) -> None:
    in_range = _search(corpus_index_dir, "date:[2017-01-01 TO 2017-12-31]", limit=0)
    assert in_range.total > 0
    assert all(h.date.startswith("2017") for h in in_range.hits)
    by_year = _search(corpus_index_dir, "", year=2017, limit=0)
    by_dates = _search(corpus_index_dir, "", date_from="2017", date_to="2017-12", limit=0)
    assert {h.doc_id for h in by_year.hits} == {h.doc_id for h in by_dates.hits}
    assert {h.doc_id for h in in_range.hits} == {h.doc_id for h in by_year.hits}


def test_empty_query_with_a_filter_lists_the_matching_documents(corpus_index_dir: Path) -> None:
    listed = _search(corpus_index_dir, "", lang="sv", limit=0)
    assert listed.total > 0
    assert listed.facets["lang"].get("sv") == listed.total


def test_empty_query_lists_everything_newest_first(corpus_index_dir: Path) -> None:
    everything = _search(corpus_index_dir, "", limit=0, facets=False)
    dated = [h.date for h in everything.hits if h.date]
    assert dated == sorted(dated, reverse=True)
    assert everything.total == len(everything.hits)


def test_facets_count_documents_not_passages(corpus_index_dir: Path) -> None:
    result = _search(corpus_index_dir, "kaupunginhallitus", limit=0)
    assert result.passages > result.total
    for facet, counts in result.facets.items():
        assert all(0 < n <= result.total for n in counts.values()), facet
    assert sum(result.facets["doc_type"].values()) == result.total
    standalone = facet_counts(corpus_index_dir, SearchRequest(query="kaupunginhallitus"))
    assert standalone == result.facets


@pytest.mark.parametrize(("facet", "name"), [("municipality", "mentions"), ("issuer", "city")])
def test_entity_filter_selects_documents(corpus_index_dir: Path, facet: str, name: str) -> None:
    """A facet value from the counts, used as a filter, gives exactly that many documents."""
    counts = facet_counts(corpus_index_dir, SearchRequest())
    value, n = next(iter(counts[facet].items()))
    filtered = _search(corpus_index_dir, "", filters={name: [value]}, limit=0)
    assert filtered.total == n
    assert filtered.facets[facet][value] == n


def test_issuer_and_mentioned_municipality_are_separate_facets(corpus_index_dir: Path) -> None:
    """`city` selects the documents a municipality issued; `mentions` those that name it,
    which include documents of other issuers."""
    issued = _search(corpus_index_dir, "", filters={"city": ["Helsinki"]}, limit=0)
    mentioned = _search(corpus_index_dir, "", filters={"mentions": ["Helsinki"]}, limit=0)
    assert issued.total and mentioned.total
    assert set(issued.facets["issuer"]) == {"Helsinki"}
    assert set(mentioned.facets["issuer"]) - {"Helsinki"}


@pytest.mark.parametrize(
    "query",
    [
        "”Luulajan kaupunki”",  # typographic quotes, as word processors write them
        "title:pöytäkirja",
        "body:kaupunginhallituksen",  # an inflected body name
        "EU:n rahoitus",  # colon inflection is a word, not a field
        "year:[2017 TO 2023]",
        "kaupunginhallitus date:2017",
        "osuus?unta",
    ],
)
def test_query_forms_find_something(corpus_index_dir: Path, query: str) -> None:
    assert _search(corpus_index_dir, query, facets=False).total > 0


def test_body_filter_accepts_inflected_forms(corpus_index_dir: Path) -> None:
    base = _search(corpus_index_dir, "", filters={"body": ["kaupunginhallitus"]}, limit=0)
    inflected = _search(corpus_index_dir, "", filters={"body": ["kaupunginhallituksen"]}, limit=0)
    assert base.total > 0
    assert {h.doc_id for h in base.hits} == {h.doc_id for h in inflected.hits}
    assert all(h.body in EXECUTIVE_BOARDS for h in base.hits)


EXECUTIVE_BOARDS = {"kaupunginhallitus", "kunnanhallitus", "stadsstyrelsen", "kommunstyrelsen"}


@pytest.mark.parametrize("name", ["stadsstyrelsen", "Kommunstyrelsen", "city board"])
def test_body_filter_matches_the_same_body_in_every_language(
    corpus_index_dir: Path, name: str
) -> None:
    finnish = _search(corpus_index_dir, "", filters={"body": ["kaupunginhallitus"]}, limit=0)
    other = _search(corpus_index_dir, "", filters={"body": [name]}, limit=0)
    assert {h.doc_id for h in other.hits} == {h.doc_id for h in finnish.hits}
    bodies = {h.body for h in finnish.hits}
    assert {"kaupunginhallitus", "stadsstyrelsen", "kommunstyrelsen"} <= bodies
    youth = _search(corpus_index_dir, "", filters={"body": ["nuorisovaltuusto"]}, limit=0)
    assert youth.total > 0 and {h.body for h in youth.hits} == {"ungdomsfullmäktige"}
