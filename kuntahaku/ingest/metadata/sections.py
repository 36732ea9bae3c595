"""Where numbered items start: the § of minutes and agendas ("§ 45", "KS § 3 a", Nykarleby's
"16 §" page headers), the numbered chapters of reports ("3.2 Vaikuttavuus") and the numbered
ideas of an idea collection. Table-of-contents lines are used for headings, never as starts.
Segmentation cuts passages at the lines returned here."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from kuntahaku.ingest.metadata._lines import Line
from kuntahaku.ingest.metadata._style import Styles
from kuntahaku.ingest.metadata.chapters import Candidate, guided, same_title, styled_headings
from kuntahaku.ingest.metadata.contents import ContentsEntry, contents_pages
from kuntahaku.ingest.metadata.diary import DIARY_RE, find_diary_numbers
from kuntahaku.models import Section

# "§ 175", "§ 175 Heading", "KS § 3 a DNR:KF/2006.203"
_PREFIX_RE = re.compile(
    r"^(?:[A-ZÅÄÖ]{1,5}\s)?§\s?(?P<num>\d{1,4})(?:(?P<sep>\s?)(?P<sub>[a-z])\b)?"
    r"(?P<rest>(?:\s.*)?)$"
)
# "16 §" in a running-header cell (Nykarleby), optionally followed by the page number.
_SUFFIX_HEADER_RE = re.compile(r"(?:^|\s)(?P<num>\d{1,4})\s?§(?:\s+\d{1,3})?$")
# "16 § Heading ........ 1"
_SUFFIX_TOC_RE = re.compile(r"^(?P<num>\d{1,4})\s?§\s+(?P<rest>.+)$")
_LEADERS_RE = re.compile(r"\s*(?:(?:\s?\.){3,}|…+|_{3,})[\s.…]*\d{0,4}\s*$")
# "3.2 Vaikuttavuus", "1. Sopimusosapuolet", "1.1\t Ekosysteemisopimukset ..."
_CHAPTER_RE = re.compile(
    r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})(?P<dot>\.?)(?:\s+|(?<=\.)(?=[A-ZÅÄÖ]))"
    r"(?P<title>[A-ZÅÄÖ][^\n]{1,150})$"
)
# A numbered line of any length: where a contents entry's heading ran into its paragraph.
_LISTED_RE = re.compile(
    r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})(?P<dot>\.?)\s+(?P<title>[A-ZÅÄÖ].*)$", re.DOTALL
)
_CHAPTER_NUMBER_RE = re.compile(r"^\d{1,2}(?:\.\d{1,2}){0,3}\.?\s*")
# A line that only refers to an earlier treatment ("Tekninen lautakunta, 20.05.2025, § 76").
_HISTORY_RE = re.compile(r"\d{1,2}\.\d{1,2}\.\d{4}.*§|§.*\d{1,2}\.\d{1,2}\.\d{4}")
# How many lines after a start are searched for the heading and the diary number.
LOOKAHEAD = 6
MAX_HEADING_CHARS = 200
SHORT_HEADING_CHARS = 80
# Fewer numbered chapters than this that do not start the numbering are list items.
MIN_CHAPTERS = 3


@dataclass(frozen=True)
class SectionStart:
    """A section and the line where its text begins."""

    section: Section
    line: Line


def _clean_heading(text: str) -> str:
    text = text.split(" • ")[0]  # attachments listed after a contents entry
    text = _LEADERS_RE.sub("", text)
    text = DIARY_RE.sub("", text)
    return re.sub(r"\s+", " ", text).strip(" -–:;,")


def _looks_like_heading(text: str) -> bool:
    return (
        bool(text) and (text[0].isupper() or text[0].isdigit()) and len(text) <= MAX_HEADING_CHARS
    )


def _heading_after(lines: list[Line], i: int) -> str:
    """The first line after `lines[i]` that reads as a heading (skipping diary numbers and
    references to earlier treatments)."""
    for line in lines[i + 1 : i + 1 + LOOKAHEAD]:
        text = line.text
        if _PREFIX_RE.match(text):
            return ""
        if find_diary_numbers(text) and not _clean_heading(text):
            continue
        if _HISTORY_RE.search(text):
            continue
        cleaned = _clean_heading(text)
        if len(cleaned) > MAX_HEADING_CHARS:
            cleaned = cleaned[:MAX_HEADING_CHARS].rsplit(" ", 1)[0]
        return cleaned if _looks_like_heading(cleaned) else ""
    return ""


def _diary_near(lines: list[Line], i: int) -> str:
    for line in lines[i : i + 1 + LOOKAHEAD]:
        if line.page != lines[i].page or (line is not lines[i] and _PREFIX_RE.match(line.text)):
            break
        found = find_diary_numbers(line.text)
        if found:
            return found[0]
    return ""


def _toc_headings(lines: list[Line], prefix: bool) -> dict[str, str]:
    """Headings from table-of-contents lines, by § number; an entry wrapped onto further lines
    of the same block is joined when another entry follows it."""
    headings: dict[str, str] = {}
    pattern = _PREFIX_RE if prefix else _SUFFIX_TOC_RE
    for i, line in enumerate(lines):
        match = pattern.match(line.text)
        if not match or not match.group("rest").strip():
            continue
        if prefix and not _is_toc_entry(lines, i):
            continue
        parts = [match.group("rest")]
        j = i + 1
        while j < len(lines) and j <= i + 3 and lines[j].block == line.block:
            if pattern.match(lines[j].text) or lines[j].text.startswith(("•", "-", "–")):
                break
            j += 1
        follows = j < len(lines) and lines[j].block == line.block and pattern.match(lines[j].text)
        if follows and not _LEADERS_RE.search(line.text):
            parts += [nxt.text for nxt in lines[i + 1 : j]]
        number = match.group("num") + ((match.groupdict().get("sub") or "") if prefix else "")
        heading = _clean_heading(" ".join(parts))
        if _looks_like_heading(heading):
            headings.setdefault(number, heading)
    return headings


def _is_toc_entry(lines: list[Line], i: int) -> bool:
    """A § line with its heading on the same line, among other such lines: a list of contents."""
    match = _PREFIX_RE.match(lines[i].text)
    if not match:
        return False
    rest = match.group("rest").strip()
    if not rest or not _looks_like_heading(_clean_heading(rest)):
        return False
    if _LEADERS_RE.search(rest):
        return True
    near = 0
    for j in range(max(0, i - 3), min(len(lines), i + 4)):
        m = _PREFIX_RE.match(lines[j].text) if j != i else None
        if m and m.group("rest").strip():
            near += 1
    return near >= 1


_HEADER_PREFIX_RE = re.compile(r"^§\s?(?P<num>\d{1,4})$")


_BODY_SUFFIX_RE = re.compile(r"^(?P<num>\d{1,4})\s?§(?:\s+(?P<rest>[A-ZÅÄÖ\"”].*))?$")
# An OCR'd running header whose "§" came out as "8" or "S": "Protokoll 128 24.05.2023 Sida".
_OCR_HEADER_RE = re.compile(
    r"^(?:protokoll|föredragningslista|pöytäkirja|esityslista)\s+(?P<num>\d{1,3}?)\s?[8§S$]s?\s+"
    r"\d{1,2}\.\d{1,2}\.\d{4}\b",
    re.IGNORECASE,
)
# A page whose first lines name a § ("189 § Val av protokolljusterare") starts that item, as a
# header would; only the first few lines count, and not on a page listing many items.
PAGE_TOP_LINES = 3
# "1." "2)" "a." "•": residue of a list that ran over the page break, above the page's heading.
_RESIDUE_RE = re.compile(r"^(?:\d{1,3}|[a-zåäö])?[.)]?$|^[•\-–*]$", re.IGNORECASE)


def _marker_pages(lines: list[Line], headers: list[Line]) -> list[tuple[int, str]]:
    """(page, number) where a page's running header (or, when OCR lost the header, its first
    line) first names a § ("§ 175" or "16 §"): the item starts at the top of that page."""
    by_page: dict[int, str] = {}
    for line in headers:
        match = _HEADER_PREFIX_RE.match(line.text) or _SUFFIX_HEADER_RE.search(line.text)
        if match and line.page not in by_page:
            by_page[line.page] = match.group("num")
    top: dict[int, list[Line]] = {}
    per_page: dict[int, int] = {}
    for line in lines:
        if _BODY_SUFFIX_RE.match(line.text):
            per_page[line.page] = per_page.get(line.page, 0) + 1
        top.setdefault(line.page, [])
        if len(top[line.page]) < PAGE_TOP_LINES and not _RESIDUE_RE.match(line.text):
            top[line.page].append(line)
    for page, first in top.items():
        if page in by_page or per_page.get(page, 0) > 2:
            continue
        for line in first:
            match = _BODY_SUFFIX_RE.match(line.text) or _OCR_HEADER_RE.match(line.text)
            if match:
                by_page[page] = match.group("num")
                break
    found: list[tuple[int, str]] = []
    seen: set[str] = set()
    for page in sorted(by_page):
        if by_page[page] not in seen:
            seen.add(by_page[page])
            found.append((page, by_page[page]))
    return found


def _shorten(heading: str, raw_lines: list[str]) -> str:
    """A heading that the cleaner ran into the sentence after it ("Möjligheternas kommun Ewa
    Engdahl redogör för ...") is cut where the page's raw text broke the line."""
    if len(heading) <= SHORT_HEADING_CHARS:
        return heading
    for raw in raw_lines:
        rest = heading[len(raw) :].lstrip()
        complete = not raw.endswith(("/", "-", "–", ",", "ja", "och"))
        if len(raw.split()) >= 2 and heading.startswith(raw) and rest[:1].isupper() and complete:
            return _clean_heading(raw)
    return heading


# A row of a meeting's index table: "125 Kokouksen laillisuus", "186 § Pöytäkirjan tarkastus".
_INDEX_ROW_RE = re.compile(r"^(?P<num>\d{1,4})(?:\s?§)?\s+(?P<rest>[A-ZÅÄÖ\"”].{2,})$")
INDEX_RUN = 3
# Weights of the evidence that a § line is where the item starts (see `paragraph_sections`).
W_HEADER = 3.0  # the page's running header names the § (the item runs on that page)
W_LINE = 2.0  # a line starting "§ N", alone or with a title
W_LIST = 0.4  # a § line among other § lines: a list of contents, of appeals, of attachments
W_STYLE = 1.0  # set as a heading (bold or larger), or, against, set as body text
W_HEADING = 0.5  # followed by a heading; against when nothing reads as one
# A § line with at least this many other § lines within LIST_WINDOW lines is in a list.
LIST_NEIGHBOURS = 2
LIST_WINDOW = 4


@dataclass
class _Candidate:
    """A line where item `number` may start, with the weight of the evidence for it."""

    line: int
    number: str  # digits
    sub: str  # "a" in "§ 3 a", else ""
    weight: float
    from_header: bool = False
    sep: str = ""  # " " where the sub-item letter is printed apart ("§ 3 a")

    @property
    def key(self) -> tuple[int, str]:
        return int(self.number), self.sub


def _best_sequence(candidates: list[_Candidate]) -> list[_Candidate]:
    """The candidates, in text order, whose numbers strictly increase and whose weights sum
    highest: each item once, where the evidence for it is strongest and in sequence. Ties go
    to the earlier line (a body item before a later appeal page that names it again)."""
    ordered = sorted(candidates, key=lambda c: (c.line, -c.weight))
    n = len(ordered)
    best = [0.0] * n
    prev = [-1] * n
    for j, cand in enumerate(ordered):
        best[j], prev[j] = cand.weight, -1
        for i in range(j):
            if ordered[i].key < cand.key and ordered[i].line < cand.line:
                score = best[i] + cand.weight
                if score > best[j] + 1e-9:
                    best[j], prev[j] = score, i
    if not n:
        return []
    top = max(best)
    j = next(k for k in range(n) if best[k] >= top - 1e-9)
    chosen: list[_Candidate] = []
    while j >= 0:
        chosen.append(ordered[j])
        j = prev[j]
    return chosen[::-1]


def _in_list(lines: list[Line], sign_lines: list[int], i: int) -> bool:
    """True when line `i` stands among other § lines of its page (a list, not a heading)."""
    page = lines[i].page
    near = sum(
        1 for j in sign_lines if j != i and abs(j - i) <= LIST_WINDOW and lines[j].page == page
    )
    return near >= LIST_NEIGHBOURS


def _at(lines: list[Line], cand: _Candidate) -> tuple[int, int]:
    line = lines[cand.line]
    return line.block, line.index


def _index_rows(lines: list[Line], table_blocks: set[int]) -> list[_Candidate]:
    """Items of a meeting's index page: table rows "125 | Heading" or "186 § | Heading" whose
    numbers run on by one (at least INDEX_RUN rows). Used only where no § line is found."""
    rows = [
        (i, m)
        for i, line in enumerate(lines)
        if line.block in table_blocks and (m := _INDEX_ROW_RE.match(line.text))
    ]
    found: list[_Candidate] = []
    run: list[tuple[int, re.Match[str]]] = []
    for row in [*rows, None]:
        follows = (
            row is not None and run and int(row[1].group("num")) == int(run[-1][1].group("num")) + 1
        )
        if row is not None and (not run or follows):
            run.append(row)
            continue
        if len(run) >= INDEX_RUN:
            found.extend(_Candidate(i, m.group("num"), "", W_LIST) for i, m in run)
        run = [row] if row is not None else []
    return found


def paragraph_sections(
    lines: list[Line],
    headers: list[Line],
    raw: dict[int, list[str]] | None = None,
    styles: Styles | None = None,
    table_blocks: set[int] | None = None,
    contents: list[ContentsEntry] | None = None,
) -> list[SectionStart]:
    """§ items: a line starting "§ 45" (Lapua, Espoo, Helsinki, Högsby "KS § 3 a"), or a page
    whose running header names a new § (Lapua pages that open with an item, Nykarleby "16 §").

    Every place a § number could start an item is weighed (running header, a line of its own,
    set as a heading, followed by a heading; against: among other § lines, set as body text),
    and the items are the increasing sequence of numbers with the most weight: a § that a
    contents list, an appeal page or a list of attachments names again is not its start.
    """
    candidates: list[_Candidate] = []
    toc_only: list[_Candidate] = []
    sign_lines = [i for i, line in enumerate(lines) if _PREFIX_RE.match(line.text)]
    for i in sign_lines:
        match = _PREFIX_RE.match(lines[i].text)
        assert match is not None
        rest = match.group("rest").strip()
        if rest and not _looks_like_heading(_clean_heading(rest)) and not find_diary_numbers(rest):
            continue  # "§ 3 mom. 2": a reference, not a heading
        cand = _Candidate(i, match.group("num"), match.group("sub") or "", W_LINE)
        cand.sep = match.group("sep") or ""
        if _is_toc_entry(lines, i):
            cand.weight = W_LIST
            toc_only.append(cand)
            continue
        if _in_list(lines, sign_lines, i):
            cand.weight = W_LIST
        style = styles.of(lines[i].page, lines[i].text) if styles else None
        if style is not None:
            cand.weight += W_STYLE if style.emphasised or style.at_margin else -W_STYLE
        heading = _clean_heading(rest) if rest else _heading_after(lines, i)
        cand.weight += W_HEADING if _looks_like_heading(heading) else -W_HEADING
        candidates.append(cand)
    first_line: dict[int, int] = {}
    for i, line in enumerate(lines):
        first_line.setdefault(line.page, i)
    for page, number in _marker_pages(lines, headers):
        if page in first_line:
            candidates.append(_Candidate(first_line[page], number, "", W_HEADER, True))
    toc = {**_toc_headings(lines, prefix=False), **_toc_headings(lines, prefix=True)}
    if not candidates:
        listed = {(e.block, e.index) for e in contents or []}
        rows = [c for c in _index_rows(lines, table_blocks or set()) if _at(lines, c) not in listed]
        candidates = toc_only or rows
    # A header marker and a § line at the top of the same page are one piece of evidence.
    merged: dict[tuple[int, str, str], _Candidate] = {}
    for cand in candidates:
        slot = (lines[cand.line].page, cand.number, cand.sub)
        other = merged.get(slot)
        if other is None:
            merged[slot] = cand
        elif other.from_header != cand.from_header:
            body = cand if other.from_header else other
            merged[slot] = _Candidate(
                body.line,
                body.number,
                body.sub,
                max(other.weight, cand.weight) + W_HEADING,
                sep=body.sep,
            )
        elif cand.weight > other.weight:
            merged[slot] = cand
    starts: list[SectionStart] = []
    for cand in _best_sequence(list(merged.values())):
        i = cand.line
        number = cand.number + cand.sep + cand.sub
        if cand.from_header:
            own = _clean_heading(lines[i].text)
            usable = _looks_like_heading(own) and not _HISTORY_RE.search(own)
            heading = own if usable else _heading_after(lines, i)
        else:
            match = _PREFIX_RE.match(lines[i].text) or _INDEX_ROW_RE.match(lines[i].text)
            rest = _clean_heading(match.group("rest")) if match else ""
            heading = rest if _looks_like_heading(rest) else _heading_after(lines, i)
        heading = _shorten(heading, (raw or {}).get(lines[i].page, []))
        from_toc = toc.get(cand.number + cand.sub, "")
        # The contents line is the cleaner text (body headings run into the paragraph after
        # them, or come from a broken text layer) unless it was cut at a line end ("1.1.-").
        truncated = from_toc.endswith(("/", "-", "–", ",")) and heading.startswith(from_toc)
        if from_toc and not truncated:
            heading = from_toc
        section = Section(number, heading, lines[i].page, "paragraph_sign", _diary_near(lines, i))
        starts.append(SectionStart(section, lines[_history_start(lines, i)]))
    return starts


def _history_start(lines: list[Line], i: int) -> int:
    """The item's text begins with the lines just above its § that list earlier treatments
    ("Tekninen lautakunta, § 77, 20.05.2025"); return the first of them, or `i`."""
    j = i
    while (
        j > 0
        and lines[j - 1].page == lines[i].page
        and len(lines[j - 1].text) <= 80
        and _HISTORY_RE.search(lines[j - 1].text)
        and not _PREFIX_RE.match(lines[j - 1].text)
    ):
        j -= 1
    return j


def _next_ok(prev: tuple[int, ...] | None, cur: tuple[int, ...]) -> bool:
    """True when chapter number `cur` can follow `prev` (sibling, first child or a new parent)."""
    if prev is None:
        return cur in ((1,), (0,), (1, 1))
    if cur == (*prev, 1):
        return True
    return any(cur == (*prev[:j], prev[j] + 1) for j in range(len(prev)))


def chapter_sections(
    lines: list[Line],
    kind: str = "chapter",
    raw: dict[int, list[str]] | None = None,
    contents: list[ContentsEntry] | None = None,
    styles: Styles | None = None,
    paged: bool = False,
    block_kinds: list[str] | None = None,
) -> list[SectionStart]:
    """Numbered chapters ("1 Johdanto", "3.2 Vaikuttavuus") or, with kind="idea", numbered
    ideas ("1.Ydinkeskustan kestävä tulevaisuus"), in a valid numbering order. Lines of a table
    of contents (and, in a paged document, the pages that hold one) are never a start; the
    contents guide which body line starts each chapter they list."""
    contents = contents or []
    skip = {(e.block, e.index) for e in contents}
    skip_pages = contents_pages(contents) if paged else set()
    listed = {e.number: e for e in contents if e.number}
    candidates: list[Candidate] = []
    for i, line in enumerate(lines):
        if (line.block, line.index) in skip or line.page in skip_pages:
            continue
        match = _CHAPTER_RE.match(line.text)
        if not match and listed:
            match = _LISTED_RE.match(line.text)
            if match and match.group("num") not in listed:
                match = None
        if not match or _LEADERS_RE.search(line.text):
            continue
        title = _clean_heading(match.group("title"))
        entry = listed.get(match.group("num"))
        runs_on = entry is not None and len(title) > len(entry.title) + 1
        if not title or title.endswith((".", ",", ";")) or len(title.split()) > 16 or runs_on:
            if entry is None or not same_title(title, entry.title):
                continue
            # The heading the contents name, where the cleaner ran it into its paragraph.
            title = entry.title
        number = tuple(int(p) for p in match.group("num").split("."))
        if kind == "idea" and len(number) != 1:
            continue
        candidates.append(Candidate(i, number, bool(match.group("dot")), title))
    if kind == "chapter" and raw:
        candidates = _with_run_on(candidates, lines, raw, skip, skip_pages)
    # Single-level numbers must be written like the subsections ("1 Johdanto" with "1.1 ..."):
    # list items ("1. Kansainvälisen tason ...") in a report numbered "1.1 ..." are not chapters.
    # With the subsections written "1.1 ..." a dotted "1. ..." is a list item even where the
    # chapter's own heading was run into a paragraph and is not among the candidates.
    multi = [c for c in candidates if len(c.number) > 1]
    single_styles = {c.dotted for c in candidates if len(c.number) == 1}
    if kind == "chapter" and len(multi) >= MIN_CHAPTERS and single_styles:
        dotted = sum(1 for c in multi if c.dotted) * 2 > len(multi)
        if len(single_styles) == 2 or not _parents_of_subsections(candidates):
            candidates = [c for c in candidates if len(c.number) > 1 or c.dotted == dotted]
    if kind == "chapter":
        candidates = _code_list_headings(candidates, lines, styles)
    if kind == "chapter":
        candidates = guided(candidates, lines, contents, styles)
        known = {c.line for c in candidates}
        numbered_first = [c for c in candidates if c.number]
        extra = styled_headings(lines, styles, block_kinds or [], numbered_first, skip_pages)
        candidates = sorted(
            [*candidates, *(c for c in extra if c.line not in known)], key=lambda c: c.line
        )
    numbered = [c for c in candidates if c.number]
    # Chapters come in increasing order; a number out of order is a list item or a table cell.
    keep = {numbered[k].line for k in _chapter_order([c.number for c in numbered])}
    kept = [c for c in numbered if c.line in keep]
    if kept and len(kept) < MIN_CHAPTERS and not _next_ok(None, kept[0].number):
        keep = set()  # two list items ("4 Mall ...", "5 Hantering ...") are not chapters
    starts: list[SectionStart] = []
    seen: set[tuple[int, ...]] = set()
    for cand in candidates:
        i = cand.line
        if cand.number and (i not in keep or cand.number in seen):
            continue
        seen.add(cand.number)
        title = _shorten(
            cand.title,
            [_CHAPTER_NUMBER_RE.sub("", r) for r in (raw or {}).get(lines[i].page, [])],
        )
        section = Section(".".join(map(str, cand.number)), title, lines[i].page, kind)
        starts.append(SectionStart(section, lines[i]))
    return starts


# A source line starting with an outline number and a capitalised word ("4.1 Tavoitteet ...").
_RAW_HEADING_RE = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})\s+(?P<title>[A-ZÅÄÖ].*)$")
# How a source line ends when its last word goes on in the next line.
_BROKEN_END = ("\ufffe", "\u00ad", "-", "\u2010")
_WORD_RE = re.compile(r"\w+")


