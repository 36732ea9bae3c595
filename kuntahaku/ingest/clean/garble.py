"""Dictionary-free test for a garbled text layer (wrong glyph-to-Unicode maps, lost ligatures).

Broken Swedish layers read "tll" for "till", "fnska" for "finska", "protokojjet" for
"protokollet": lower-case words without a vowel, words that begin with a consonant cluster no
Finnish or Swedish word begins with, and doubled letters neither language doubles. A page where
such words are frequent and varied is flagged; URLs, e-mail addresses and common abbreviations
are ignored first.
"""

from __future__ import annotations

import re
from functools import lru_cache

VOWELS = frozenset("aeiouyåäöéüá")
# Consonant clusters that start Finnish, Swedish or common loan words.
ONSETS = frozenset(
    [
        "bl",
        "br",
        "dr",
        "dv",
        "fl",
        "fr",
        "gl",
        "gn",
        "gr",
        "kl",
        "kn",
        "kr",
        "kv",
        "pl",
        "pr",
        "ps",
        "sk",
        "sl",
        "sm",
        "sn",
        "sp",
        "st",
        "sv",
        "sj",
        "sh",
        "sch",
        "scr",
        "skr",
        "spr",
        "str",
        "skj",
        "stj",
        "sc",
        "cl",
        "tj",
        "tr",
        "tv",
        "th",
        "ch",
        "ph",
        "pf",
        "wr",
        "kh",
        "gj",
        "bj",
        "hj",
        "dj",
        "lj",
        "mj",
        "nj",
    ]
)
NON_WORDS = frozenset(
    [
        "pdf",
        "www",
        "http",
        "https",
        "xml",
        "xmlns",
        "xhtml",
        "xsi",
        "php",
        "html",
        "htm",
        "tbody",
        "thead",
        "tr",
        "td",
        "th",
        "jne",
        "kpl",
        "vrk",
        "dvs",
        "mfl",
        "etc",
        "std",
        "tfn",
        "tel",
        "ssk",
        "mrd",
        "milj",
        "mkr",
        "kr",
        "st",
        "ym",
        "yms",
        "tms",
        "nro",
        "lkm",
        "mrk",
        "vrt",
        "ks",
    ]
)
MIN_WORDS = 12
MAX_BAD_SHARE = 0.04
MIN_DISTINCT_BAD = 3
_URL = re.compile(r"\S+@\S+|\b(?:https?://|www\.)\S+|\S+\.(?:fi|se|com|pdf|docx?|html?)\b", re.I)
_WORD = re.compile(r"(?<![\w\-:./@])[a-zåäöéüá]{3,}(?![\w\-:./@])")
_ONSET = re.compile(r"^[^aeiouyåäöéüá]+")


@lru_cache(maxsize=100_000)
def suspicious(word: str) -> bool:
    """A lower-case word no Finnish or Swedish text should contain."""
    if word in NON_WORDS or len(set(word)) == 1:
        return False
    if not set(word) & VOWELS:
        return True
    if "jj" in word:
        return True
    onset = _ONSET.match(word)
    if onset and len(onset.group()) >= 2:
        head = onset.group()
        return not any(head.startswith(o) and len(head) <= len(o) + 1 for o in ONSETS)
    return False


def garbled_words(text: str) -> tuple[int, list[str]]:
    """How many lower-case words the text has, and which of them look garbled."""
    words = _WORD.findall(_URL.sub(" ", text))
    return len(words), [w for w in words if suspicious(w)]


def is_garbled(text: str) -> bool:
    """True when garbled words are both frequent and varied on a page."""
    total, bad = garbled_words(text)
    if total < MIN_WORDS:
        return False
    return len(bad) > MAX_BAD_SHARE * total and len(set(bad)) >= MIN_DISTINCT_BAD
