"""Snippets: the part of a passage with the most query matches, matches marked `<<like this>>`.

A token matches when any of its index terms (lemmas and compound parts included) is a term the
query matched, so `sopimus` marks "ekosysteemisopimuksen". A search knows which tokens those are
from the positions the index stores with each term (`positioned_spans`), without analysing the
passage again (which would load every language's dictionary); `matched_spans` analyses the text
where there is no index.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from functools import lru_cache

from kuntahaku.search._analysis import MODE_INDEX, token_terms
from kuntahaku.text import Token, normalise_lang, tokenize
from kuntahaku.text.tokens import WORD

MARK_OPEN, MARK_CLOSE = "<<", ">>"
SNIPPET_CHARS = 240
LEAD_CHARS = 60  # context kept before the first match of the window
PROBE_CHARS = 2  # a word is analysed for a matched term only if it holds the term's first ones
ALWAYS_ANALYSED = 6  # ... or is at most this long


def _flat(text: str) -> str:
    return " ".join(text.split())


def _shorten(text: str, width: int) -> str:
    flat = _flat(text)
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


@lru_cache(maxsize=200_000)
def _index_terms(written: str, lang: str) -> frozenset[str]:
    """The index terms of a token as written (the same for every position it appears at)."""
    return frozenset(
        t for t, _ in token_terms(Token(written, 0, len(written), 0), lang, MODE_INDEX)
    )


class TermMatcher:
    """Which tokens carry a matched term, for every snippet of one search: a word seen in one
    shown passage is not looked at again in the next (`terms` maps a language to the terms the
    query matched in that language's field)."""

    def __init__(self, terms: Mapping[str, Collection[str]]) -> None:
        self.wanted = {normalise_lang(lang): set(ts) for lang, ts in terms.items() if ts}
        probes = sorted({t[:PROBE_CHARS] for ts in self.wanted.values() for t in ts})
        self._probe = re.compile("|".join(re.escape(p) for p in probes)).search
        self.seen: dict[str, bool] = {}

    def _matches(self, written: str) -> bool:
        # A word can only carry a term whose first letters it contains (base forms and
        # compound parts keep their first two letters in inflected forms, consonant gradation
        # included: "katu" / "kadulla"), so longer words without them are not analysed at
        # all: analysing every word of the shown passages was most of a search's time in a
        # fresh process. Short words are always analysed: irregular forms are short ("honom"
        # of "han", "gick" of "gå").
        lower = written.lower()
        if len(lower) > ALWAYS_ANALYSED and not self._probe(lower):
            return False
        return any(
            not lang_terms.isdisjoint(_index_terms(written, lang))
            for lang, lang_terms in self.wanted.items()
        )

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Character spans of the tokens of `text` that carry a matched term."""
        if not self.wanted:
            return []
        seen = self.seen
        spans = []
        for m in WORD.finditer(text):
            written = m.group(0)
            hit = seen.get(written)
            if hit is None:
                hit = seen[written] = self._matches(written)
            if hit:
                spans.append(m.span())
        return spans


def matched_spans(text: str, terms: Mapping[str, Collection[str]]) -> list[tuple[int, int]]:
    """Character spans of the tokens of `text` that carry a matched term of some language.

    `terms` maps a language to the terms the query matched in that language's field.
    """
    return TermMatcher(terms).spans(text)


def positioned_spans(text: str, positions: Collection[int]) -> list[tuple[int, int]]:
    """Character spans of the tokens of `text` at these token positions (numbered from 0, as
    the indexer numbers them)."""
    if not positions:
        return []
    last = max(positions)
    spans = []
    for tok in tokenize(text):
        if tok.pos > last:
            break
        if tok.pos in positions:
            spans.append((tok.start, tok.end))
    return spans


def make_snippet(
    text: str,
    terms: Mapping[str, Collection[str]],
    width: int = SNIPPET_CHARS,
    positions: Collection[int] | None = None,
    matcher: TermMatcher | None = None,
) -> str:
    """A one-line excerpt of about `width` characters around the densest cluster of matches:
    the tokens at `positions` when given, else those `terms` match (through `matcher`, one
    search's `TermMatcher` of these terms, when given)."""
    if positions is not None:
        spans = positioned_spans(text, positions)
    else:
        spans = (matcher or TermMatcher(terms)).spans(text)
    if not spans:
        return _shorten(text, width)
    best_i, best_n = 0, 0
    for i, (start, _) in enumerate(spans):
        n = sum(1 for s, e in spans[i:] if e <= start + width - LEAD_CHARS)
        if n > best_n:
            best_i, best_n = i, n
    first = spans[best_i][0]
    begin = max(0, first - LEAD_CHARS)
    if begin > 0:
        space = text.rfind(" ", 0, begin + 1)
        begin = space + 1 if space >= 0 and first - space < LEAD_CHARS * 2 else begin
    end = min(len(text), begin + width)
    if end < len(text):
        space = text.rfind(" ", begin, end)
        end = space if space > first else end
    inside = [(s, e) for s, e in spans if s >= begin and e <= end]
    out, cursor = [], begin
    for s, e in inside:
        out.append(text[cursor:s])
        out.append(MARK_OPEN + text[s:e] + MARK_CLOSE)
        cursor = e
    out.append(text[cursor:end])
    return ("…" if begin > 0 else "") + _flat("".join(out)) + ("…" if end < len(text) else "")
