"""Finnish, Swedish and English word analysis: lemmas, compound parts, tokens, no ASCII folding."""

from __future__ import annotations

import importlib
import logging
from pathlib import Path
from typing import Any

import pytest
from whoosh.formats import Positions

from kuntahaku.errors import UnsupportedLanguage
from kuntahaku.search import _analysis
from kuntahaku.search._analysis import MODE_INDEX, MODE_QUERY, analyse, query_terms
from kuntahaku.search._whoosh_analysis import (
    LanguageAnalyzer,
    MultiLanguageAnalyzer,
    TermPositionsFormat,
)
from kuntahaku.text import compound_parts, lemmas, normalise_lang, tokenize, voikko_available

ROOT = Path(__file__).resolve().parents[1]
lemmas_module: Any = importlib.import_module("kuntahaku.text.lemmas")
needs_voikko = pytest.mark.skipif(not voikko_available(), reason="Voikko is not installed")


@needs_voikko
@pytest.mark.voikko
@pytest.mark.parametrize(
    ("word", "lemma"),
    [
        ("Helsingissä", "helsinki"),
        ("Helsingin", "helsinki"),
        ("osuuskunnan", "osuuskunta"),
        ("Seinäjoella", "seinäjoki"),
        ("Luulajan", "luulaja"),
        ("kaupunginhallituksen", "kaupunginhallitus"),
        ("ekosysteemisopimuksen", "ekosysteemisopimus"),
        ("Espoon", "espoo"),
        ("Vaasan", "vaasa"),
        ("sopimusten", "sopimus"),
        ("hyvinvointialueen", "hyvinvointialue"),
        ("kautta", "kautta"),  # every reading: kautta (through) as well as kausi (period)
        ("kautta", "kausi"),
    ],
)
def test_finnish_lemmas(word: str, lemma: str) -> None:
    assert lemma in lemmas(word, "fi")


@needs_voikko
@pytest.mark.voikko
@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("ekosysteemisopimuksen", {"ekosysteemi", "sopimus"}),
        ("kaupunginhallituksen", {"kaupunki", "hallitus"}),
        ("vetytalous", {"vety", "talous"}),
        ("jäsenmaksu", {"jäsen", "maksu"}),
        ("osuuskunnan", {"osuus", "kunta"}),
        ("maakuntahallitukselle", {"maakunta", "hallitus"}),
    ],
)
def test_finnish_compound_parts(word: str, parts: set[str]) -> None:
    assert parts <= set(compound_parts(word, "fi"))


@needs_voikko
@pytest.mark.voikko
def test_place_names_are_not_split() -> None:
    # Seinäjoki the town is not cut into seinä + joki (its common-noun reading still is).
    assert "helsinki" not in compound_parts("Helsingissä", "fi")
    assert compound_parts("Espoon", "fi") == []


@pytest.mark.parametrize(
    ("word", "lemma"),
    [
        ("avtalen", "avtal"),
        ("avtalet", "avtal"),
        ("städerna", "stad"),
        ("kommunstyrelsen", "kommunstyrelse"),
        ("protokollet", "protokoll"),
    ],
)
def test_swedish_lemmas(word: str, lemma: str) -> None:
    assert lemma in lemmas(word, "sv")


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("ekosystemavtalen", ["ekosystem", "avtal"]),
        ("kommunstyrelsen", ["kommun", "styrelse"]),
        ("utvecklingsfonden", ["utveckling", "fond"]),  # linking s
        ("föredragningslista", ["föredragning", "lista"]),  # fewest parts, longest shortest part
        ("vätgasekonomi", ["vätgas", "ekonomi"]),
        ("välfärdsnämnden", ["välfärd", "nämnd"]),
    ],
)
def test_swedish_compound_splitter(word: str, parts: list[str]) -> None:
    assert compound_parts(word, "sv")[:2] == parts


@pytest.mark.parametrize("word", ["avtalen", "städerna", "Nykarleby", "regionala"])
def test_swedish_words_that_are_not_compounds_stay_whole(word: str) -> None:
    assert compound_parts(word, "sv") == []


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("EU:n rahoitus", ["EU", "rahoitus"]),
        ("ALV:ssa ja FN:s", ["ALV", "ja", "FN"]),
        (
            "Smart City Innovation Cluster -osuuskuntaan",
            ["Smart", "City", "Innovation", "Cluster", "osuuskuntaan"],
        ),
        ("RRF-rahoitusta", ["RRF-rahoitusta"]),
        ("Luula-\n\njan kaupunki", ["Luula-jan", "kaupunki"]),
        ("tutkimus-, kehittämis- ja innovaatio", ["tutkimus", "kehittämis", "ja", "innovaatio"]),
        ("forsk-\nnings-, utvecklings-", ["forsk-nings", "utvecklings"]),
    ],
)
def test_tokenizer(text: str, words: list[str]) -> None:
    assert ["-".join(t.pieces) for t in tokenize(text)] == words


