"""Metadata stage: what a document says about itself (title, type, date, diary numbers, body,
municipality, meeting number and its numbered items), read into `doc.metadata`.

Each reader is a small module of this package; this module orders them, because the body helps
to find the date and the type decides which numbering conventions apply.
"""

from __future__ import annotations

import re
from pathlib import Path

from kuntahaku.config import Settings
from kuntahaku.ingest.metadata._lines import (
    Line,
    body_lines,
    front_lines,
    header_lines,
    raw_page_lines,
)
from kuntahaku.ingest.metadata._style import Styles
from kuntahaku.ingest.metadata.bodies import (
    has_standalone_body,
    main_body,
    pattern_for,
    proposal_body,
)
from kuntahaku.ingest.metadata.contents import contents_entries
from kuntahaku.ingest.metadata.cover import header_title, period_in, read_cover
from kuntahaku.ingest.metadata.dates import all_dates, find_dates, meeting_date
from kuntahaku.ingest.metadata.diary import DIARY_RE, all_diary_numbers
from kuntahaku.ingest.metadata.doctype import doc_type
from kuntahaku.ingest.metadata.municipality import issuing_municipality, publication_series
from kuntahaku.ingest.metadata.sections import SectionStart, find_sections
from kuntahaku.models import Document, Metadata
from kuntahaku.vocab.doctypes import type_names

__all__ = ["SectionStart", "find_sections", "run", "section_starts"]

