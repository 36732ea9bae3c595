"""Is an OCR reading language? The share of its words a dictionary knows, and its confidence.

A page OCRed the wrong way up, a map, a photo or a drawing gives Tesseract words all the same:
fragments such as "ee", "—", "Sc", "iNN". Such a reading is not indexed as text. The words are
checked in the language the page was read in (Voikko for Finnish, simplemma without it; the
Swedish lexicon for Swedish), words of three letters or more only, so that page numbers,
initials and stray marks count for nothing either way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import simplemma

from kuntahaku.text.lemmas import is_known, voikko_available, voikko_readings

MIN_WORDS = 8  # fewer checked words than this: too little to judge, the page is kept
MIN_KNOWN_SHARE = 0.5
MIN_CONFIDENCE = 45.0  # Tesseract's mean word confidence, 0-100
MIN_LETTERS = 3
_LETTERS = re.compile(r"^[\W\d_]*([^\W\d_]+(?:-[^\W\d_]+)*)[\W\d_]*$")


@dataclass(frozen=True)
class Verdict:
    """Whether a reading is language, and the figures that say so."""

    readable: bool
    checked: int  # words of MIN_LETTERS letters or more
    known_share: float
    confidence: float

    @property
    def reason(self) -> str:
        """One line for a warning: what was measured against what was needed."""
        return (
            f"{self.known_share:.0%} of {self.checked} words known (needs "
            f"{MIN_KNOWN_SHARE:.0%}), mean confidence {self.confidence:.0f} "
            f"(needs {MIN_CONFIDENCE:.0f})"
        )


def checked_words(words: list[str]) -> list[str]:
    """The words worth looking up: letters only (punctuation around them removed)."""
    out: list[str] = []
    for word in words:
        match = _LETTERS.match(word)
        if match and len(match.group(1)) >= MIN_LETTERS:
            out.append(match.group(1))
    return out


@lru_cache(maxsize=100_000)
def known(word: str, lang: str) -> bool:
    """Whether the dictionary of `lang` knows a word (as written, or lower-cased)."""
    if lang == "sv":
        return is_known(word, "sv") or is_known(word.lower(), "sv")
    if voikko_available():
        return bool(voikko_readings(word)) or bool(voikko_readings(word.lower()))
    return simplemma.is_known(word, "fi") or simplemma.is_known(word.lower(), "fi")


def known_share(words: list[str], lang: str) -> float:
    """Share of the checked words the dictionary knows (0.0 without any)."""
    checked = checked_words(words)
    if not checked:
        return 0.0
    return sum(1 for w in checked if known(w, lang)) / len(checked)


def judge(words: list[str], lang: str, confidence: float) -> Verdict:
    """The verdict on one reading: language unless many words and few known, or unsure."""
    checked = checked_words(words)
    share = known_share(words, lang)
    readable = len(checked) < MIN_WORDS or (
        share >= MIN_KNOWN_SHARE and confidence >= MIN_CONFIDENCE
    )
    return Verdict(readable, len(checked), share, confidence)


def readable(words: list[str], lang: str, confidence: float) -> bool:
    """Shortcut of `judge(...).readable`."""
    return judge(words, lang, confidence).readable
