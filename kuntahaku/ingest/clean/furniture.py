"""Running headers, footers and page numbers: found, removed from the text, and kept aside.

A line near the top or bottom of a page that recurs (digits aside) on many pages is page
furniture; so are lines of known shapes (`Sivu 3 (12)`, `11 (95)`, a draft stamp, a publication
series, Swedish minutes' `Justerandes sign` boxes) wherever a page edge is. What the removed lines
said goes to `header`/`footer`, and the printed page label (`11 (95)`) to `label`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

TOP_ZONE = 5
BOTTOM_ZONE = 6
MIN_SHARE = 0.4  # of pages on which a line must recur to count as a running header/footer
# Lines with a number (page, §, date) on the very edge of a page (first or last two lines) count
# on fewer pages: minutes with long attachments carry their header on a minority of the pages.
EDGE_LINES = 2
MIN_SHARE_EDGE = 0.05
MIN_EDGE_PAGES = 3
MIN_SHARE_WORD = 0.7  # for a single word ("Päätös" opens a part of many pages of minutes)

_PATTERNS = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^(?:sivu|sida|page|s\.)\s*\d+\s*(?:\(\s*\d+\s*\)|/\s*\d+|av\s+\d+|of\s+\d+)?$",
        r"^\d+\s*\(\s*\d+\s*\)$",
        r".*\bLUONNOS\b.*\d{1,2}\.\d{1,2}\.\d{4}$",
        r".*\bUTKAST\b.*\d{1,2}\.\d{1,2}\.\d{4}$",
        r"^\d{4}:\d+$",
        r"^justerandes\s+sign\b.*",
        r"^utdragsbestyrkande\b.*",
        r"^_{3,}$",
    )
)
# Lines that are furniture wherever they stand: a publication series line, with the page number
# and the series number printed next to it (`18` / `Työ- ja ... julkaisuja` / `2025:5`).
_SERIES = re.compile(
    r"^[A-ZÅÄÖ][\w\s\-]*(?:ministeriön|neuvoston|ministeriets|rådets|kanslian)\s+"
    r"(?:julkaisuja|publikationer|raportteja|rapporter)(?:\s+\d{4}:\d+)?$"
)
_SERIES_NUMBER = re.compile(r"^\d{4}:\d+$")
_PAGE_NUMBER = re.compile(r"^\d{1,4}$")
# Table figures ("-260 200", "11 598 583"): lines with them are table rows, not page furniture.
_FIGURES = re.compile(r"(?<![\w/])-\d|\b\d{1,3}(?: \d{3})+\b")
_GLUED_FOOTER = re.compile(
    r"[\u0002\ufffe\u00ad](?=(?:Sivu|Sida|Page)\s*\d+\s*\(\s*\d+\s*\)\s*$)", re.IGNORECASE
)
_LABEL_OF = re.compile(r"\b(\d+)\s*\(\s*(\d+)\s*\)")
_LABEL_WORD = re.compile(r"\b(?:sivu|sida|page)\s*(\d+(?:\s*(?:/|av|of)\s*\d+)?)", re.IGNORECASE)
_LABEL_AFTER_WORD = re.compile(r"\b(?:sivu|sida|page)\b\D*?(\d{1,4})\s*$", re.IGNORECASE)
_LABEL_TRAILING = re.compile(r"\b(\d{1,4})$")


@dataclass
class Furniture:
    """What was removed from one page."""

    header: list[str] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)
    label: str = ""


def key(line: str) -> str:
    """A line with digits masked and spacing/table separators flattened, for counting repeats."""
    flat = re.sub(r"\s*\|\s*", " ", line.lower())
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", flat)).strip()


def _known(line: str, page_count: int = 0) -> bool:
    flat = re.sub(r"\s*\|\s*", " ", line).strip()
    bare = _PAGE_NUMBER.match(flat.strip("-– "))
    if bare:
        return not page_count or int(bare.group()) <= max(2 * page_count, page_count + 10)
    return any(p.match(flat) for p in _PATTERNS) or bool(_SERIES.match(flat))


def repeated_keys(pages: list[list[str]]) -> set[str]:
    """Keys of lines found in the top or bottom zone of at least MIN_SHARE of the pages."""
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    edge_counts: Counter[str] = Counter()
    for lines in pages:
        body = [ln for ln in lines if ln.strip()]
        zone = body[:TOP_ZONE] + body[-BOTTOM_ZONE:]
        counts.update({key(ln) for ln in zone if len(key(ln)) > 1 and not _FIGURES.search(ln)})
        edge = body[:EDGE_LINES] + body[-EDGE_LINES:]
        edge_counts.update(
            {key(ln) for ln in edge if not _FIGURES.search(ln) and _numbered(key(ln))}
        )
    needed = max(2, int(MIN_SHARE * len(pages) + 0.999))
    needed_word = max(2, int(MIN_SHARE_WORD * len(pages) + 0.999))
    needed_edge = max(MIN_EDGE_PAGES, int(MIN_SHARE_EDGE * len(pages) + 0.999))
    repeated = {
        k
        for k, n in counts.items()
        if n >= (needed_word if " " not in k and "#" not in k else needed)
    }
    return repeated | {k for k, n in edge_counts.items() if n >= needed_edge}


def _numbered(k: str) -> bool:
    return " " in k and "#" in k


def split_glued_footer(line: str) -> list[str]:
    """Split a page-number footer that pdfium glued to the last line after a soft hyphen."""
    match = _GLUED_FOOTER.search(line)
    if not match:
        return [line]
    return [line[: match.start() + 1], line[match.start() + 1 :]]


def strip_page(
    lines: list[str], repeated: set[str], page_count: int = 0
) -> tuple[list[str], Furniture]:
    """Remove furniture from the top and bottom edges of one page, and series lines anywhere.

    A bare number counts as a page number only up to about the document's page count, so that a
    table's last figure (`500`) is not taken for one.
    """
    found = Furniture()
    body = list(lines)
    while body and not body[0].strip():
        body.pop(0)
    taken = 0
    while body and taken < TOP_ZONE + 2:
        line = body[0].strip()
        if not line:
            body.pop(0)
            continue
        if key(line) in repeated or _known(line, page_count):
            found.header.append(line)
            body.pop(0)
            taken += 1
            continue
        break
    taken = 0
    while body and taken < BOTTOM_ZONE + 2:
        line = body[-1].strip()
        if not line:
            body.pop()
            continue
        if key(line) in repeated or _known(line, page_count):
            found.footer.insert(0, line)
            body.pop()
            taken += 1
            continue
        break
    body = _strip_series(body, found)
    found.label = page_label(found.header) or page_label(found.footer)
    return body, found


def _strip_series(body: list[str], found: Furniture) -> list[str]:
    """Drop a publication-series footer left inside the page text (a page break of the source)."""
    out: list[str] = []
    i = 0
    while i < len(body):
        line = body[i].strip()
        if _SERIES.match(line) and len(line) < 80:
            if out and _PAGE_NUMBER.match(out[-1].strip()):
                found.footer.append(out.pop().strip())
            found.footer.append(line)
            if i + 1 < len(body) and _SERIES_NUMBER.match(body[i + 1].strip()):
                found.footer.append(body[i + 1].strip())
                i += 1
            i += 1
            continue
        out.append(body[i])
        i += 1
    return out


def page_label(lines: list[str]) -> str:
    """The printed page label among removed lines: `11 (95)`, `Sivu 6 (38)` -> `6 (38)`, `3`."""
    for line in lines:
        match = _LABEL_OF.search(line)
        if match:
            return f"{match.group(1)} ({match.group(2)})"
    for line in lines:
        match = _LABEL_WORD.search(line)
        if match:
            return re.sub(r"\s+", " ", match.group(1))
    joined = " ".join(re.sub(r"\s*\|\s*", " ", line).strip() for line in lines)
    match = _LABEL_AFTER_WORD.search(joined)
    if match:
        return match.group(1)
    for line in lines:
        flat = re.sub(r"\s*\|\s*", " ", line).strip()
        if _PAGE_NUMBER.match(flat.strip("-– ")):
            return flat.strip("-– ")
    if lines:
        match = _LABEL_TRAILING.search(re.sub(r"\s*\|\s*", " ", lines[0]).strip())
        if match and not re.search(r"(?:\d[./:]|§\s*)\d+$", lines[0]):
            return match.group(1)
    return ""
