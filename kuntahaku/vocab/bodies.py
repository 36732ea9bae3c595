"""Deciding bodies across languages (`data/body_names.csv`): one concept, its fi/sv/en names.

A city board is `kaupunginhallitus` in Lapua, `kunnanhallitus` in a kunta, `stadsstyrelsen` in
Nykarleby and `kommunstyrelsen` in Högsby: a filter on any of these names finds them all.
"""

from __future__ import annotations

import csv
import functools
from importlib import resources

LANGS = ("fi", "sv", "en")


@functools.lru_cache(maxsize=1)
def _concepts() -> dict[str, frozenset[str]]:
    """Every lower-case name -> all names of its concept (itself included)."""
    text = resources.files("kuntahaku.data").joinpath("body_names.csv").read_text("utf-8")
    by_name: dict[str, frozenset[str]] = {}
    for row in csv.DictReader(text.splitlines()):
        names = frozenset(
            n.strip().lower() for lang in LANGS for n in (row[lang] or "").split(";") if n.strip()
        )
        for name in names | {row["concept"].lower()}:
            by_name[name] = by_name.get(name, frozenset()) | names
    return by_name


def body_equivalents(name: str) -> frozenset[str]:
    """The names of the same body in Finnish, Swedish and English (the name alone if unknown)."""
    key = " ".join(name.lower().split())
    return _concepts().get(key, frozenset({key}))
