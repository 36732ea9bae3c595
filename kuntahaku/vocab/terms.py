"""The municipal vocabulary across languages, for query expansion: bodies
(`data/body_names.csv`) and recurring subjects of decisions (`data/decision_terms.csv`), each a
concept with its Finnish, Swedish and English names. Document types have their own names
(`doctypes`), used by `--type`; words as common as "decision" are left out, since expanding
them would add noise rather than find what was meant.

A search for `nuorisovaltuusto` can then also find `ungdomsfullmäktige` and `youth council`: the
query word is matched by its base form in each language, and the other names of its concept are
searched too (with a lower weight, and said in the results).
"""

from __future__ import annotations

import csv
import functools
from importlib import resources

LANGS = ("fi", "sv", "en")
FILES = ("body_names.csv", "decision_terms.csv")
MAX_EQUIVALENTS = 8  # names added for one query word at most


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("kuntahaku.data").joinpath(name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


@functools.lru_cache(maxsize=1)
def _concepts() -> dict[str, tuple[str, ...]]:
    """Every lower-case name -> the names of its concepts (in file order, itself included)."""
    by_name: dict[str, list[str]] = {}
    for file in FILES:
        for row in _rows(file):
            names: list[str] = []
            for lang in LANGS:
                for part in (row.get(lang) or "").split(";"):
                    name = " ".join(part.lower().split())
                    if name and name not in names:
                        names.append(name)
            for name in names:
                known = by_name.setdefault(name, [])
                known.extend(n for n in names if n not in known)
    return {name: tuple(names) for name, names in by_name.items()}


def equivalents(word: str, forms: list[str]) -> list[str]:
    """The other names of the concepts `word` names, looked up as written and by its base
    forms (`forms`, every language's readings); [] for a word outside the vocabulary."""
    concepts = _concepts()
    key = " ".join(word.lower().split())
    for candidate in (key, *forms):
        names = concepts.get(candidate)
        if names:
            found = [n for n in names if n != key and n != candidate]
            return found[:MAX_EQUIVALENTS]
    return []
