"""Facet values for filters: any alias (any case, language, inflection) to its canonical value."""

from __future__ import annotations

import difflib
from functools import cache

from kuntahaku.errors import UnknownEntityType, UnknownFacetValue
from kuntahaku.ingest.entities._data import FACETS, Entry, entries


def check_facet(facet: str) -> None:
    """Raise UnknownEntityType unless `facet` is one of FACETS."""
    if facet not in FACETS:
        raise UnknownEntityType(facet, FACETS)


@cache
def _aliases(facet: str) -> dict[str, Entry]:
    """Lower-cased alias, label and value -> entry (the first entry wins on a clash)."""
    index: dict[str, Entry] = {}
    for entry in entries(facet):
        names = [entry.value, *entry.labels.values(), *(a for a, _ in entry.aliases)]
        for name in names:
            index.setdefault(" ".join(name.lower().split()), entry)
    return index


def entry_for(facet: str, value: str) -> Entry:
    """The entry a filter value names; UnknownFacetValue with close matches when none does."""
    check_facet(facet)
    key = " ".join(value.lower().split())
    found = _aliases(facet).get(key)
    if found is not None:
        return found
    for text in dict.fromkeys([value.strip(), _without_generic_word(value)]):
        tagged = _by_tagging(facet, text)
        if tagged is not None:
            return tagged
    close = difflib.get_close_matches(key, list(_aliases(facet)), n=8, cutoff=0.6)
    suggestions: list[str] = []
    for alias in close:
        canonical = _aliases(facet)[alias].value
        if canonical not in suggestions:
            suggestions.append(canonical)
    raise UnknownFacetValue(facet, value, suggestions[:5])


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


def _by_tagging(facet: str, value: str) -> Entry | None:
    """An inflected alias ("Espoon", "kiertotalouden"): tag it and take a hit covering it all."""
    from kuntahaku.ingest.entities._pipeline import LANGS, pipeline

    if not value:
        return None
    variants = dict.fromkeys([value, value[:1].upper() + value[1:], value.upper()])
    for text in variants:
        for lang in LANGS:
            doc = pipeline(lang)(text)
            for span in doc.spans["kuntahaku"]:
                if span.label_ == facet and span.start_char == 0 and span.end_char == len(text):
                    return next(e for e in entries(facet) if e.value == span.kb_id_)
    return None
