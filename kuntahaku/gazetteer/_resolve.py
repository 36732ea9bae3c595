"""Facet values for filters: any alias (any case, language, inflection) to its canonical value.

Inflected values ("Espoon", "kiertotalouden", "Pohjois-Savon liiton") are read with the word
analysis of `kuntahaku.text` (Voikko or simplemma base forms, case endings stripped), never with
the tagging pipeline: resolving a filter must not load spaCy.
"""

from __future__ import annotations

import difflib
import re
from functools import cache, lru_cache

from kuntahaku.errors import UnknownEntityType, UnknownFacetValue
from kuntahaku.gazetteer._data import FACETS, LANGS, Entry, entries
from kuntahaku.gazetteer._orgforms import organisation_value
from kuntahaku.text.lemmas import lemmas

_FI_CASES = "n a ä ta tä na nä ssa ssä sta stä lla llä lta ltä lle ksi in iin ineen han hin"
_ENDINGS = sorted(
    {e for c in _FI_CASES.split() for e in (c, "i" + c)} | {"ens", "ets", "s", "en", "et"},
    key=len,
    reverse=True,
)
_COLON_SUFFIX = re.compile(r"^(.+?):(\w{1,5})$")  # EU:n, VTT:n, Oy:n
_PUNCT = ".,;:!?()[]{}\"'«»”“"


# Facets whose values are another facet's entries: the issuing municipality is a municipality.
VALUES_OF = {"issuer": "municipality"}


def check_facet(facet: str) -> None:
    """Raise UnknownEntityType unless `facet` is one of FACETS."""
    if facet not in FACETS:
        raise UnknownEntityType(facet, FACETS)


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


@cache
def _aliases(facet: str) -> dict[str, Entry]:
    """Lower-cased alias, label and value -> entry (the first entry wins on a clash)."""
    index: dict[str, Entry] = {}
    for entry in entries(facet):
        names = [entry.value, *entry.labels.values(), *(a for a, _ in entry.aliases)]
        for name in names:
            index.setdefault(_norm(name), entry)
    return index


def entry_for(facet: str, value: str) -> Entry:
    """The entry a filter value names; UnknownFacetValue with close matches when none does."""
    kind = VALUES_OF.get(facet, facet)
    check_facet(kind)
    key = _norm(value)
    found = _aliases(kind).get(key)
    if found is not None:
        return found
    for text in dict.fromkeys([value.strip(), _without_generic_word(value)]):
        inflected = _by_base_forms(kind, text)
        if inflected is not None:
            return inflected
    close = difflib.get_close_matches(key, list(_aliases(kind)), n=8, cutoff=0.6)
    suggestions: list[str] = []
    for alias in close:
        canonical = _aliases(kind)[alias].value
        if canonical not in suggestions:
            suggestions.append(canonical)
    raise UnknownFacetValue(kind, value, suggestions[:5])


def resolve(facet: str, value: str) -> str:
    """The canonical value of a facet for any alias in any case and language.

    An organisation outside the catalogue that the tagger recognises by its form ("Sweco Oy",
    "Lapuan Yrittäjät ry", "Koneen Säätiö") is its own canonical value. Raises
    `UnknownFacetValue` (with close matches) for a value that names nothing.
    """
    try:
        return entry_for(facet, value).value
    except UnknownFacetValue:
        if facet == "organisation":
            named = organisation_value(value.split())
            if named:
                return named
        raise


_GENERIC = {
    "kaupunki",
    "kaupungin",
    "kunta",
    "kunnan",
    "stad",
    "stads",
    "kommun",
    "kommuns",
    "city",
    "town",
    "municipality",
    "of",
}


def _without_generic_word(value: str) -> str:
    """ "Espoon kaupunki" -> "Espoon", "Nykarleby stad" -> "Nykarleby", "City of Oulu" -> "Oulu"."""
    return " ".join(w for w in value.split() if w.lower() not in _GENERIC)


@lru_cache(maxsize=4096)
def _word_keys(word: str) -> frozenset[str]:
    """What one word of a filter value may stand for: its surface, base forms in every
    language, stems left by a case ending, and for a hyphen compound the head with the tail's
    base form ("Pohjois-Savon" -> pohjois-savo)."""
    core = word.strip(_PUNCT)
    colon = _COLON_SUFFIX.match(core)
    if colon:
        core = colon.group(1)
    low = core.lower()
    keys = {word.lower(), low}
    for lang in LANGS:
        keys.update(lemmas(core, lang))
    keys.update(low[: -len(e)] for e in _ENDINGS if low.endswith(e) and len(low) - len(e) >= 3)
    if "-" in low.strip("-"):
        head, tail = low.split("-", 1)
        keys.update(f"{head}-{lemma}" for lemma in lemmas(tail, "fi"))
        keys.update(f"{head}-{t}" for t in _word_keys(tail) if "-" not in t)
    return frozenset(k for k in keys if k)


@cache
def _multi_word(facet: str) -> dict[int, list[tuple[tuple[frozenset[str], ...], Entry]]]:
    """Aliases of two or more words by length: per word its lower-case form and base forms."""
    out: dict[int, list[tuple[tuple[frozenset[str], ...], Entry]]] = {}
    for entry in entries(facet):
        for alias, lang in entry.aliases:
            words = alias.split()
            if len(words) < 2:
                continue
            keys = tuple(frozenset({w.lower(), *lemmas(w, lang)}) for w in words)
            out.setdefault(len(words), []).append((keys, entry))
    return out


def _by_base_forms(facet: str, value: str) -> Entry | None:
    """An inflected alias: every word of the value stands for the alias word at its place."""
    words = value.split()
    if not words:
        return None
    if len(words) == 1:
        index = _aliases(facet)
        for key in sorted(_word_keys(words[0]), key=len, reverse=True):
            if key in index:
                return index[key]
        return None
    value_keys = [_word_keys(w) for w in words]
    for alias_keys, entry in _multi_word(facet).get(len(words), []):
        if all(v & a for v, a in zip(value_keys, alias_keys, strict=True)):
            return entry
    return None
