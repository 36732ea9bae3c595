"""The gazetteers, read from the data files in `kuntahaku/data/`: one `Entry` per canonical value.

Every entry has a facet, a canonical value, labels in fi/sv/en and its aliases with their language.
Regional councils are entries of both `region` (the region they serve) and `organisation`.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

FACETS = ("municipality", "region", "fund", "theme", "organisation")
TYPES = (*FACETS, "person", "money", "date")
LANGS = ("fi", "sv", "en")


@dataclass(frozen=True, eq=False)
class Entry:
    """One canonical value of a facet with its labels and aliases (text, language)."""

    facet: str
    value: str
    labels: dict[str, str]
    aliases: tuple[tuple[str, str], ...]
    strict: bool = False  # a common word or name too: never taken at the start of a sentence
    parent: str = ""  # a programme this one belongs to (Interreg Aurora -> Interreg)
    note: str = ""
    weak: frozenset[str] = frozenset()  # general terms: a theme needs two of them, or a trigger
    extra: dict[str, str] = field(default_factory=dict)


def _data_text(name: str) -> str:
    return resources.files("kuntahaku").joinpath("data", name).read_text(encoding="utf-8")


def _rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(_data_text(name).splitlines()))


def _split(value: str) -> list[str]:
    return [a.strip() for a in value.split(";") if a.strip()]


def _dedupe(aliases: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    seen: set[tuple[str, str]] = set()
    out = []
    for text, lang in aliases:
        if text and (text, lang) not in seen:
            seen.add((text, lang))
            out.append((text, lang))
    return tuple(out)


def _municipalities() -> list[Entry]:
    entries = []
    for r in _rows("municipalities.csv"):
        fi, sv = r["name_fi"], r["name_sv"]
        aliases = [(fi, "fi"), (sv, "sv")] + [(a, "fi") for a in _split(r["aliases"])]
        entries.append(
            Entry(
                "municipality",
                fi,
                {"fi": fi, "sv": sv, "en": fi},
                _dedupe(aliases),
                strict=r["strict"] == "1",
                note=r["comment"],
                extra={"code": r["code"], "wellbeing_county": r["wellbeing_county_fi"]},
            )
        )
    return entries


def _regions() -> list[Entry]:
    entries = []
    for r in _rows("regions.csv"):
        names = {"fi": r["name_fi"], "sv": r["name_sv"], "en": r["name_en"]}
        councils = {"fi": r["council_fi"], "sv": r["council_sv"], "en": r["council_en"]}
        aliases = (
            [(t, lang) for lang, t in names.items()]
            + [(t, lang) for lang, t in councils.items()]
            + [(a, "fi") for a in _split(r["aliases"])]
        )
        entries.append(
            Entry("region", r["name_fi"], names, _dedupe(aliases), extra={"code": r["code"]})
        )
        council_aliases = [(t, lang) for lang, t in councils.items()]
        entries.append(
            Entry(
                "organisation",
                r["council_fi"],
                councils,
                _dedupe(council_aliases),
                extra={"kind": "regional council"},
            )
        )
    return entries


def _organisations() -> list[Entry]:
    entries = []
    for r in _rows("organisations.csv"):
        labels = {"fi": r["id"], "sv": r["name_sv"], "en": r["name_en"]}
        aliases = [(r["id"], "fi"), (r["name_sv"], "sv"), (r["name_en"], "en")]
        aliases += [(a, "fi") for a in _split(r["aliases"])]
        extra = {"kind": r["kind"]}
        if r.get("sweden_homonym") == "1":  # its Swedish name also names Sweden's own (Riksdagen)
            extra["sweden_homonym"] = "1"
        entries.append(Entry("organisation", r["id"], labels, _dedupe(aliases), extra=extra))
    return entries


def _json(name: str, key: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = json.loads(_data_text(name))[key]
    return items


def _funds() -> list[Entry]:
    entries = []
    for f in _json("funds.json", "funds"):
        aliases = [(f["id"], "en")] + [
            (a, lang) for lang in LANGS for a in f["aliases"].get(lang, [])
        ]
        entries.append(
            Entry("fund", f["id"], dict(f["labels"]), _dedupe(aliases), parent=f.get("parent", ""))
        )
    return entries


def _themes() -> list[Entry]:
    entries = []
    for t in _json("themes.json", "themes"):
        aliases = [(t["id"], "en")] + [(t["labels"][lang], lang) for lang in LANGS]
        aliases += [(a, lang) for lang in LANGS for a in t["triggers"].get(lang, [])]
        weak = [(a, lang) for lang in LANGS for a in t.get("weak", {}).get(lang, [])]
        entries.append(
            Entry(
                "theme",
                t["id"],
                dict(t["labels"]),
                _dedupe(aliases + weak),
                weak=frozenset(a.lower() for a, _ in weak),
            )
        )
    return entries


@cache
def catalogue() -> tuple[Entry, ...]:
    """Every entry of every facet, read once per process."""
    return (*_municipalities(), *_regions(), *_organisations(), *_funds(), *_themes())


def entries(facet: str) -> list[Entry]:
    """The entries of one facet."""
    return [e for e in catalogue() if e.facet == facet]
