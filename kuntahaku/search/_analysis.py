"""Per-language analysis: Finnish and Swedish by lemma (+ compound parts), English by stem.

Every word is indexed as written (lower-case, for wildcards and exact forms), by each of its base
forms, and, at index time only, by its compound parts, all at the word's position so that phrases
still work. Queries are analysed without compound parts: `sopimus` finds `ekosysteemisopimus`, but
`ekosysteemisopimus` does not find every `sopimus`. Nothing is ASCII-folded: ä, ö and å matter.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from whoosh.lang.porter import stem

from kuntahaku.text import Token, compound_parts, lemmas, normalise_lang
from kuntahaku.text import tokenize as tokenize_text
from kuntahaku.text.tokens import word_spans

MAX_WORD = 60  # longer tokens (hashes, URLs run together) are indexed as written only
MODE_INDEX = "index"
MODE_QUERY = "query"


PART_WEIGHT = 0.5  # a compound part or hyphen piece counts half a whole word in scoring
Terms = tuple[tuple[str, float], ...]


def _add(out: dict[str, float], term: str, weight: float) -> None:
    if term and out.get(term, 0.0) < weight:
        out[term] = weight


@lru_cache(maxsize=200_000)
def _word_terms(word: str, lang: str, index: bool) -> Terms:
    low = word.lower()
    if len(word) > MAX_WORD or word.isdigit():
        return ((low, 1.0),)
    out: dict[str, float] = {}
    _add(out, low, 1.0)
    if lang == "en":
        _add(out, stem(low), 1.0)
        return tuple(out.items())
    for lemma in lemmas(word, lang):
        _add(out, lemma, 1.0)
    if index:
        for part in compound_parts(word, lang):
            _add(out, part, PART_WEIGHT)
    return tuple(out.items())


@lru_cache(maxsize=100_000)
def _token_terms(word: str, pieces: tuple[str, ...], lang: str, index: bool) -> Terms:
    if len(pieces) <= 1:
        return _word_terms(word, lang, index)
    # A hyphenated word: `RRF-rahoitusta` is `rrf-rahoitusta`, `rrf-rahoitus` (last piece as
    # lemma) and the joined word; a line-broken `Luula-jan` is the joined `Luulajan` -> luulaja.
    out: dict[str, float] = {}
    _add(out, "-".join(p.lower() for p in pieces), 1.0)
    prefix = "-".join(p.lower() for p in pieces[:-1]) + "-"
    for term, _ in _word_terms(pieces[-1], lang, False)[1:]:
        _add(out, prefix + term, 1.0)
    for term, weight in _word_terms("".join(pieces), lang, index):
        _add(out, term, weight)
    if index:
        for piece in pieces:
            for term, _ in _word_terms(piece, lang, index):
                _add(out, term, PART_WEIGHT)
    return tuple(out.items())


def token_terms(token: Token, lang: str, mode: str = MODE_QUERY) -> Terms:
    """The index terms of one token in a language (`lang` already normalised), with weights."""
    return _token_terms(token.word, tuple(token.pieces), lang, mode == MODE_INDEX)


def analyse(text: str, lang: str, mode: str = MODE_QUERY) -> Iterator[tuple[Token, Terms]]:
    """Each token of `text` with its weighted terms; `lang` is any accepted language name."""
    code = normalise_lang(lang)
    for tok in tokenize_text(text):
        yield tok, token_terms(tok, code, mode)


def analyse_spans(
    text: str, lang: str, mode: str = MODE_QUERY
) -> Iterator[tuple[int, int, int, Terms]]:
    """`analyse` as (position, start, end, terms), without a `Token` per token: each distinct
    token text of `text` is analysed once (its terms depend on its text alone)."""
    code = normalise_lang(lang)
    known: dict[str, Terms] = {}
    for pos, (word, start, end) in enumerate(word_spans(text)):
        terms = known.get(word)
        if terms is None:
            terms = known[word] = token_terms(Token(word, start, end, pos), code, mode)
        yield pos, start, end, terms


def query_terms(word: str, lang: str) -> list[list[str]]:
    """The terms a query word stands for, one list per token (a word may hold several tokens)."""
    return [[term for term, _ in terms] for _, terms in analyse(word, lang, MODE_QUERY)]


# A token and the weighted terms it is indexed or searched under.
TokenTerms = tuple[Token, Iterable[tuple[str, float]]]


# term -> (positions, summed weight) of one indexed value
TermPositions = dict[str, tuple[list[int], float]]


def _collect(pairs: Iterable[TokenTerms]) -> TermPositions:
    positions: dict[str, list[int]] = {}
    weights: dict[str, float] = {}
    for tok, terms in pairs:
        pos = tok.pos
        for term, weight in terms:
            if term in weights:
                positions[term].append(pos)
                weights[term] += weight
            else:
                positions[term] = [pos]
                weights[term] = weight
    return {term: (positions[term], weights[term]) for term in positions}


def multi_language_terms(value: str, mode: str) -> Iterator[TokenTerms]:
    """Each token of `value` with the terms of every language at once, for short fields of
    unknown language (titles)."""
    for tok in tokenize_text(value):
        terms: dict[str, float] = {}
        for lang in ("fi", "sv", "en"):
            for term, weight in token_terms(tok, lang, mode):
                _add(terms, term, weight)
        yield tok, terms.items()


def __getattr__(name: str) -> Any:
    """The whoosh analyzers, where indexes written before they moved to `_whoosh_analysis`
    name them in their pickled schema."""
    if name in ("LanguageAnalyzer", "MultiLanguageAnalyzer", "TermPositionsFormat"):
        from kuntahaku.search import _whoosh_analysis

        return getattr(_whoosh_analysis, name)
    raise AttributeError(name)
