"""Word analysis for the taggers: base forms, compound parts and name classes of one word.

Finnish uses Voikko (every analysis' BASEFORM, so "Porissa" gives both Pori and pora, and compound
parts from WORDBASES); without Voikko, and for Swedish and English, simplemma gives one lemma and
no compound parts. Results are cached per process: tagging sees the same words again and again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kuntahaku.text.lemmas import simplemma_lemma, voikko_available, voikko_readings

# Word classes that a surname never has (adjectives are left out: Haverinen, Virtanen).
_COMMON_CLASSES = {
    "nimisana",
    "teonsana",
    "seikkasana",
    "asemosana",
    "suhdesana",
    "sidesana",
    "kieltosana",
    "lukusana",
    "nimi",
}
_NAME_CLASSES = {"etunimi", "sukunimi", "paikannimi", "nimi"}
_WORDBASE = re.compile(r"\(([^()+][^()]*)\)")


@dataclass(frozen=True)
class WordInfo:
    """What the analyser knows about one surface word (lower-cased lemmas)."""

    lemmas: frozenset[str]
    parts: frozenset[str] = frozenset()  # compound parts (Finnish, Voikko only)
    first_name: bool = False  # a reading as a first name (Voikko class etunimi)
    known: bool = False  # the analyser recognised the word
    common: bool = False  # Voikko knows the word only as a noun, verb or particle (no name)
    places: frozenset[str] = frozenset()  # base forms of its place-name readings (paikannimi)
    first_base: str = ""  # base form of its first-name reading ("Riinan" -> "Riina")
    surname_base: str = ""  # base form of its surname, else place-name reading ("Kerolan")
    surname: bool = False  # a reading as a surname (Voikko class sukunimi)
    name_only: bool = False  # every reading is a proper name ("Juha"; not "Anna", also a verb)


@lru_cache(maxsize=200_000)
def analyze(word: str, lang: str) -> WordInfo:
    """Base forms, compound parts and first-name reading of `word` in language `lang`
    (nothing for "")."""
    if not word:
        return WordInfo(frozenset())
    if lang == "fi" and voikko_available():
        return _analyze_voikko(word)
    return _analyze_simplemma(word, lang if lang in ("fi", "sv", "en") else "en")


def _analyze_voikko(word: str) -> WordInfo:
    lemmas: set[str] = set()
    parts: set[str] = set()
    first_name = False
    common = True
    places: set[str] = set()
    names: dict[str, str] = {}  # name class -> base form of its first reading
    analyses = voikko_readings(word)
    for a in analyses:
        base = a.baseform
        if base:
            lemmas.add(base.lower())
            if a.cls in ("etunimi", "sukunimi", "paikannimi"):
                names.setdefault(a.cls, base)
        if a.cls == "etunimi":
            first_name = True
        if a.cls == "paikannimi" and base:
            places.add(base.lower())
        if a.cls not in _COMMON_CLASSES:
            common = False
        bases = _WORDBASE.findall(a.wordbases)
        if len(bases) > 1:
            parts.update(b.lower() for b in bases)
    known = bool(analyses)
    return WordInfo(
        frozenset(lemmas),
        frozenset(parts - lemmas),
        first_name,
        known,
        known and common,
        frozenset(places),
        names.get("etunimi", ""),
        names.get("sukunimi") or names.get("paikannimi", ""),
        "sukunimi" in names,
        known and all(a.cls in _NAME_CLASSES for a in analyses),
    )


def _analyze_simplemma(word: str, lang: str) -> WordInfo:
    lemma = simplemma_lemma(word, lang)
    return WordInfo(frozenset({lemma}), known=lemma != word.lower())
