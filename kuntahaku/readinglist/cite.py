"""Citations: the page a quoted sentence stands on, and the line `Oulu, kaupunginhallitus
12.3.2024 § 45, s. 7` printed under a quote.

Pages are found by looking the quote up in the document's own page texts, compared as
letters and digits only so that line breaks, hyphenation and spacing do not matter. "s." is
used for Swedish documents too: it abbreviates both "sivu" and "sida".
"""

from __future__ import annotations

import itertools
import re

from kuntahaku.models import Document
from kuntahaku.readinglist.model import Entry, Quote

_NOT_WORD = re.compile(r"[\W_]+")
KEY_CHARS = 40  # letters of the quote's start (and end) looked up in the page texts


def normalise(text: str) -> str:
    """Lower-case letters and digits only: the form in which quotes are found on pages."""
    return _NOT_WORD.sub("", text.lower())


def locate(doc: Document, text: str, pages: list[int]) -> tuple[int, int]:
    """The pages where `text` starts and ends, looked for among `pages` of `doc`.

    Returns (start, end) with end == 0 when the text ends on its start page. When the text
    cannot be found (a page text changed), the first of `pages` is the answer.
    """
    fallback = (pages[0] if pages else 0, 0)
    norm = normalise(text.rstrip("…").lstrip("…"))
    if not norm:
        return fallback
    by_number = {p.number: normalise(p.text) for p in doc.pages}
    wanted = [n for n in pages if n in by_number] or sorted(by_number)
    start_key, end_key = norm[:KEY_CHARS], norm[-KEY_CHARS:]
    start = next((n for n in wanted if start_key in by_number[n]), 0)
    if not start:
        # The start key may straddle a page break: find the page whose end begins it.
        start = _straddling(by_number, wanted, start_key)
    if not start:
        return fallback
    end = next((n for n in wanted if n >= start and end_key in by_number[n]), 0)
    if not end:
        end = _straddling(by_number, [n for n in wanted if n >= start], end_key, last=True)
    return start, end if end > start else 0


def _straddling(by_number: dict[int, str], wanted: list[int], key: str, last: bool = False) -> int:
    """The page on which `key` starts (or, with `last`, ends) when it runs across a page break."""
    for a, b in itertools.pairwise(wanted):
        joined = by_number[a] + by_number[b]
        pos = joined.find(key)
        if pos >= 0:
            if last:
                return a if pos + len(key) <= len(by_number[a]) else b
            return a if pos < len(by_number[a]) else b
    return 0


def finnish_date(iso: str) -> str:
    """ "2024-03-12" -> "12.3.2024"; anything else is returned as it is."""
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso)
    if not m:
        return iso
    return f"{int(m[3])}.{int(m[2])}.{m[1]}"


def page_label(quote: Quote) -> str:
    """ "s. 7", "s. 7–8", or "" when the page is unknown."""
    if not quote.page:
        return ""
    if quote.page_end and quote.page_end != quote.page:
        return f"s. {quote.page}–{quote.page_end}"
    return f"s. {quote.page}"


def citation(entry: Entry, quote: Quote) -> str:
    """`{municipality}, {body} {d.m.yyyy} § {n}, s. {page}`, leaving out what is unknown."""
    section = quote.section if quote.section.startswith("§") else ""  # not chapter numbers
    act = " ".join(x for x in (entry.body, finnish_date(entry.date), section) if x)
    head = ", ".join(x for x in (entry.municipality, act) if x)
    page = page_label(quote)
    if not head:
        return page
    return f"{head}, {page}" if page else head
