"""Diary (record) numbers of Finnish and Swedish case management systems: HEL 2020-010811,
VD/1545/00.04.00/2017, OUKA/1472/02.02.02/2017, LAPDno-2025-204, Dnro 123/00.00.00/2024,
Dnr KS 2006/123, DNR:KF/2006.366."""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterable
from importlib import resources

from kuntahaku.ingest.metadata._lines import Line

DIARY_RE = re.compile(
    r"\b(?:"
    # Helsinki Ahjo: HEL 2024-009117
    r"HEL\s?\d{4}-\d{6}"
    # prefix/serial/classification/year: VD/1545/00.04.00/2017, NKBY/130/12.03.00/2023
    r"|[A-ZÅÄÖ]{2,6}/\d{1,6}/\d{2}(?:\.\d{2}){1,4}/\d{4}"
    # Lapua-style: LAPDno-2025-204
    r"|[A-ZÅÄÖ]{2,6}Dno-\d{4}-\d{1,6}"
    # Espoo-style: ESP 1234/2017 or ESP-2017-1234
    r"|ESP[\s-]\d{1,6}/\d{4}|ESP-\d{4}-\d{1,6}"
    r")"
    # Dnro 123/00.00.00/2024, Dno 12/2024
    r"|\bD(?:no|nro)\.?:?\s?(?P<fi>\d{1,6}/(?:\d{2}(?:\.\d{2}){0,4}/)?\d{4})"
    # Dnr KS 2006/123, DNR:KF/2006.366, Dnr 2006/123
    r"|\bDnr\.?\s?:?\s?(?P<sv>(?:[A-ZÅÄÖ]{1,6}\s?/?\s?)?\d{1,8}(?:[./]\d{1,6})*)",
    re.IGNORECASE,
)


def find_diary_numbers(text: str) -> list[str]:
    """Diary numbers in `text`, as written (spaces normalised), in order."""
    found: list[str] = []
    for match in DIARY_RE.finditer(text):
        if match.group("fi"):
            value = "Dnro " + match.group("fi")
        elif match.group("sv"):
            value = "Dnr " + re.sub(r"\s+", " ", match.group("sv")).strip()
        else:
            value = match.group(0)
        if value[:3].isupper() or value.startswith(("Dnro", "Dnr")):
            found.append(value)
    return found


def all_diary_numbers(lines: Iterable[Line]) -> list[str]:
    """Every distinct diary number of the document, in order of first appearance."""
    seen: dict[str, None] = {}
    for line in lines:
        for value in find_diary_numbers(line.text):
            seen.setdefault(value, None)
    return list(seen)


@functools.lru_cache(maxsize=1)
def _prefixes() -> dict[str, str]:
    text = resources.files("kuntahaku.data").joinpath("diary_prefixes.csv").read_text("utf-8")
    return {row["prefix"]: row["municipality"] for row in csv.DictReader(text.splitlines())}


def municipality_of(diary_number: str) -> str:
    """The municipality whose case system issues numbers with this prefix, or ""."""
    prefix = re.split(r"[\s/-]", diary_number, maxsplit=1)[0]
    return _prefixes().get(prefix, "")
