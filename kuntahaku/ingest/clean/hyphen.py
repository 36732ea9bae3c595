"""Words broken at line ends: join them, or keep the hyphen where it belongs.

`ekosysteemisopimuk-` + `sen` is one word; `koulutus-` + `ja osaaminen` keeps its hyphen and
space; `EU-` + `rahoitus`, `Etelä-` + `Pohjanmaa`, `2025-` + `2027` and `kaava-` + `alue` keep the
hyphen; a spelling seen elsewhere in the same document settles the other cases.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

import simplemma

from kuntahaku.text.lemmas import is_known, voikko_available, voikko_readings

HYPHENS = "-\u2010\u2011"
_HYPHEN_SET = frozenset(HYPHENS)
# Words after which a trailing hyphen is a suspended compound ("koulutus- ja osaamis...").
CONJUNCTIONS = frozenset(
    [
        "ja",
        "tai",
        "sekä",
        "eli",
        "ynnä",
        "taikka",
        "kuin",
        "och",
        "eller",
        "samt",
        "men",
        "respektive",
        "resp",
        "and",
        "or",
    ]
)
VOWELS = frozenset("aeiouyåäöAEIOUYÅÄÖ")
STEM = 5  # letters of a compound's second part compared, so that inflected forms match
_TOKEN = re.compile(r"[\w\-\u2010\u2011]+")
_LAST_WORD = re.compile(r"([\w\-\u2010\u2011]*)[\-\u2010\u2011]$")
_FIRST_WORD = re.compile(r"^[\w\-\u2010\u2011]+")


@dataclass
class Lexicon:
    """The spellings a document uses, lower-cased: hyphenated compounds and plain words."""

    hyphenated: set[str] = field(default_factory=set)
    plain: set[str] = field(default_factory=set)
    # "palvelukehitys-vast": first part and the start of the second, so inflected forms match
    hyphen_stems: set[str] = field(default_factory=set)
    # first parts written before a hyphen inside a word ("senaatti" of "Senaatti-kiinteistöt")
    hyphen_heads: set[str] = field(default_factory=set)
    _sorted_plain: list[str] = field(default_factory=list, repr=False)

    def compounds_with(self, head: str) -> bool:
        """Whether some plain word of the document starts with `head` and goes on for more
        than a syllable ("senaattikiinteistöt" for "senaatti")."""
        if len(self._sorted_plain) != len(self.plain):
            self._sorted_plain = sorted(self.plain)
        i = bisect.bisect_right(self._sorted_plain, head)
        while i < len(self._sorted_plain) and self._sorted_plain[i].startswith(head):
            if len(self._sorted_plain[i]) > len(head) + 2:
                return True
            i += 1
        return False

    @classmethod
    def from_lines(cls, lines: list[str]) -> Lexicon:
        """Collect the words of every line; words broken at a line end are not counted."""
        lex = cls()
        for line in lines:
            for token in _TOKEN.findall(line.rstrip("-\u2010\u2011\u00ad")):
                token = token.lower().strip("-\u2010\u2011")
                if not token:
                    continue
                if not _HYPHEN_SET.isdisjoint(token):
                    token = re.sub("[\u2010\u2011]", "-", token)
                    lex.hyphenated.add(token)
                    head, _, tail = token.rpartition("-")
                    first = head.rpartition("-")[2]
                    lex.hyphen_stems.add(f"{first}-{tail[:STEM]}")
                    if tail and tail[0].isalpha():
                        lex.hyphen_heads.add(first)
                else:
                    lex.plain.add(token)
        return lex


def ends_with_hyphen(text: str) -> bool:
    """A line that ends in a hyphen right after a letter or digit (not a dash on its own)."""
    return len(text) >= 2 and text[-1] in HYPHENS and text[-2].isalnum()


def join_hyphenated(left: str, right: str, lexicon: Lexicon) -> str:
    """Join `left` (ending in a hyphen) and the next line `right`, deciding about the hyphen."""
    match = _LAST_WORD.search(left)
    stem = match.group(1) if match else ""
    first = _FIRST_WORD.match(right)
    head = first.group(0) if first else ""
    joiner = decide(stem, head, lexicon, soft=False)
    if joiner == "- ":
        return f"{left} {right}"
    if joiner:
        return left + right
    return left[:-1] + right


def join_spaced_hyphen(left: str, right: str) -> str:
    """Join a line ending in " -" to the next, lower-case one: a word broken with a stray space
    ("vaikut -" + "tavan") is joined, a name's suffix compound ("Kestävät kunnat -" + "hanke",
    "HCT -" + "liikenteen") keeps its hyphen; anything else stays two words."""
    stem = left[:-2].rsplit(" ", 1)[-1]
    match = re.match(r"[^\W\d_]+", right)
    head = match.group() if match else ""
    if stem.isalpha() and head and is_word(stem + head):
        return left[:-2] + right
    if head and is_common_word(head):
        return left + right
    return f"{left} {right}"


def keep_hyphen(stem: str, head: str, lexicon: Lexicon) -> bool:
    """Whether the hyphen between `stem` and `head` belongs to the text."""
    return decide(stem, head, lexicon, soft=False) != ""


def soft_break_joiner(stem: str, head: str, lexicon: Lexicon | None = None) -> str:
    """What goes where pdfium marked a hyphenation point (U+0002/U+FFFE) between two parts.

    pdfium marks a hard hyphen at a line end the same way as a soft one, so the hyphen comes back
    where it belongs: `kaupunki` + `ja` -> "kaupunki- ja", `EU` + `rahoitus` -> "EU-rahoitus",
    `Etelä` + `Pohjanmaa` -> "Etelä-Pohjanmaa"; a word split at a syllable is joined.
    """
    return decide(stem, head, lexicon or Lexicon(), soft=True)


def decide(stem: str, head: str, lexicon: Lexicon, soft: bool) -> str:
    """What joins `stem` and `head` across a line-end break: "" (one word), "-" or "- ".

    `soft` is a break the producer marked as a hyphenation point, where joining is the default;
    a printed hyphen (`soft=False`) is also joined unless something says it belongs. Case alone
    decides nothing: the document's own spellings and the dictionaries do ("Suo-" + "men" is
    "Suomen", "Kaikukortti-" + "alueilla" keeps its hyphen where the document writes it so).
    """
    last = re.split(r"[\-\u2010\u2011]", stem)[-1] if stem else ""
    if not last or not head:
        return "" if soft else "-"
    word = re.match(r"[^\W\d_]+", head)
    bare = word.group() if word else ""
    low = head.lower()
    if low in CONJUNCTIONS:
        # "men" is a Swedish conjunction and a Finnish ending: "Suo-" + "men" is one word
        if low in AMBIGUOUS_CONJUNCTIONS and is_word(last + head):
            return ""
        return "- "
    if not last[-1].isalpha() or any(c.isdigit() for c in last) or head[0].isdigit():
        return "-"  # codes and numbers: "2025-2027", "LAPDno-2025-204", "Covid-19"
    if _acronym(last) and (len(last) > 1 or not soft):
        if head.isupper() and len(last) > ACRONYM_MAX and is_word(last + head):
            return ""  # a capitalised heading broken at a syllable: "KEHITTÄMIS-" "SUUNNITELMA"
        return "-"  # acronyms: "EU-rahoitus", "TKI-toiminta", "T&K-rahoitus"
    if head[0].isupper():
        return "-"  # "Etelä-Pohjanmaa", "Kaakkois-Suomi"
    evidence = _document_says(last, bare or head, lexicon)
    if evidence is not None:
        return "-" if evidence else ""
    joined, joined_h = last + bare, f"{last}-{bare}"
    if bare and is_word(joined):
        return ""
    if bare and not soft and is_word(joined_h):
        return "-"  # "tasa-arvo", "hallinto-oikeus" (Voikko takes most X-Y, so printed only)
    if bare and last[-1] == bare[0] and last[-1] in VOWELS:
        return "-"  # Finnish spelling: parts that meet with the same vowel take a hyphen
    if not soft and _name_then_word(last, bare):
        return "-"  # "Sotkanet-" + "tietopankki"
    return ""


AMBIGUOUS_CONJUNCTIONS = frozenset(["men"])
ACRONYM_MAX = 8  # longest all-capital first part taken for an acronym ("EU", "ELY", "SIXNET")
_NAME_CLASSES = frozenset({"etunimi", "sukunimi", "nimi"})


def _acronym(last: str) -> bool:
    """An abbreviation written in capitals, with `&` allowed: EU, TKI, T&K, LVI."""
    letters = last.replace("&", "")
    return bool(letters) and letters.isupper() and len(last) <= ACRONYM_MAX


def _document_says(last: str, head: str, lexicon: Lexicon) -> bool | None:
    """True when the document writes this compound (or first part) with a hyphen and never
    without, False when it writes it as one word, None when it does not tell."""
    joined_h = f"{last}-{head}".lower()
    joined = f"{last}{head}".lower()
    if joined in lexicon.plain and joined_h not in lexicon.hyphenated:
        return False
    seen = joined_h in lexicon.hyphenated or f"{last}-{head[:STEM]}".lower() in lexicon.hyphen_stems
    if seen and joined not in lexicon.plain:
        return True
    if last.lower() in lexicon.hyphen_heads and not lexicon.compounds_with(last.lower()):
        return True  # "Senaatti-kiinteistöt", "Senaatti-konserni": this name takes a hyphen
    return None


def _name_then_word(last: str, head: str) -> bool:
    """A capitalised first part that is no common word of its own (a name, a brand) followed
    by a common word: "Sotkanet-tietopankki", "Kaikukortti-verkosto"."""
    if not head or not last[0].isupper() or len(last) < 3:
        return False
    return is_common_word(head) and not is_common_word(last.lower())


@lru_cache(maxsize=50_000)
def is_word(word: str) -> bool:
    """Whether Finnish (Voikko, else simplemma) or Swedish knows this word in any reading."""
    if not word or not any(c.isalpha() for c in word):
        return False
    if voikko_available():
        if voikko_readings(word):
            return True
    elif simplemma.is_known(word, "fi"):
        return True
    return word.isalpha() and is_known(word, "sv")


@lru_cache(maxsize=50_000)
def is_common_word(word: str) -> bool:
    """A known word that is not only a given name or a surname ("jan", "men" are not)."""
    if not word.isalpha():
        return False
    if voikko_available():
        readings = voikko_readings(word)
        if any(r.cls not in _NAME_CLASSES for r in readings):
            return True
    elif simplemma.is_known(word, "fi"):
        return True
    return is_known(word, "sv")
