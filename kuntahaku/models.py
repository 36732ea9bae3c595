"""Dataclasses passed between pipeline stages: Document, Page, TextLine, Block, Section, Passage,
Mention.

Every stage takes a Document and returns it with its own part filled in; the store and the index
read nothing else. Serialisation to and from plain dicts lives here so that the document store
and worker processes share one format.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass, field
from typing import Any

# Page flags: what a user must know about a page whose text is not (only) the text layer.
FLAG_IMAGE_ONLY = "image_only"  # no usable text layer
FLAG_OCR = "ocr"  # text comes from Tesseract
FLAG_OCR_UNAVAILABLE = "ocr_unavailable"  # image-only and Tesseract is not installed
FLAG_OCR_UNREADABLE = "ocr_unreadable"  # OCR read no language (picture, map): text not indexed
FLAG_OCR_ROTATED = "ocr_rotated"  # scanned sideways or upside down; turned upright to be read
FLAG_CID_GLYPHS = "cid_glyphs"  # "(cid:N)" glyphs without a Unicode mapping
FLAG_REPLACEMENT_CHARS = "replacement_chars"  # U+FFFD in the text layer
FLAG_BROKEN_TEXT_LAYER = "broken_text_layer"  # text layer present but garbled
FLAG_OVER_LIMIT = "over_limit"  # over a per-page bound (`ingest.limits`): not read, warned

STATUS_OK = "ok"
STATUS_FAILED = "failed"


@dataclass
class TextLine:
    """One printed line of a page and how it is set, as extraction (text layer or OCR) saw it.

    Coordinates are points from the page's top-left corner (y grows downwards), so that bands
    (header, footer), indents and line spacing read the same whatever produced the page.
    """

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float = 0.0  # font size in points (median over the line's glyphs; OCR: line height)
    bold: bool = False  # most of the line's glyphs are bold (weight or font name)
    role: str = ""  # "" body | "header" | "footer" (page furniture) | "table": set by stages


@dataclass
class Page:
    """One page (or, for text and HTML, one pseudo-page) of a document, 1-based."""

    number: int
    text: str = ""
    raw_text: str = ""
    flags: list[str] = field(default_factory=list)
    # What the removed running header/footer said (page label, date, §), kept for citations.
    header: str = ""
    footer: str = ""
    label: str = ""  # printed page label such as "11 (95)" where the header carried one
    # Layout of the page where the format has one (PDF text layer, OCR): lines in reading order.
    width: float = 0.0
    height: float = 0.0
    lines: list[TextLine] = field(default_factory=list)


@dataclass
class Block:
    """A paragraph-like unit of cleaned text on one page, with its detected language."""

    page: int
    text: str
    kind: str = "paragraph"  # paragraph | heading | list_item | table
    lang: str = ""


@dataclass
class Section:
    """A numbered item of minutes or agenda (`§ 45 Heading`), or a numbered chapter of a report."""

    number: str  # "45" for § 45, "3.2" for a chapter
    heading: str
    page: int
    kind: str = "paragraph_sign"  # paragraph_sign | chapter | idea
    diary_number: str = ""


@dataclass
class Metadata:
    """What a decision document says about itself."""

    title: str = ""
    doc_type: str = "other"  # an id of kuntahaku/data/doc_type_names.csv: minutes, agenda, ...
    date: str = ""  # ISO date of the meeting or decision, "" when unknown
    dates: list[str] = field(default_factory=list)  # every ISO date read from the document
    diary_numbers: list[str] = field(default_factory=list)
    body: str = ""  # decision-making body, lower-case base form: "kaupunginhallitus"
    municipality: str = ""  # issuing municipality (canonical Finnish/Swedish name as written)
    meeting_number: str = ""  # "9/2025"
    # The period a report covers ("2024-01-01/2024-12-31"), apart from the reader's `date`.
    period: str = ""
    sections: list[Section] = field(default_factory=list)


@dataclass
class Mention:
    """An entity in a passage: canonical value, surface text, offsets and the rule that found it."""

    type: str  # municipality | region | fund | theme | organisation | person | money | date
    value: str  # canonical id or normalised value ("Espoo", "ERDF", "1000.00", "2024-03-12")
    text: str  # surface form as written
    passage_id: str
    start: int
    end: int
    rule: str  # e.g. "gazetteer.lemma", "regex.money", "model.fi_experimental_web_md"
    label: str = ""  # display label where it differs from value


@dataclass
class Passage:
    """A searchable chunk: one § of minutes, one chapter, one idea; bounded in size."""

    passage_id: str  # f"{doc_id}:{ordinal:04d}"
    doc_id: str
    ordinal: int
    text: str
    pages: list[int]
    heading_path: list[str] = field(default_factory=list)
    lang: str = ""
    section: str = ""  # "§ 45" where the passage belongs to a numbered item
    # Facet values for this passage, filled by the entity stage: {"municipality": ["Espoo"], ...}
    entities: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Document:
    """A source file and everything the pipeline learned from it. status starts as failed."""

    doc_id: str
    path: str
    sha256: str = ""
    format: str = ""  # pdf | text | html | docx | odt | rtf | doc
    size: int = 0
    status: str = STATUS_FAILED
    error: str = ""
    pages: list[Page] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    lang: str = ""  # main language
    languages: list[str] = field(default_factory=list)  # all languages present, main first
    metadata: Metadata = field(default_factory=Metadata)
    # The publishing system that made the page ("dynasty", "tweb", "ahjo", "cloudnc", ...) and
    # what its own fields state, which the metadata stage takes before its own reading.
    system: str = ""
    declared: Metadata = field(default_factory=Metadata)
    passages: list[Passage] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # degraded behaviour worth telling the user
    ingested_at: str = ""

    @property
    def flagged_pages(self) -> dict[int, list[str]]:
        """Pages that carry at least one flag, with their flags."""
        return {p.number: list(p.flags) for p in self.pages if p.flags}

    def to_dict(self) -> dict[str, Any]:
        """Plain-dict form for JSON storage and for passing between processes (what
        `dataclasses.asdict` gives, without its deep copy of every string and number)."""
        plain: dict[str, Any] = _plain(self)
        return plain

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        """Inverse of `to_dict`; unknown keys are ignored so that old records still load."""
        return cls(
            **{
                **_known(cls, data),
                "pages": [_page(p) for p in data.get("pages", [])],
                "blocks": [Block(**_known(Block, b)) for b in data.get("blocks", [])],
                "metadata": _metadata(data.get("metadata")),
                "declared": _metadata(data.get("declared")),
                "passages": [Passage(**_known(Passage, p)) for p in data.get("passages", [])],
                "mentions": [Mention(**_known(Mention, m)) for m in data.get("mentions", [])],
            }
        )


def _metadata(data: dict[str, Any] | None) -> Metadata:
    meta = dict(data or {})
    meta["sections"] = [Section(**_known(Section, s)) for s in meta.get("sections", [])]
    return Metadata(**_known(Metadata, meta))


def _page(data: dict[str, Any]) -> Page:
    page = Page(**_known(Page, data))
    page.lines = [TextLine(**_known(TextLine, ln)) for ln in data.get("lines", [])]
    return page


def _known(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in dataclasses.fields(cls)}
    return {k: v for k, v in data.items() if k in names}


_ATOMS = (str, int, float, bool, type(None))
_FIELDS: dict[type, tuple[str, ...]] = {}


def _plain(value: Any) -> Any:
    """`dataclasses.asdict` of one value: dataclasses, lists, tuples and dicts turned into plain
    containers, immutable atoms kept as they are, anything else deep-copied."""
    kind = type(value)
    if kind in _ATOMS:
        return value
    if kind is list:
        return [_plain(v) for v in value]
    names = _FIELDS.get(kind)
    if names is None and dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(value))
    if names is not None:
        return {name: _plain(getattr(value, name)) for name in names}
    if kind is tuple:
        return tuple(_plain(v) for v in value)
    if kind is dict:
        return {_plain(k): _plain(v) for k, v in value.items()}
    return copy.deepcopy(value)