def _letters(text: str) -> str:
    return "".join(_WORD_RE.findall(text.lower()))


def _raw_heading(page_lines: list[str], k: int) -> str:
    """The heading that source line `k` starts, where the typesetter ran headings into their
    paragraph: the line and any line its last word is broken into, cut before the first
    capitalised word (the paragraph's first word) after the heading's own first word."""
    text = page_lines[k]
    j = k
    while text.endswith(_BROKEN_END) and j + 1 < len(page_lines) and j < k + 3:
        j += 1
        text = text.rstrip("".join(_BROKEN_END)) + page_lines[j]
    words = _RAW_HEADING_RE.match(text)
    if words is None:
        return ""
    out: list[str] = []
    for word in words.group("title").split():
        if out and word[:1].isupper() and word[1:2].islower():
            break
        out.append(word)
    return " ".join(out)


def _with_run_on(
    candidates: list[Candidate],
    lines: list[Line],
    raw: dict[int, list[str]],
    skip: set[tuple[int, int]],
    skip_pages: set[int],
) -> list[Candidate]:
    """Add the chapters whose headings the typesetter ran into a paragraph: a source line that
    starts with an outline number ("4.1 Tavoitteet Väliarvioinnissa ...") and whose cleaned line
    was not taken as a heading (it runs on, or the number stands inside it). Each must fit the
    outline order (1, 1.1, 1.2, 2 ...) of the chapters around it, so that a footnote or a table
    row starting with a number is not taken: a single number ("4 ...") needs its first
    subsection ("4.1 ...") next; a subsection must follow or precede its neighbour in order."""
    by_page: dict[int, list[int]] = {}
    for i, line in enumerate(lines):
        if (line.block, line.index) not in skip and line.page not in skip_pages:
            by_page.setdefault(line.page, []).append(i)
    letters: dict[int, str] = {}  # a body line's letters, read only where a source line needs it
    known = {(c.line, c.number) for c in candidates}
    found: list[Candidate] = []
    for page, page_lines in sorted(raw.items()):
        if page in skip_pages:
            continue
        for k, text in enumerate(page_lines):
            match = _RAW_HEADING_RE.match(text)
            if match is None:
                continue
            number = tuple(int(p) for p in match.group("num").split("."))
            title = _raw_heading(page_lines, k)
            if not title or len(title.split()) > 16 or title.endswith((".", ",", ";", ":")):
                continue
            key = _letters(text.rstrip("".join(_BROKEN_END)))
            if len(key) < 6:
                continue
            for i in by_page.get(page, []):
                if i not in letters:
                    letters[i] = _letters(lines[i].text)
                if key in letters[i]:
                    if (i, number) not in known:
                        found.append(Candidate(i, number, False, title))
                        known.add((i, number))
                    break
    if not found:
        return candidates
    merged = sorted([*candidates, *found], key=lambda c: c.line)
    extra = {id(c) for c in found}
    numbered = [c for c in merged if c.number and (id(c) in extra or not c.dotted)]
    numbered = [numbered[k] for k in sorted(_chapter_order([c.number for c in numbered]))]
    fits: set[int] = set()
    for k, cand in enumerate(numbered):
        if id(cand) not in extra:
            continue
        prev = numbered[k - 1].number if k else None
        after = numbered[k + 1].number if k + 1 < len(numbered) else None
        if len(cand.number) == 1:
            fits_here = after == (*cand.number, 1)  # "4 ..." with "4.1 ..." next
        else:
            fits_here = _next_ok(prev, cand.number) or (
                after is not None and _next_ok(cand.number, after)
            )
        if fits_here:
            fits.add(id(cand))
    return [c for c in merged if id(c) not in extra or id(c) in fits]


