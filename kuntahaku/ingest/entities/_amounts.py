"""Money and dates found by regular expressions and normalised: euros as "1000.00", dates as ISO.

Money: "1 000 euroa", "10,3 miljoonaa euroa", "1,2 miljoner euro", "7 761 504 €", "2,5 milj. €",
"500 t€", "500 tuhatta euroa", "EUR 3 000". Other currencies keep their code: "3 000 kronor" is
"3000.00 SEK". Dates: "12.3.2024", "12. maaliskuuta 2024", "26 september 2022",
"September 26, 2022", "2024-03-12"; impossible dates (31.2.2024) are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

_NUM = r"\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?:,\d+)?|\d+(?:[,.]\d+)?"
_MULT = (
    r"miljoonaa|miljoona|miljoonan|milj\.?|miljoner|miljon|mn|miljardia|miljardi|miljarder"
    r"|mrd\.?|tuhatta|tuhannen|tusen|(?:t|k|M)(?=\s?€)"
)
_CUR = r"euroa|euron|eurolla|euroon|eurot|euro|eur|€|kronor|kronan|kr|sek"
_MONEY_AFTER = re.compile(
    rf"(?<![\d,.])(?P<num>{_NUM})\s?(?:(?P<mult>{_MULT})\s?)?(?P<cur>{_CUR})(?![\w])",
    re.IGNORECASE,
)
_MONEY_BEFORE = re.compile(
    rf"(?<!\w)(?P<cur>EUR|€|SEK)\s?(?P<num>{_NUM})(?:\s?(?P<mult>{_MULT}))?(?![\w,])",
)
_MULTIPLIERS = (
    (("miljard", "mrd"), Decimal(1_000_000_000)),
    (("milj", "mn", "m"), Decimal(1_000_000)),
    (("tuha", "tusen", "t", "k"), Decimal(1_000)),
)

_MONTH_NAMES = (
    "tammikuuta helmikuuta maaliskuuta huhtikuuta toukokuuta kesäkuuta heinäkuuta elokuuta "
    "syyskuuta lokakuuta marraskuuta joulukuuta",
    "januari februari mars april maj juni juli augusti september oktober november december",
    "january february march april may june july august september october november december",
)
_MONTHS = {m: i for names in _MONTH_NAMES for i, m in enumerate(names.split(), 1)}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_YEAR = re.compile(r"(?:19|20)\d\d")  # in every date pattern below
_DATE_NUMERIC = re.compile(r"(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?((?:19|20)\d\d)(?!\d)")
# The first end of a range that takes its year from the second ("1.1.-30.4.2025").
_DATE_RANGE_START = re.compile(
    r"(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.?\s?[-–—]\s?\d{1,2}\.\s?\d{1,2}\.\s?((?:19|20)\d\d)(?!\d)"
)
_DATE_ISO = re.compile(r"(?<![\d-])((?:19|20)\d\d)-(\d{2})-(\d{2})(?![\d-])")
_DATE_DAY_MONTH = re.compile(
    rf"(?<!\d)(\d{{1,2}})\.?\s+({_MONTH})\s+((?:19|20)\d\d)(?!\d)", re.IGNORECASE
)
_DATE_MONTH_DAY = re.compile(
    rf"\b({_MONTH})\s+(\d{{1,2}}),?\s+((?:19|20)\d\d)(?!\d)", re.IGNORECASE
)


@dataclass(frozen=True)
class Found:
    """A normalised value at character offsets [start, end) of the text."""

    start: int
    end: int
    value: str
    rule: str


def parse_number(text: str) -> Decimal | None:
    """A number as written in fi/sv text: spaces or dots group thousands, a comma is decimal."""
    t = re.sub(r"[ \u00a0\u202f]", "", text)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", t):
        t = t.replace(".", "")
    t = t.replace(",", ".")
    try:
        return Decimal(t)
    except InvalidOperation:
        return None


def _multiplier(word: str | None) -> Decimal:
    if not word:
        return Decimal(1)
    w = word.rstrip(".")
    low = w.lower()
    for prefixes, factor in _MULTIPLIERS:
        if (w == "M" and factor == 1_000_000) or any(
            low.startswith(p) if len(p) > 1 else low == p for p in prefixes
        ):
            return factor
    return Decimal(1)


def _currency(word: str) -> str:
    return "SEK" if word.lower() in ("kronor", "kronan", "kr", "sek") else "EUR"


def money(text: str) -> Iterator[Found]:
    """Amounts of money with their value in euros ("1000.00") or "<amount> SEK"."""
    taken: list[tuple[int, int]] = []
    for rx in (_MONEY_AFTER, _MONEY_BEFORE):
        for m in rx.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            number = parse_number(m.group("num"))
            if number is None:
                continue
            amount = (number * _multiplier(m.group("mult"))).quantize(Decimal("0.01"))
            cur = _currency(m.group("cur"))
            value = f"{amount}" if cur == "EUR" else f"{amount} {cur}"
            taken.append((m.start(), m.end()))
            yield Found(m.start(), m.end(), value, "regex.money")


def _iso(y: str | int, m: str | int, d: str | int) -> str | None:
    try:
        return date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def dates(text: str) -> Iterator[Found]:
    """Calendar dates written in fi/sv/en, normalised to ISO."""
    if not _YEAR.search(text):
        return  # every form below has a year; this search is much cheaper than theirs
    for m in _DATE_NUMERIC.finditer(text):
        iso = _iso(m.group(3), m.group(2), m.group(1))
        if iso:
            yield Found(m.start(), m.end(), iso, "regex.date")
    for m in _DATE_RANGE_START.finditer(text):
        iso = _iso(m.group(3), m.group(2), m.group(1))
        if iso:
            yield Found(m.start(), m.start(2) + len(m.group(2)), iso, "regex.date")
    for m in _DATE_ISO.finditer(text):
        iso = _iso(m.group(1), m.group(2), m.group(3))
        if iso:
            yield Found(m.start(), m.end(), iso, "regex.date")
    for m in _DATE_DAY_MONTH.finditer(text):
        iso = _iso(m.group(3), _MONTHS[m.group(2).lower()], m.group(1))
        if iso:
            yield Found(m.start(), m.end(), iso, "regex.date")
    for m in _DATE_MONTH_DAY.finditer(text):
        iso = _iso(m.group(3), _MONTHS[m.group(1).lower()], m.group(2))
        if iso:
            yield Found(m.start(), m.end(), iso, "regex.date")
