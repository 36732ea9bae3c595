"""What the cover (first page) of a report says by its layout: the title set larger than the
text, the issuer whose name the cover sets largest and every page repeats in its running header
or footer ("Senaatti-kiinteistöt"), the date that stands alone in the running header or the
letterhead (an approval or signing date, "25.2.2025"), and the period a report covers
("1.1.–31.12.2024" -> "2024-01-01/2024-12-31").

Only formats with a layout (PDF text layer, OCR) have a cover; other documents give "".
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from kuntahaku.ingest.metadata.dates import find_dates
from kuntahaku.models import Document, TextLine

# A title is set at least this much larger than the page's text.
TITLE_SIZE_RATIO = 1.2
SIZE_TOLERANCE = 0.6  # points: lines of one run share their size within this
MAX_TITLE_CHARS = 200
LETTERHEAD_LINES = 6  # lines at the top of page 1 where a date alone is the document's date
_DATE_ONLY_RE = re.compile(r"^\s*(?:\d{1,2}\.\s?\d{1,2}\.\s?\d{4}|\d{4}-\d{2}-\d{2})\s*$")
# "1.1.–31.12.2024", "1.1.2024–31.12.2024", "1.1.2024 - 31.12.2024"
_PERIOD_RE = re.compile(
    r"(?<![\d.])(?P<d1>\d{1,2})\.(?P<m1>\d{1,2})\.(?P<y1>\d{4})?\s?[–—-]\s?"
    r"(?P<d2>\d{1,2})\.(?P<m2>\d{1,2})\.(?P<y2>\d{4})(?!\d)"
)


@dataclass
class Cover:
    """The cover's title, issuer name and document date ("" where it states none)."""

    title: str = ""
    issuer: str = ""
    date: str = ""


def _runs(lines: list[TextLine]) -> list[list[TextLine]]:
    """Consecutive body lines set in one size and weight."""
    runs: list[list[TextLine]] = []
    for line in lines:
        if line.role or not line.text.strip():
            continue
        last = runs[-1][-1] if runs else None
        if (
            last is not None
            and abs(last.size - line.size) <= SIZE_TOLERANCE
            and last.bold == line.bold
            and line.top - last.bottom < 1.2 * max(line.size, 1.0)
        ):
            runs[-1].append(line)
        else:
            runs.append([line])
    return runs


def _repeated(doc: Document, text: str) -> bool:
    """Whether most other pages repeat `text` in their running header or footer, or as a line
    of their own (a short document's furniture the cleaner could not tell apart)."""
    others = doc.pages[1:]
    want = text.lower()
    hits = 0
    for page in others:
        furniture = f"{page.header}\n{page.footer}".lower()
        lines = {ln.strip().lower() for ln in page.raw_text.split("\n")}
        if want in furniture or want in lines:
            hits += 1
    return bool(others) and hits >= max(1, len(others) // 2)


def read_cover(doc: Document) -> Cover:
    """The cover's title, issuer and date by layout."""
    cover = Cover(date=_standalone_date(doc))
    if not doc.pages or not doc.pages[0].lines:
        return cover
    lines = [ln for ln in doc.pages[0].lines if not ln.role and ln.size > 0]
    if not lines:
        return cover
    # The text's size over the whole document: a cover has too few lines to say it.
    sizes = [ln.size for p in doc.pages[:20] for ln in p.lines if not ln.role and ln.size > 0]
    body_size = statistics.median(sizes)
    runs = sorted(
        (r for r in _runs(lines) if r[0].size >= TITLE_SIZE_RATIO * body_size),
        key=lambda r: -r[0].size,
    )
    for run in runs:
        text = " ".join(ln.text.strip() for ln in run)
        if len(text) > MAX_TITLE_CHARS or _DATE_ONLY_RE.match(text):
            continue
        if not cover.issuer and _repeated(doc, text):
            cover.issuer = text  # the name every page repeats: who issued it, not what it is
            continue
        cover.title = text
        break
    return cover


def header_title(doc: Document, issuer: str = "") -> str:
    """The text most pages' running header repeats ("Ekosysteemisopimusten väliarviointi —
    LUONNOS 1.2.2024"), where it is neither a page number, a date nor the issuer's series."""
    counts: dict[str, int] = {}
    for page in doc.pages:
        for raw in page.header.split("\n"):
            for cell in raw.split(" | "):
                text = cell.strip()
                if len(re.sub(r"[\W\d_]+", "", text)) < 6 or _DATE_ONLY_RE.match(text):
                    continue
                if re.search(r"\b(?:sivu|sida|page)\b", text, re.IGNORECASE):
                    continue
                counts[text] = counts.get(text, 0) + 1
    for text, n in sorted(counts.items(), key=lambda kv: -kv[1]):
        if n < max(2, len(doc.pages) // 2) or len(text) > MAX_TITLE_CHARS:
            break
        if _SERIES_RE.search(text) or (issuer and issuer.lower() in text.lower()):
            continue
        return text
    return ""


_SERIES_RE = re.compile(r"\b(?:julkaisuja|publikationer|publications)\b", re.IGNORECASE)


def _standalone_date(doc: Document) -> str:
    """A date standing alone on a line of the running header (the same on most pages), else
    on one of the first lines of page 1."""
    header_dates: dict[str, int] = {}
    for page in doc.pages:
        for raw in page.header.split("\n"):
            for cell in raw.split(" | "):
                if _DATE_ONLY_RE.match(cell):
                    for iso in find_dates(cell):
                        header_dates[iso] = header_dates.get(iso, 0) + 1
    if header_dates:
        iso, n = max(header_dates.items(), key=lambda kv: kv[1])
        if n >= max(1, len(doc.pages) // 2):
            return iso
    if doc.pages and doc.pages[0].lines:
        top = [ln for ln in doc.pages[0].lines if not ln.role][:LETTERHEAD_LINES]
        for line in top:
            if _DATE_ONLY_RE.match(line.text):
                return next(iter(find_dates(line.text)), "")
    return ""


def period_in(texts: list[str]) -> str:
    """The first period "start/end" (ISO dates) written in `texts`, or ""."""
    for text in texts:
        match = _PERIOD_RE.search(text)
        if not match:
            continue
        g = match.groupdict()
        y1 = g["y1"] or g["y2"]
        start = next(iter(find_dates(f"{g['d1']}.{g['m1']}.{y1}")), "")
        end = next(iter(find_dates(f"{g['d2']}.{g['m2']}.{g['y2']}")), "")
        if start and end and start < end:
            return f"{start}/{end}"
    return ""
