"""Entity data and alias resolution: the gazetteers of `kuntahaku/data/` and `resolve`.

It sits below both ingestion (whose entity stage tags passages with these entries) and search
(whose filters accept any alias of a value), so that neither imports the other. Nothing here
loads spaCy: resolving a filter value reads the data files and, for an inflected value, the word
analysis of `kuntahaku.text`.
"""

from __future__ import annotations

from kuntahaku.gazetteer._data import FACETS, LANGS, TYPES, Entry, catalogue, entries
from kuntahaku.gazetteer._orgforms import legal_form, organisation_value
from kuntahaku.gazetteer._resolve import check_facet, entry_for, resolve

__all__ = [
    "FACETS",
    "LANGS",
    "TYPES",
    "Entry",
    "catalogue",
    "check_facet",
    "entries",
    "entry_for",
    "known_values",
    "label",
    "legal_form",
    "organisation_value",
    "resolve",
    "theme_terms",
]


def known_values(facet: str) -> list[str]:
    """Every canonical value of a facet, sorted."""
    check_facet(facet)
    return sorted(e.value for e in entries(facet))


def theme_terms(theme: str) -> list[str]:
    """Labels and trigger terms of a theme (any alias of it) in every language."""
    entry = entry_for("theme", theme)
    return list(dict.fromkeys(a for a, _ in entry.aliases))


def label(facet: str, value: str, lang: str) -> str:
    """The display label of a canonical value in a language (fi, sv or en)."""
    entry = entry_for(facet, value)
    return entry.labels.get(lang) or entry.value