def test_line_broken_word_is_indexed_as_the_joined_word() -> None:
    (token_terms,) = [terms for _, terms in analyse("Luula-\n\njan", "fi", MODE_INDEX)]
    assert "luulaja" in {t for t, _ in token_terms}


def test_hyphenated_compound_keeps_its_inflected_head_as_lemma() -> None:
    index = {t for _, terms in analyse("EAKR-rahoitusta", "fi", MODE_INDEX) for t, _ in terms}
    assert {"eakr-rahoitus", "eakr", "rahoitus"} <= index
    assert query_terms("EAKR-rahoitus", "fi") == [["eakr-rahoitus", "eakrrahoitus"]]


@needs_voikko
def test_compound_parts_weigh_less_than_the_word_itself() -> None:
    (terms,) = [dict(t) for _, t in analyse("ekosysteemisopimuksen", "fi", MODE_INDEX)]
    assert terms["ekosysteemisopimus"] == 1.0
    assert terms["sopimus"] < 1.0


@needs_voikko
def test_queries_use_lemmas_but_not_compound_parts() -> None:
    (terms,) = query_terms("ekosysteemisopimuksen", "fi")
    assert "ekosysteemisopimus" in terms
    assert "sopimus" not in terms
    assert [t for _, t in analyse("ekosysteemisopimuksen", "fi", MODE_QUERY)] != []


def test_english_is_stemmed() -> None:
    assert "agreement" in query_terms("agreements", "en")[0]


@pytest.mark.parametrize(
    ("word", "lang", "kept"),
    [
        ("Hämeenlinnassa", "fi", "hämeenlinna"),
        ("Jyväskylän", "fi", "jyväskylä"),
        ("Åbo", "sv", "åbo"),
        ("nämnden", "sv", "nämnd"),
        ("Pöytäkirja", "fi", "pöytäkirja"),
    ],
)
def test_no_ascii_folding(word: str, lang: str, kept: str) -> None:
    """ä, ö and å are letters of their own in Finnish and Swedish: never folded to a, o."""
    terms = {t for _, ts in analyse(word, lang, MODE_INDEX) for t, _ in ts}
    assert kept in terms
    folded = kept.replace("ä", "a").replace("ö", "o").replace("å", "a")
    assert folded not in terms


@pytest.mark.parametrize(
    ("alias", "code"),
    [("FI", "fi"), ("svenska", "sv"), ("sv-FI", "sv"), ("english", "en"), ("suomi", "fi")],
)
def test_language_aliases(alias: str, code: str) -> None:
    assert normalise_lang(alias) == code


@pytest.mark.parametrize("lang", ["de", "norsk", "", "fr"])
def test_unsupported_language_fails_loudly(lang: str) -> None:
    with pytest.raises(UnsupportedLanguage, match="supported: fi, sv, en"):
        lemmas("talo", lang)


def test_without_voikko_finnish_falls_back_to_simplemma_and_warns(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Without the Debian libraries: simplemma lemmas, no compound splitting, one warning."""
    monkeypatch.setattr(lemmas_module, "_voikko", None)
    monkeypatch.setattr(lemmas_module, "_voikko_tried", False)
    monkeypatch.setattr(
        lemmas_module,
        "_import_voikko",
        lambda: (_ for _ in ()).throw(OSError("libvoikko.so.1: cannot open shared object file")),
    )
    lemmas_module._lemmas.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger=lemmas_module.__name__):
            assert not voikko_available()
            assert not voikko_available()
        said = [r.getMessage() for r in caplog.records if "compound words" in r.getMessage()]
        assert len(said) == 1 and "libvoikko.so.1" in said[0]
        assert lemmas("osuuskunnan", "fi") == ["osuuskunta"]
        assert compound_parts("ekosysteemisopimuksen", "fi") == []
    finally:
        lemmas_module._lemmas.cache_clear()
        monkeypatch.undo()
        lemmas_module._voikko_tried = False
        lemmas_module._voikko = None


@pytest.mark.parametrize(
    "analyzer", [LanguageAnalyzer("fi"), LanguageAnalyzer("sv"), MultiLanguageAnalyzer()]
)
def test_fast_indexing_writes_what_whoosh_tokens_would(analyzer: Any) -> None:
    seeds = sorted((ROOT / "corpus" / "seeds").glob("*.txt"))
    text = "\n".join(p.read_text(encoding="utf-8")[:4000] for p in seeds)
    fast = TermPositionsFormat(field_boost=1.0)
    plain = Positions(field_boost=1.0)
    ours = sorted(fast.word_values(text, analyzer, mode="index"))
    theirs = sorted(plain.word_values(text, analyzer, mode="index"))
    assert len(ours) > 500
    assert ours == theirs


def test_whoosh_indexes_written_before_the_split_still_name_their_analyzers() -> None:
    """A whoosh schema pickled when the analyzers lived in `_analysis` still unpickles."""
    assert _analysis.LanguageAnalyzer is LanguageAnalyzer
    assert _analysis.TermPositionsFormat is TermPositionsFormat
    with pytest.raises(AttributeError):
        _analysis.NoSuchName  # noqa: B018
