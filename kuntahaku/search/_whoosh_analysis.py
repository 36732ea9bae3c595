"""The whoosh engine's analyzers and postings format, built on our analysis (`_analysis`): a
search on a tantivy index never imports them (nor whoosh)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from whoosh.analysis import Token as WToken
from whoosh.analysis import Tokenizer
from whoosh.formats import Positions

from kuntahaku.search._analysis import (
    MODE_INDEX,
    MODE_QUERY,
    TermPositions,
    TokenTerms,
    _collect,
    analyse,
    multi_language_terms,
)
from kuntahaku.text import normalise_lang


class _TermsTokenizer(Tokenizer):  # type: ignore[misc]
    """Turns (token, weighted terms) pairs into whoosh tokens; subclasses say which terms."""

    def term_positions(self, value: str) -> TermPositions:
        """Every index term of `value` with its positions and summed weight: what whoosh's
        `Positions.word_values` gathers from our tokens, without making a token per term."""
        return _collect(self.tokens_with_terms(value, MODE_INDEX))

    def tokens_with_terms(self, value: str, mode: str) -> Iterator[TokenTerms]:
        """Each token of `value` with its weighted terms in `mode` (MODE_INDEX or MODE_QUERY)."""
        raise NotImplementedError

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[WToken]:
        t = WToken(positions, chars, removestops=removestops, mode=mode, **kwargs)
        wmode = MODE_INDEX if mode == MODE_INDEX else MODE_QUERY
        for tok, terms in self.tokens_with_terms(value, wmode):
            for term, weight in terms:
                t.text = term
                t.boost = weight
                t.stopped = False
                if keeporiginal:
                    t.original = tok.text
                if positions:
                    t.pos = start_pos + tok.pos
                if chars:
                    t.startchar = start_char + tok.start
                    t.endchar = start_char + tok.end
                yield t


class LanguageAnalyzer(_TermsTokenizer):
    """A whoosh analyzer for one language: our tokenizer plus lemma/compound expansion.

    Pickled into the index schema, so it holds only the language code; the lemmatisers are
    module-level and loaded on first use.
    """

    def __init__(self, lang: str) -> None:
        self.lang = normalise_lang(lang)

    def tokens_with_terms(self, value: str, mode: str) -> Iterator[TokenTerms]:
        return analyse(value, self.lang, mode)


class MultiLanguageAnalyzer(_TermsTokenizer):
    """Terms of every language at once, for short fields of unknown language (titles)."""

    def __init__(self) -> None:
        self.langs = ("fi", "sv", "en")

    def term_positions(self, value: str) -> TermPositions:
        # A document's title is written on each of its passages: analyse it once.
        return _title_positions(value)

    def tokens_with_terms(self, value: str, mode: str) -> Iterator[TokenTerms]:
        return multi_language_terms(value, mode)


@lru_cache(maxsize=256)
def _title_positions(value: str) -> TermPositions:
    return _collect(MultiLanguageAnalyzer().tokens_with_terms(value, MODE_INDEX))


class TermPositionsFormat(Positions):  # type: ignore[misc]
    """whoosh's `Positions` postings, filled from our analyzers' `term_positions` when it
    indexes (the same terms, positions, weights and encoding; a third of the time)."""

    def word_values(self, value: Any, analyzer: Any, **kwargs: Any) -> Iterator[Any]:
        fast = getattr(analyzer, "term_positions", None)
        if fast is None or kwargs.get("mode") != "index" or not isinstance(value, str):
            yield from super().word_values(value, analyzer, **kwargs)
            return
        boost = self.field_boost
        for term, (positions, weight) in fast(value).items():
            yield term, len(positions), weight * boost, self.encode(positions)