_MEETING_NUMBER_RE = re.compile(
    r"\b(?:pöytäkirja|esityslista|kokouskutsu|protokoll|föredragningslista|kokous)\s+"
    r"(?P<n>\d{1,2}/(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_BARE_NUMBER_RE = re.compile(r"^(?P<n>\d{1,2}/(?:19|20)\d\d)$")
# A decision clause ("Päätös: Hyväksyttiin esitys.", "Stadsstyrelsens beslut:") in a document
# with no clearer type makes it a decision (an extract of minutes).
_DECISION_CLAUSE_RE = re.compile(r"(?:^|\s)(?:Päätös|\w+s beslut)\s?:(?:\s|$)")
_IDEA_RE = re.compile(r"\bidea", re.IGNORECASE)
# Front lines that are never a title: letterheads, labels, page numbers, dates.
_NOT_TITLE_RE = re.compile(
    r"^(?:\w+:?n kaupunki|\w+ (?:stad|kommun)\b|päivämäärä|päätösehdotus|esittelijä|"
    r"tiivistelmä|sisällys\w*|innehåll|sida|sivu|dno|dnr|liite|liitteet|bilaga|abstract|"
    r"esittelyteksti|esittelijän perustelut|päätöshistoria|valmistelijat)\b|^[^a-zåäö]*$",
    re.IGNORECASE,
)
TITLE_WORDS = {
    ("minutes", "fi"): "pöytäkirja",
    ("minutes", "sv"): "protokoll",
    ("agenda", "fi"): "esityslista",
    ("agenda", "sv"): "föredragningslista",
}
MAX_TITLE_CHARS = 200
PROSE_TITLE_CHARS = 120  # a "title" longer than this is the first sentence of the text
# Types whose cover states title, date and period (meetings and decisions state theirs in
# their meeting data).
COVER_TYPES = frozenset(
    {"report", "financial_statement", "budget", "instruction", "strategy", "other"}
)
# Readers of a page's text rather than of a system's fields: their pages declare nothing.
TEXT_READERS = frozenset({"generic", "main-content"})


def _meeting_number(front: list[Line]) -> str:
    for line in front:
        match = _MEETING_NUMBER_RE.search(line.text)
        if match:
            return match.group("n")
    for line in front:
        match = _BARE_NUMBER_RE.match(line.text)
        if match:
            return match.group("n")
    return ""


FRONT_TYPE_LINES = 12  # the first page's header lines and the first lines of its text


def _printed_type_word(doc_type: str, lines: list[Line]) -> str:
    """The name of the document's type as its letterhead prints it alone on a line
    ("Kokouskutsu", "Pöytäkirja 3/2025"), lower-cased, or ""."""
    names = type_names(doc_type)
    for line in lines:
        first = line.text.split(" ")[0]
        rest = line.text[len(first) :].strip()
        if rest and not _BARE_NUMBER_RE.match(rest):
            continue
        if first.isalpha() and first.lower() in names:
            return first.lower()
    return ""


def _title(doc: Document, meta: Metadata, lines: list[Line]) -> str:
    """A meeting's title from its body, type, number and date; any other document's title is
    its first heading, or the first lines of its first page that read as one."""
    front = front_lines(doc, lines)[:FRONT_TYPE_LINES]
    word = _printed_type_word(meta.doc_type, front) or TITLE_WORDS.get(
        (meta.doc_type, doc.lang or "fi")
    )
    if word and meta.body:
        parts = [meta.body[0].upper() + meta.body[1:], word]
        if meta.meeting_number:
            parts.append(meta.meeting_number)
        if meta.date:
            parts.append(meta.date)
        return " ".join(parts)
    first_page = lines[0].page if lines else 1
    title: list[str] = []
    previous_block = -2
    for line in lines[:25]:
        if line.page != first_page:
            break
        text = line.text
        if title and (line.block != previous_block or DIARY_RE.search(text)):
            break
        if not title:
            if _NOT_TITLE_RE.match(text) or DIARY_RE.search(text) or text.startswith("§"):
                continue
            if list(find_dates(text)) and len(text) < 40:
                continue
        title.append(text)
        previous_block = line.block
        if text.endswith((".", ":")) or len(" ".join(title)) > MAX_TITLE_CHARS:
            break
    joined = " ".join(title).rstrip(" .:")
    return joined[:MAX_TITLE_CHARS] or Path(doc.path).stem


def _declared_starts(doc: Document, lines: list[Line]) -> list[SectionStart]:
    """The items a publishing system listed, each at the line `§ N ...` its adapter wrote."""
    starts: list[SectionStart] = []
    k = 0
    for section in doc.declared.sections:
        pattern = re.compile(rf"^#?\s*§\s*{re.escape(section.number)}(?!\w)")
        for j in range(k, len(lines)):
            if pattern.match(lines[j].text):
                starts.append(SectionStart(section, lines[j]))
                k = j + 1
                break
    return starts


def section_starts(doc: Document) -> list[SectionStart]:
    """The numbered items of `doc` with the lines where they start (needs `doc.metadata`)."""
    lines = body_lines(doc)
    if doc.declared.sections:
        return _declared_starts(doc, lines)
    front = front_lines(doc, lines)
    idea = any(_IDEA_RE.search(line.text) for line in front[:5])
    return find_sections(
        doc.metadata.doc_type,
        lines,
        header_lines(doc),
        idea,
        raw_page_lines(doc),
        Styles(doc),
        contents_entries(doc),
        paged=doc.format == "pdf",
        table_blocks={i for i, block in enumerate(doc.blocks) if block.kind == "table"},
        block_kinds=[block.kind for block in doc.blocks],
    )


def run(doc: Document, settings: Settings) -> Document:
    """Fill `doc.metadata` from the cleaned blocks and the removed page headers."""
    lines = body_lines(doc)
    headers = header_lines(doc)
    front = front_lines(doc, lines)
    meta = Metadata()
    meta.doc_type = doc_type(front, lines)
    if meta.doc_type == "other" and any(_DECISION_CLAUSE_RE.search(line.text) for line in lines):
        meta.doc_type = "decision"
    meta.body = main_body(front, lines)
    if not has_standalone_body(front):
        meta.body = proposal_body(lines) or meta.body  # not a body of the item's history
    everything = [*headers, *lines]
    meta.dates = all_dates(everything)
    meta.date = meeting_date(front, lines, pattern_for(meta.body) if meta.body else None)
    meta.diary_numbers = all_diary_numbers(everything)
    meta.municipality = issuing_municipality(front, lines, meta.diary_numbers)
    # a series line the cleaner took for a running header still names the publisher
    meta.municipality = meta.municipality or publication_series(headers)
    meta.meeting_number = _meeting_number(front)
    doc.metadata = meta
    meta.sections = [start.section for start in section_starts(doc)]
    meta.title = _title(doc, meta, lines)
    _read_cover(doc, meta, front)
    _take_declared(meta, doc.declared, bool(doc.system) and doc.system not in TEXT_READERS)
    return doc


def _read_cover(doc: Document, meta: Metadata, front: list[Line]) -> None:
    """A report's title, date and period from its cover's layout, and its issuer when no
    municipality says it issued the document."""
    cover = read_cover(doc)
    if not meta.municipality and cover.issuer:
        meta.municipality = cover.issuer
    if meta.doc_type not in COVER_TYPES:
        return
    title = cover.title
    if not title and (len(meta.title) > PROSE_TITLE_CHARS or meta.title.endswith(".")):
        title = header_title(doc, meta.municipality)  # the first lines were prose, not a title
    if title:
        meta.title = title
    if cover.date:
        meta.date = cover.date
    meta.period = period_in([meta.title, *(line.text for line in front)])


def _take_declared(meta: Metadata, declared: Metadata, from_fields: bool) -> None:
    """What the publishing system's own fields state wins over what the text suggests. A
    system's page states its date and diary numbers where it has them: a page whose fields
    give none (a list of meetings) has none, whatever dates, bodies and numbers its text
    mentions."""
    for name in ("title", "date", "body", "municipality", "meeting_number", "period"):
        value = getattr(declared, name)
        if value:
            setattr(meta, name, value)
    if from_fields:
        meta.date = declared.date
        meta.body = declared.body
        meta.diary_numbers = list(declared.diary_numbers)
    if declared.doc_type != "other" or declared.title:
        meta.doc_type = declared.doc_type
    if declared.diary_numbers:
        meta.diary_numbers = list(dict.fromkeys([*declared.diary_numbers, *meta.diary_numbers]))
    if declared.sections:
        meta.sections = list(declared.sections)
    if meta.date and meta.date not in meta.dates:
        meta.dates.insert(0, meta.date)