def _parents_of_subsections(candidates: list[Candidate]) -> bool:
    """Whether a single-level candidate is followed by its own subsection ("4. ..." then
    "4.1 ..."): such numbers are chapters, whatever their style, not a list's items."""
    for here, after in itertools.pairwise(candidates):
        if len(here.number) == 1 and len(after.number) > 1 and after.number[0] == here.number[0]:
            return True
    return False


# A document whose numbered lines reuse their numbers this often (fewer distinct numbers than
# this share of the lines) is a code list: a budget's items "01. ...", each level restarting.
CODE_LIST_DISTINCT = 0.6
CODE_LIST_LINES = 12


def _capitals(title: str) -> bool:
    """A title set in capitals ("VEROT JA VERONLUONTEISET TULOT")."""
    letters = [ch for ch in title.split("|")[0] if ch.isalpha()]
    return len(letters) >= 3 and all(ch.isupper() for ch in letters)


def _code_list_headings(
    candidates: list[Candidate], lines: list[Line], styles: Styles | None
) -> list[Candidate]:
    """In a code list (the same numbers start many lines, each level counting from 01 again)
    only the numbered lines set above the others are chapters: the largest type, and among
    lines of that size those in capitals, where some are; the rest are table rows."""
    numbered = [c for c in candidates if c.number]
    if len(numbered) < CODE_LIST_LINES:
        return candidates
    if len({c.number for c in numbered}) >= CODE_LIST_DISTINCT * len(numbered):
        return candidates

    def rank(cand: Candidate) -> tuple[float, bool, bool]:
        style = styles.of(lines[cand.line].page, lines[cand.line].text) if styles else None
        size = round(style.size, 1) if style is not None else 0.0
        return (size, _capitals(cand.title), bool(style and style.bold))

    ranks = {c.line: rank(c) for c in numbered}
    top = max(ranks.values())
    heads = {line for line, r in ranks.items() if r == top}
    if len(heads) < MIN_CHAPTERS or len(heads) * 2 > len(numbered):
        return candidates
    return [c for c in candidates if not c.number or c.line in heads]


