"""Document types with their Finnish, Swedish and English names (`data/doc_type_names.csv`).

`--type` accepts any of a type's names in any case; `doc_type_label` gives the name to show.
"""

from __future__ import annotations

import csv
import difflib
import functools
from dataclasses import dataclass
from importlib import resources

from kuntahaku.errors import UnknownFacetValue

LANGS = ("fi", "sv", "en")


@dataclass(frozen=True)
class DocType:
    """One document type: its id, a label per language, and every name a user may type."""

    id: str
    labels: dict[str, str]
    names: tuple[str, ...]


@functools.lru_cache(maxsize=1)
def _types() -> tuple[DocType, ...]:
    text = resources.files("kuntahaku.data").joinpath("doc_type_names.csv").read_text("utf-8")
    types = []
    for row in csv.DictReader(text.splitlines()):
        labels = {lang: row[f"label_{lang}"] for lang in LANGS}
        aliases = [a.strip() for a in row["aliases"].split(";") if a.strip()]
        every = (row["doc_type"], *labels.values(), *aliases)
        names = tuple(dict.fromkeys(n.lower() for n in every))
        types.append(DocType(row["doc_type"], labels, names))
    return tuple(types)


DOC_TYPES: tuple[str, ...] = tuple(t.id for t in _types())


@functools.lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    return {name: t.id for t in _types() for name in (*t.names, t.id.replace("_", " "))}


def resolve_doc_type(value: str) -> str:
    """The type id (`minutes`, `financial_statement`, ...) for any of its names in fi/sv/en."""
    key = " ".join(value.strip().lower().replace("_", " ").split())
    aliases = _aliases()
    if key in aliases:
        return aliases[key]
    close = difflib.get_close_matches(key, list(aliases), n=3, cutoff=0.6)
    raise UnknownFacetValue("type", value, close or list(DOC_TYPES))


def type_names(doc_type: str) -> frozenset[str]:
    """Every lower-case name of a type in fi/sv/en ("kokouskutsu", "esityslista", ...)."""
    return frozenset(n for t in _types() if t.id == doc_type for n in t.names)


def doc_type_label(doc_type: str, lang: str = "en") -> str:
    """The name of a type in `lang` (fi, sv, en); the id itself for an unknown type."""
    for t in _types():
        if t.id == doc_type:
            return t.labels.get(lang) or t.labels["en"]
    return doc_type


# Types that are kinds of a broader one: a financial statement and a budget are reports, so a
# filter on reports should also find them.
BROADER: dict[str, str] = {
    "financial_statement": "report",
    "budget": "report",
    "strategy": "report",
}


def narrower_types(doc_type: str) -> tuple[str, ...]:
    """The type and every type that is a kind of it: report -> report, financial_statement,
    budget, strategy. What a `--type` filter on `doc_type` should match."""
    return (doc_type, *(t for t, broader in BROADER.items() if broader == doc_type))
