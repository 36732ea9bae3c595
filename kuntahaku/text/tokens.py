"""Word tokens of running text, with offsets: the one tokenizer used for indexing and snippets.

A token is a run of letters and digits, optionally joined by hyphens (`RRF-rahoitusta`, or
`Luula-` + line break + `jan`, a word broken across lines) and optionally ending in a colon
inflection (`EU:n`, `ALV:ssa`), dropped from `word`. A leading hyphen (`-osuuskuntaan`) is not
part of a token.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_HYPHENS = "-\u2010\u2011"
# A hyphen at a line end followed (after up to one blank line) by a lower-case letter is a word
# broken across lines, as in `Luula-` + newline + newline + `jan`: it stays one token.
_LINE_BREAK = r"[ \t]*\r?\n(?:[ \t]*\r?\n)?[ \t]*(?=[a-zåäöüéà])"
# A token (also scanned directly where no `Token` objects are needed: snippets).
WORD = re.compile(
    rf"[^\W_]+(?:[{_HYPHENS}](?:{_LINE_BREAK})?[^\W_]+)*(?::[^\W\d_]{{1,4}}(?![^\W_]))?"
)
_COLON_SUFFIX = re.compile(r":[^\W\d_]{1,4}$")
_HYPHEN_SPLIT = re.compile(rf"[{_HYPHENS}]\s*")
_HYPHEN_CHARS = frozenset(_HYPHENS)


@dataclass(frozen=True)
class Token:
    """A word as written (`text`), its character span, position, and hyphen-separated pieces."""

    text: str
    start: int
    end: int
    pos: int

    # Plain properties with a fast path: computing them is cheaper than `cached_property`,
    # which takes a lock on every first access (one per token of every indexed passage).
    @property
    def word(self) -> str:
        """The word without a colon inflection: `EU:n` -> `EU`."""
        text = self.text
        return _COLON_SUFFIX.sub("", text) if ":" in text else text

    @property
    def pieces(self) -> list[str]:
        """Hyphen-separated pieces of the word (one piece when there is no hyphen)."""
        word = self.word
        if _HYPHEN_CHARS.isdisjoint(word):
            return [word] if word else []
        return [p for p in _HYPHEN_SPLIT.split(word) if p]


def tokenize(text: str) -> Iterator[Token]:
    """Tokens of `text` in order, numbered from 0."""
    for pos, m in enumerate(WORD.finditer(text)):
        yield Token(m.group(0), m.start(), m.end(), pos)


def word_spans(text: str) -> Iterator[tuple[str, int, int]]:
    """(text, start, end) of each token of `text` in order: `tokenize` without the objects,
    for analysing a whole passage for the index."""
    for m in WORD.finditer(text):
        yield m.group(0), m.start(), m.end()