def _chapter_order(numbers: list[tuple[int, ...]]) -> set[int]:
    """Indices of the longest strictly increasing run of chapter numbers, preferring runs that
    step by one (so that "2" after "1.3" beats a stray "7")."""
    n = len(numbers)
    best = [1.0] * n
    prev = [-1] * n
    for j in range(n):
        for i in range(j):
            if numbers[i] < numbers[j]:
                score = best[i] + (1.0 if _next_ok(numbers[i], numbers[j]) else 0.5)
                if score > best[j]:
                    best[j], prev[j] = score, i
    if not n:
        return set()
    j = max(range(n), key=lambda k: best[k])
    keep: set[int] = set()
    while j >= 0:
        keep.add(j)
        j = prev[j]
    return keep


def find_sections(
    doc_type: str,
    lines: list[Line],
    headers: list[Line],
    idea: bool,
    raw: dict[int, list[str]] | None = None,
    styles: Styles | None = None,
    contents: list[ContentsEntry] | None = None,
    paged: bool = False,
    table_blocks: set[int] | None = None,
    block_kinds: list[str] | None = None,
) -> list[SectionStart]:
    """The numbered items of a document, by the conventions of its type; `raw` holds each
    page's raw text lines, used to cut headings the cleaner joined to their paragraph, and
    `styles` how lines are set where the document has a layout."""
    if doc_type in ("minutes", "agenda", "decision"):
        items = paragraph_sections(lines, headers, raw, styles, table_blocks, contents)
        if items or sum(1 for e in contents or [] if e.number) < MIN_CHAPTERS:
            return items
        # No § at all but a list of numbered contents: a report, whatever its front page says.
    if idea:
        return chapter_sections(lines, kind="idea", raw=raw)
    return chapter_sections(
        lines, raw=raw, contents=contents, styles=styles, paged=paged, block_kinds=block_kinds
    )
