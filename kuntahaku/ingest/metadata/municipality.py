"""The issuing municipality: from the letterhead ("Lapuan kaupunki", "Nykarleby stad",
"HÖGSBY KOMMUN"), else from the prefix of its diary numbers, else from the genitive in a body's
name ("Espoon kaupunginhallitus"). Names come from `kuntahaku/data/municipalities.csv`."""

from __future__ import annotations

import csv
import functools
import re
from importlib import resources

from kuntahaku.ingest.metadata._lines import Line
from kuntahaku.ingest.metadata.diary import municipality_of

_LETTERHEAD_RE = re.compile(
    r"(?<!\w)(?P<name>[A-ZÅÄÖ][\w-]+)(?::n)?\s+(?:kaupunki|kunta|stad|kommun)\b", re.IGNORECASE
)
_GENITIVE_RE = re.compile(
    r"(?<!\w)(?P<name>[A-ZÅÄÖ][\w-]+?)(?::n|n)\s+(?:kaupungin|kunnan)\w*", re.UNICODE
)


@functools.lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """Lower-case Finnish and Swedish names and their genitives -> the name as written."""
    text = resources.files("kuntahaku.data").joinpath("municipalities.csv").read_text("utf-8")
    names: dict[str, str] = {}
    for row in csv.DictReader(text.splitlines()):
        for key in ("name_fi", "name_sv"):
            name = (row.get(key) or "").strip()
            if name:
                names.setdefault(name.lower(), name)
    return names


# Finnish genitives whose stem changes (consonant gradation) beyond adding "n".
_GENITIVE_STEMS = {"helsingin": "helsinki", "turun": "turku", "vaasan": "vaasa"}


def _resolve(word: str, genitive: bool) -> str:
    low = word.lower()
    names = _names()
    if low in names:
        return names[low]
    if genitive:
        if low in _GENITIVE_STEMS:
            return names.get(_GENITIVE_STEMS[low], "")
        if low.endswith("n") and low[:-1] in names:
            return names[low[:-1]]
    return ""


def issuing_municipality(front: list[Line], lines: list[Line], diary_numbers: list[str]) -> str:
    """The municipality that issued the document, or "" when nothing says so."""
    for line in front:
        for match in _LETTERHEAD_RE.finditer(line.text):
            word = match.group("name")
            found = _resolve(word, genitive=True)
            if found:
                return found
            swedish = re.search(r"\b(?:stad|kommun)\b", match.group(0), re.IGNORECASE)
            if swedish and line.text.strip().upper().startswith(word.upper()):
                # A letterhead of a municipality outside Finland ("HÖGSBY KOMMUN").
                return word.capitalize() if word.isupper() else word
    for number in diary_numbers:
        found = municipality_of(number)
        if found:
            return found
    for line in front + lines[:200]:
        for match in _GENITIVE_RE.finditer(line.text):
            found = _resolve(match.group("name") + "n", genitive=True)
            if found:
                return found
    return _own_kommun(lines) or publication_series(lines)


# "Työ- ja elinkeinoministeriön julkaisuja 2025:5" on a line of its own: the series of the
# publisher, whose name (in the genitive) is the issuer; one cited in a sentence is not.
_SERIES_RE = re.compile(
    r"^(?P<org>[A-ZÅÄÖ][\w-]*(?:\s+(?:ja\s+)?[\w-]+){0,4}?)n\s+julkaisuja(?:\s+\d{4}\s?:\s?\d{1,3}(?:\s+\d{1,4})?)?$"
)


def publication_series(lines: list[Line]) -> str:
    """The publisher of a publication series the document carries as a line of its own."""
    for line in lines:
        match = _SERIES_RE.match(line.text.strip())
        if match:
            return match.group("org")
    return ""


_SV_GENITIVE_RE = re.compile(r"(?<!\w)(?P<name>[A-ZÅÄÖ][\wåäö-]+?)s\s+kommuns?\b")
# A Swedish document names itself "<Name>s kommun" again and again ("Simrishamns kommuns
# styrmodell"); a municipality it only mentions comes up once or twice.
MIN_OWN_MENTIONS = 3


def _own_kommun(lines: list[Line]) -> str:
    """The municipality a Swedish document keeps calling its own, or ""."""
    counts: dict[str, int] = {}
    for line in lines:
        for match in _SV_GENITIVE_RE.finditer(line.text):
            counts[match.group("name")] = counts.get(match.group("name"), 0) + 1
    if not counts:
        return ""
    name, n = max(counts.items(), key=lambda kv: kv[1])
    return (_resolve(name, genitive=False) or name) if n >= MIN_OWN_MENTIONS else ""


def host_municipality(urls: list[str]) -> str:
    """The municipality named by the host most of `urls` point to ("ah.turku.fi" -> Turku,
    "espoo04.hosting.documenta.fi" -> Espoo), or ""."""
    hosts: dict[str, int] = {}
    for url in urls:
        match = re.match(r"https?://([^/:?#]+)", url.strip(), re.IGNORECASE)
        if match:
            host = match.group(1).lower()
            hosts[host] = hosts.get(host, 0) + 1
    for host in sorted(hosts, key=lambda h: -hosts[h]):
        for label in host.split("."):
            found = _resolve(label.rstrip("0123456789"), genitive=False)
            if found:
                return found
    return ""
