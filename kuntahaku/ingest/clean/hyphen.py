"""Words broken at line ends: join them, or keep the hyphen where it belongs.

`ekosysteemisopimuk-` + `sen` is one word; `koulutus-` + `ja osaaminen` keeps its hyphen and
space; `EU-` + `rahoitus`, `Etelä-` + `Pohjanmaa`, `2025-` + `2027` and `kaava-` + `alue` keep the
hyphen; a spelling seen elsewhere in the same document settles the other cases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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
                    lex.hyphen_stems.add(f"{head.rpartition('-')[2]}-{tail[:STEM]}")
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
    if keep_hyphen(stem, head, lexicon):
        if head.lower() in CONJUNCTIONS:
            return f"{left} {right}"
        return left + right
    return left[:-1] + right


def keep_hyphen(stem: str, head: str, lexicon: Lexicon) -> bool:
    """Whether the hyphen between `stem` and `head` belongs to the text."""
    last = re.split(r"[\-\u2010\u2011]", stem)[-1] if stem else ""
    if not last or not head:
        return True
    if head.lower() in CONJUNCTIONS:
        return True
    if not last[-1].isalpha() or any(c.isdigit() for c in last):
        return True  # codes and numbers: "2025-2027", "LAPDno-2025-204"
    if (last.isupper() and len(last) <= 8) or (last.isupper() and len(last) == 1):
        return True  # acronyms: "EU-rahoitus", "TKI-toiminta"
    if head[0].isupper() or head[0].isdigit():
        return True  # "Etelä-Pohjanmaa", "Covid-19"
    joined_h = f"{last}-{head}".lower()
    joined = f"{last}{head}".lower()
    seen_hyphenated = (
        joined_h in lexicon.hyphenated or f"{last}-{head[:STEM]}".lower() in lexicon.hyphen_stems
    )
    if seen_hyphenated and joined not in lexicon.plain:
        return True
    if joined in lexicon.plain:
        return False
    # Finnish spelling: a compound whose parts meet with the same vowel takes a hyphen.
    return last[-1] == head[0] and last[-1] in VOWELS


def soft_break_joiner(stem: str, head: str) -> str:
    """What goes where pdfium marked a hyphenation point (U+0002/U+FFFE) between two parts.

    pdfium marks a hard hyphen at a line end the same way as a soft one, so the hyphen comes back
    where it belongs: `kaupunki` + `ja` -> "kaupunki- ja", `EU` + `rahoitus` -> "EU-rahoitus",
    `Etelä` + `Pohjanmaa` -> "Etelä-Pohjanmaa"; a word split at a syllable is joined.
    """
    last = re.split(r"[\-\u2010\u2011]", stem)[-1] if stem else ""
    if not last or not head:
        return ""
    if head.lower() in CONJUNCTIONS:
        return "- "
    if head[0].isupper() or head[0].isdigit() or any(c.isdigit() for c in last):
        return "-"
    if last.isupper() and len(last) > 1:
        return "-"
    return ""
