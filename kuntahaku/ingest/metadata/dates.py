"""Dates as written in Finnish and Swedish documents (12.3.2024, 12. maaliskuuta 2024,
8 januari 2007, 2007-01-08), read as ISO dates, and the choice of the meeting/decision date."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Iterator

from kuntahaku.ingest.metadata._lines import Line

FI_MONTHS = [
    "tammikuuta",
    "helmikuuta",
    "maaliskuuta",
    "huhtikuuta",
    "toukokuuta",
    "kesäkuuta",
    "heinäkuuta",
    "elokuuta",
    "syyskuuta",
    "lokakuuta",
    "marraskuuta",
    "joulukuuta",
]
SV_MONTHS = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]
EN_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH = {
    name: i + 1 for names in (FI_MONTHS, SV_MONTHS, EN_MONTHS) for i, name in enumerate(names)
}

_NUMERIC = r"(?<![\d.])(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.\s?(?P<y>(?:19|20)\d\d)(?!\d)"
_ISO = r"(?<![\d-])(?P<Y>(?:19|20)\d\d)-(?P<M>\d\d)-(?P<D>\d\d)(?![\d])"
_WORDS = (
    r"(?<!\d)(?P<wd>\d{1,2})\.?\s+(?P<month>"
    + "|".join(sorted(_MONTH, key=len, reverse=True))
    + r")\s+(?P<wy>(?:19|20)\d\d)(?!\d)"
)
DATE_RE = re.compile(f"{_NUMERIC}|{_ISO}|{_WORDS}", re.IGNORECASE)
YEAR_RE = re.compile(r"(?:19|20)\d\d")  # in every form of DATE_RE
# A date that is one end of a range (1.6.2025-31.5.2029, 1.1.-30.4.2025) is not a meeting date.
_RANGE_AFTER = re.compile(r"^\s?[-–]\s?\d")
_RANGE_BEFORE = re.compile(r"\d\.?\s?[-–]\s?$")

# A letterhead or meeting line is short; a date in a long line belongs to its prose.
SHORT_LINE = 60
# Labels that introduce the meeting or decision date.
_LABEL_RE = re.compile(
    r"^(?:aika|kokousaika|kokouspäivä|päivämäärä|pvm|päätöspäivä|sammanträdestid|"
    r"sammanträdesdatum|datum|tid|mötesdatum)\b\.?:?",
    re.IGNORECASE,
)
# Words that, on the same line as a date at the top, make it the meeting date.
_MEETING_WORDS_RE = re.compile(
    r"pöytäkirja|esityslista|kokouskutsu|protokoll|föredragningslista|kallelse|kokous",
    re.IGNORECASE,
)


def _iso(match: re.Match[str]) -> str:
    g = match.groupdict()
    try:
        if g["d"]:
            day = dt.date(int(g["y"]), int(g["m"]), int(g["d"]))
        elif g["Y"]:
            day = dt.date(int(g["Y"]), int(g["M"]), int(g["D"]))
        else:
            day = dt.date(int(g["wy"]), _MONTH[g["month"].lower()], int(g["wd"]))
    except ValueError:
        return ""
    return day.isoformat()


def find_dates(text: str, skip_ranges: bool = False) -> Iterator[str]:
    """ISO dates written in `text`, in order; with skip_ranges, not the ends of a date range."""
    if not YEAR_RE.search(text):
        return  # every date form has a year: most lines are done with this cheaper search
    for match in DATE_RE.finditer(text):
        iso = _iso(match)
        if not iso:
            continue
        if skip_ranges and (
            _RANGE_AFTER.match(text[match.end() :]) or _RANGE_BEFORE.search(text[: match.start()])
        ):
            continue
        yield iso


def all_dates(lines: Iterable[Line]) -> list[str]:
    """Every distinct date of the document, in order of first appearance."""
    seen: dict[str, None] = {}
    for line in lines:
        for iso in find_dates(line.text):
            seen.setdefault(iso, None)
    return list(seen)


# How far after the last history entry the text that announces the next handling may stand,
# and how long after it that handling may be (a board's next meetings, not a plan's deadline).
_NEXT_HANDLING_LINES = 8
_NEXT_HANDLING_DAYS = 62


def _next_handling(lines: list[Line], index: int, last: str, body_re: re.Pattern[str]) -> str:
    """The date of the handling this item is for: a decision history ("Kaupunginhallitus
    20.3.2017 § 66") lists earlier handlings, and the summary next to it may name the body's
    next one ("käsittely on kaupunginhallituksessa 27.3.2017"); else the last history date."""
    first = dt.date.fromisoformat(last)
    later: list[str] = []
    for line in lines[index + 1 : index + 1 + _NEXT_HANDLING_LINES]:
        match = body_re.search(line.text)
        if match is None or "§" in line.text:
            continue
        for iso in find_dates(line.text[match.end() :], skip_ranges=True):
            gap = (dt.date.fromisoformat(iso) - first).days
            if 0 < gap <= _NEXT_HANDLING_DAYS:
                later.append(iso)
    return max(later) if later else last


def _treated_re(body_re: re.Pattern[str]) -> re.Pattern[str]:
    """A handling by the body: "Kaupunginhallitus 20.3.2017 § 10"."""
    return re.compile(
        rf"(?:{body_re.pattern}),?\s+(?P<date>\d{{1,2}}\.\d{{1,2}}\.\d{{4}}),?\s*§\s?\d+",
        re.IGNORECASE,
    )


def meeting_date(front: list[Line], lines: list[Line], body_re: re.Pattern[str] | None) -> str:
    """The meeting or decision date: a labelled date at the top, a date next to the document
    type or the body at the top, the last "<body> <date> § N" line, else a frequent date."""
    for line in front:
        if _LABEL_RE.match(line.text):
            found = list(find_dates(line.text, skip_ranges=True))
            if found:
                return found[0]
    treated = _treated_re(body_re) if body_re is not None else None
    for line in front:
        if len(line.text) > SHORT_LINE:
            continue
        if treated is not None and treated.search(line.text):
            continue  # "<body> <date> § N" may be one entry of a history: read them all below
        if _MEETING_WORDS_RE.search(line.text) or (body_re and body_re.search(line.text)):
            found = list(find_dates(line.text, skip_ranges=True))
            if found:
                return found[0]
    if body_re is not None and treated is not None:
        # "Kaupunginhallitus 20.3.2017 § 10": the last treatment by the body is the decision.
        handled = [
            (i, iso)
            for i, line in enumerate(lines)
            for m in treated.finditer(line.text)
            for iso in find_dates(m.group("date"))
        ]
        if handled:
            return _next_handling(lines, handled[-1][0], handled[-1][1], body_re)
    counts = Counter(iso for line in lines for iso in find_dates(line.text, skip_ranges=True))
    if counts:
        iso, n = counts.most_common(1)[0]
        if n >= 2:
            return iso
    return ""
