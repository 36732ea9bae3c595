"""Running headers, footers and page numbers: found, removed from the text, and kept aside.

Where a page has layout (`Page.lines`), furniture is what stands in the page's top or bottom
band and recurs there (digits aside, so page numbers and dates may vary) at the same height on
many pages, or has a known shape (`Sivu 3 (12)`, `11 (95)`, a draft stamp, Swedish minutes'
`Justerandes sign` boxes). The band is the document's own: down to its lowest running header line
and up from its highest running footer line, so a § heading set just below the header stays body
text. Repetition alone never removes a line: pages that end with the same decision ("Päätös" /
"Hyväksyi esityksen.") keep it. Pages without layout (OCR without boxes) get a stricter rule:
only their first and last lines, and never a sentence or a lone word. What the removed lines said
goes to `header`/`footer`, the printed page label (`11 (95)`) to `label`, and removed lines get
the role `header` or `footer`.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from kuntahaku.models import Page, TextLine

TOP_ZONE = 5
BOTTOM_ZONE = 6
MIN_SHARE = 0.4  # of pages on which a line must recur to count as a running header/footer
# Lines with a number (page, §, date) on the very edge of a page (first or last two lines) count
# on fewer pages: minutes with long attachments carry their header on a minority of the pages.
EDGE_LINES = 2
MIN_SHARE_EDGE = 0.05
MIN_EDGE_PAGES = 3
MIN_SHARE_WORD = 0.7  # for a single word ("Päätös" opens a part of many pages of minutes)
# Layout pages: where running headers and footers are looked for (share of the page height),
# the default band when a document has no running lines, and how far the height of one running
# line may vary between pages.
SEARCH_TOP = 0.25
SEARCH_BOTTOM = 0.25
DEFAULT_BAND = 0.08
SAME_PLACE = 0.012
BAND_SLACK = 0.01

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
# "2/63" at a line's end: page 2 of 63 (not a meeting number "9/2025": a year is no page count)
_LABEL_SLASH = re.compile(r"(?<![\d./])(\d{1,4})\s*/\s*(\d{1,4})$")


@dataclass
class Furniture:
    """What was removed from one page."""

    header: list[str] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)
    label: str = ""


def key(line: str) -> str:
    """A line with digits masked and spacing/table separators flattened, for counting repeats."""
    flat = re.sub(r"\s*\|\s*", " ", line.lower())
    flat = re.sub(r"\s*\(\s*", "(", flat)  # "4(24)" and "5 (24)": OCR reads the gap either way
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
    lines: list[str], repeated: set[str], page_count: int = 0, edge: int = 0
) -> tuple[list[str], Furniture]:
    """Remove furniture from the top and bottom edges of one page, and series lines anywhere.

    A bare number counts as a page number only up to about the document's page count, so that a
    table's last figure (`500`) is not taken for one.
    """
    found = Furniture()
    body = list(lines)
    while body and not body[0].strip():
        body.pop(0)
    limit = edge or TOP_ZONE + 2
    taken = 0
    while body and taken < limit:
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
    limit = edge or BOTTOM_ZONE + 2
    taken = 0
    while body and taken < limit:
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
    """The printed page label among removed lines: `11 (95)`, `Sivu 6 (38)` -> `6 (38)`, `2/63`,
    `3`."""
    for line in lines:
        match = _LABEL_OF.search(line)
        if match:
            return f"{match.group(1)} ({match.group(2)})"
    for line in lines:
        match = _LABEL_WORD.search(line)
        if match:
            return re.sub(r"\s+", " ", match.group(1))
    for line in lines:
        match = _LABEL_SLASH.search(re.sub(r"\s*\|\s*", " ", line).strip())
        if match and int(match.group(1)) <= int(match.group(2)) < 1900:
            return f"{match.group(1)}/{match.group(2)}"
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


@dataclass
class Banded:
    """Running lines of a document with layout, and the bands they stand in."""

    keys: set[tuple[str, str]] = field(default_factory=set)  # (band, key)
    top_limit: float = DEFAULT_BAND  # header band: lines whose bottom is above this share
    bottom_limit: float = 1 - DEFAULT_BAND  # footer band: lines whose top is below this share


def has_layout(page: Page, lines: list[str]) -> bool:
    """Whether the page's layout lines are the lines of its raw text, one to one, blank lines
    between paragraphs aside (OCR that replaced a page's text without giving boxes leaves lines
    that are not)."""
    return bool(page.height > 0) and _layout_of(page, lines) is not None


def _layout_of(page: Page, lines: list[str]) -> list[TextLine | None] | None:
    """The layout line of each raw line (None for a blank line between paragraphs, as OCR
    gives them), or None when the two do not correspond."""
    if not page.lines:
        return None
    if len(page.lines) == len(lines) and all(
        _flat(ln.text) == _flat(text) for ln, text in zip(page.lines, lines, strict=True)
    ):
        return list(page.lines)
    printed = [ln for ln in page.lines if ln.text.strip()]
    if len(printed) != sum(1 for text in lines if text.strip()):
        return None
    found: list[TextLine | None] = []
    queue = iter(printed)
    for text in lines:
        if not text.strip():
            found.append(None)
            continue
        line = next(queue)
        if _flat(line.text) != _flat(text):
            return None
        found.append(line)
    return found


def _flat(text: str) -> str:
    """A line's letters and digits only, as cleaning's glyph repairs leave them comparable."""
    return re.sub(r"[\W_]+", "", re.sub(r"\(cid:\d+\)", "", text))


def _place(line: TextLine, height: float) -> tuple[str, float]:
    """The search zone a line stands in ("header", "footer" or "") and its height there."""
    if line.top < SEARCH_TOP * height:
        return "header", line.bottom / height
    if line.bottom > (1 - SEARCH_BOTTOM) * height:
        return "footer", line.top / height
    return "", 0.0


def _text_key(k: str) -> bool:
    """A key with words in it: pure numbers and § numbers (`§ #`) are headings or labels."""
    return bool(re.search(r"[^\W\d_#]{2}", k))


def running_lines(pages: list[Page]) -> Banded:
    """Lines that recur at the same height at the top or bottom edge of many layout pages.

    Counted twice: first every line of the top and bottom zones, then only the lines that form
    the edge block of their page with the first count's lines (nothing but furniture between
    them and the page's edge), so that a diary number below a § heading is not a header.
    """
    if len(pages) < 2:
        return Banded()
    first = _count(pages, None)
    return _count(pages, first.keys)


def _count(pages: list[Page], allowed: set[tuple[str, str]] | None) -> Banded:
    found = Banded()
    places: dict[tuple[str, str], list[tuple[float, bool]]] = defaultdict(list)
    for page in pages:
        seen: set[tuple[str, str]] = set()
        by_height = sorted(page.lines, key=lambda ln: ln.top)
        edges = {id(ln) for ln in by_height[:EDGE_LINES] + by_height[-EDGE_LINES:]}
        if allowed is None:
            candidates = page.lines
        else:
            candidates = [ln for ln, _ in _edge_block(page, allowed, 1.0 - SEARCH_BOTTOM)]
        for line in candidates:
            zone, y = _place(line, page.height)
            k = layout_key(line.text)
            if not zone or (zone, k) in seen:
                continue
            seen.add((zone, k))
            places[(zone, k)].append((y, id(line) in edges))
    needed = max(2, int(MIN_SHARE * len(pages) + 0.999))
    needed_numbered = max(MIN_EDGE_PAGES, int(MIN_SHARE_EDGE * len(pages) + 0.999))
    needed_word = max(2, int(MIN_SHARE_WORD * len(pages) + 0.999))
    top, bottom = 0.0, 1.0
    for (zone, k), found_at in places.items():
        middle = statistics.median(y for y, _ in found_at)
        same = sum(1 for y, _ in found_at if abs(y - middle) <= SAME_PLACE)
        # Minutes with long attachments carry their header on a minority of the pages: a line
        # with a number (page, §, date) that opens or closes pages counts on fewer of them.
        same_edge = sum(1 for y, edge in found_at if edge and abs(y - middle) <= SAME_PLACE)
        if " " not in k and "#" not in k:
            running = same >= needed_word
        else:
            running = same >= needed or (_numbered(k) and same_edge >= needed_numbered)
        if not running:
            continue
        found.keys.add((zone, k))
        if zone == "header":
            top = max(top, middle)
        else:
            bottom = min(bottom, middle)
    if top:
        found.top_limit = max(DEFAULT_BAND, top + BAND_SLACK)
    if bottom < 1.0:
        found.bottom_limit = min(1 - DEFAULT_BAND, bottom - BAND_SLACK)
    return found


def _edge_block(
    page: Page,
    keys: set[tuple[str, str]],
    top_limit: float = SEARCH_TOP,
    bottom_limit: float = 1.0 - SEARCH_BOTTOM,
    page_count: int = 0,
) -> list[tuple[TextLine, str]]:
    """The lines that run from the page's top (bottom) edge, each a running line of `keys` or of
    a known furniture shape, as far as the band reaches; each with "header" or "footer"."""
    height = page.height
    by_height = sorted(page.lines, key=lambda ln: (ln.top, ln.x0))
    block: list[tuple[TextLine, str]] = []
    taken: set[int] = set()
    for line in by_height:
        if line.bottom > top_limit * height + 0.5 or not _is_furniture(
            line.text, "header", keys, page_count
        ):
            break
        block.append((line, "header"))
        taken.add(id(line))
    for line in reversed(by_height):
        if id(line) in taken or line.top < bottom_limit * height - 0.5:
            break
        if not _is_furniture(line.text, "footer", keys, page_count):
            break
        block.append((line, "footer"))
    return block


def _is_furniture(text: str, band: str, keys: set[tuple[str, str]], page_count: int) -> bool:
    stripped = text.strip()
    if not stripped:
        return True
    if _known(stripped, page_count):
        return True
    return (band, layout_key(stripped)) in keys


def layout_key(line: str) -> str:
    """The key of a line on a layout page: digits masked, except in a line with figures (an
    address with a phone number, a table row) or with nothing but numbers (a date, `§ 12`),
    which must recur as it is."""
    masked = key(line)
    if _FIGURES.search(line) or not _text_key(masked):
        return "=" + re.sub(r"\s+", " ", re.sub(r"\s*\|\s*", " ", line.lower())).strip()
    return masked


def strip_layout_page(
    page: Page, lines: list[str], banded: Banded, page_count: int
) -> tuple[list[str], Furniture]:
    """Remove the running lines and known furniture at the top and bottom edges of the page,
    inside the document's bands.

    `lines` are the page's raw lines, one per `page.lines` entry (blank lines aside); removed
    lines get the role `header` or `footer`.
    """
    found = Furniture()
    block = _edge_block(page, banded.keys, banded.top_limit, banded.bottom_limit, page_count)
    roles = {id(line): band for line, band in block}
    body: list[str] = []
    layout = _layout_of(page, lines) or []
    for text, line in zip(lines, layout, strict=True):
        band = roles.get(id(line), "") if line is not None else ""
        stripped = text.strip()
        if band and stripped and line is not None:
            line.role = band
            (found.header if band == "header" else found.footer).append(stripped)
            continue
        body.append(text)
    body = _strip_series(body, found)
    found.label = page_label(found.header) or page_label(found.footer)
    return body, found


def strip_plain_page(
    lines: list[str], repeated: set[str], page_count: int = 0
) -> tuple[list[str], Furniture]:
    """Furniture of a page without layout: only its first and last lines can be furniture, and
    a line that ends a sentence, is one word or a bare § number is not, however often it
    recurs."""
    strict = {
        k for k in repeated if " " in k and _text_key(k) and not k.endswith((".", "!", "?", ":"))
    }
    return strip_page(lines, strict, page_count, edge=EDGE_LINES)
