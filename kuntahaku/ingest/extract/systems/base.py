"""What a publishing-system adapter reads from a page, and the helpers every adapter shares.

An adapter turns one page of a municipal publishing system (Dynasty, Tweb, Ahjo, CloudNC, ...)
into a `Reading`: the page's text in the plain form the cleaning stage reads (blocks separated
by blank lines, each listed § item a block of its own starting `§ N`), and the fields the
system itself states (body, meeting date and number, § numbers and titles, diary numbers),
which the metadata stage takes before anything it would guess from the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from kuntahaku.ingest.extract.html import element_to_text
from kuntahaku.ingest.metadata.bodies import body_of, body_pattern
from kuntahaku.ingest.metadata.dates import find_dates
from kuntahaku.models import Metadata, Section


@dataclass
class Item:
    """One § (or agenda item) as the system lists it."""

    number: str
    heading: str
    diary_number: str = ""
    attachments: list[str] = field(default_factory=list)
    attachments_label: str = "Liitteet"  # the system's own label of the list
    text: str = ""  # the item's own text where the page holds it (a single-item page)


@dataclass
class Reading:
    """A page read by an adapter: its text and the fields its system states."""

    system: str
    text: str
    declared: Metadata = field(default_factory=Metadata)


class Adapter(Protocol):
    """Reads the pages of one publishing system."""

    system: str

    def detect(self, root: Any, markup: str) -> bool:
        """Whether the page carries this system's own markers (generator, classes, ids)."""
        ...

    def read(self, root: Any, markup: str) -> Reading:
        """The page's text and declared fields."""
        ...


# A diary number as a system's own field prints it: 3700/11.01.00/2011, 730/2017,
# 3720-2013 (611), 5024-2017 (010), OUKA/1444/10.00.02.02/2017, HEL 2020-008126.
FIELD_DIARY_RE = re.compile(
    r"(?<![\w/.-])(?:"
    r"(?:[A-ZÅÄÖ]{2,6}\s?/\s?)?\d{1,6}/(?:\d{2}(?:\.\d{2}){1,4}/)?(?:19|20)\d\d"
    r"|\d{1,6}-(?:19|20)\d\d(?:\s?\(\d{2,4}\))?"
    r"|HEL\s?\d{4}-\d{6}"
    r"|[A-ZÅÄÖ][A-Za-zÅÄÖåäö]{1,5}Dno-\d{4}-\d{1,6}"
    r")(?![\w/])"
)
_SPACE_RE = re.compile(r"\s+")


def squash(text: str | None) -> str:
    """Whitespace (no-break spaces included) collapsed to single spaces, stripped."""
    return _SPACE_RE.sub(" ", text or "").strip()


def text_of(el: Any) -> str:
    """The element's text on one line."""
    return squash("".join(el.itertext())) if el is not None else ""


def field_diary(text: str) -> str:
    """The diary number a system's field holds ("730/2017", "3720-2013 (611)"), or ""."""
    match = FIELD_DIARY_RE.search(text)
    return squash(match.group(0)) if match else ""


def first_date(text: str) -> str:
    """The first ISO date written in `text`, or ""."""
    return next(iter(find_dates(text)), "")


def body_named(text: str) -> str:
    """The base form of the first body named in `text` ("Kaupunginhallitus: 5/2017")."""
    match = body_pattern().search(text)
    return body_of(match.group(0)) if match else ""


_MEETING_NUMBER_RE = re.compile(r"(?<![\d/])(\d{1,3})/((?:19|20)\d\d)(?![\d/])")


def meeting_number(text: str) -> str:
    """A meeting number "5/2017" ("012/2017" read as "12/2017"), or ""."""
    match = _MEETING_NUMBER_RE.search(text)
    return f"{int(match.group(1))}/{match.group(2)}" if match else ""


def doc_type_word(text: str) -> str:
    """minutes / agenda from the system's own label of a meeting document, or ""."""
    low = text.lower()
    if re.search(r"pöytäkirja|protokoll", low):
        return "minutes"
    if re.search(r"esityslista|föredragningslista|kokouskutsu|lisälista", low):
        return "agenda"
    return ""


def item_blocks(items: Iterable[Item]) -> list[str]:
    """Each item as a block of the plain form: `§ N Heading`, its attachments listed under it,
    then its own text."""
    blocks: list[str] = []
    for item in items:
        blocks.append(f"§ {item.number} {item.heading}".strip())
        if item.diary_number:
            blocks.append(f"Dnro {item.diary_number}")
        if item.attachments:
            names = [f"• {name}" for name in item.attachments]
            blocks.append("\n".join([item.attachments_label, *names]))
        if item.text.strip():
            blocks.append(item.text.strip())
    return blocks


def join_blocks(*parts: str | Iterable[str]) -> str:
    """Blocks (strings or lists of them) joined by blank lines, empty ones dropped."""
    blocks: list[str] = []
    for part in parts:
        for block in [part] if isinstance(part, str) else part:
            if block and block.strip():
                blocks.append(block.strip())
    return "\n\n".join(blocks) + "\n"


def sections_of(items: Iterable[Item]) -> list[Section]:
    """The items as the metadata's numbered sections (page 1: a page is one pseudo-page)."""
    return [Section(it.number, it.heading, 1, diary_number=it.diary_number) for it in items]


def subtree_text(el: Any) -> str:
    """An element's text in the plain form (blocks, `# ` headings, `• ` items, `a | b` rows)."""
    return element_to_text(el) if el is not None else ""


def is_link_bar(el: Any) -> bool:
    """Whether every word of the element sits inside a link: a navigation bar ("Toimielimet |
    Kaupunginhallitus", "Edellinen asia | Seuraava asia"), not content."""
    if el.find(".//a") is None:
        return False
    return not re.sub(r"[\s|»«·•<>/-]+", "", "".join(_text_outside_links(el)))


def _text_outside_links(el: Any) -> list[str]:
    """The element's text that no `<a>` holds."""
    parts: list[str] = []
    if el.tag == "a":
        return parts
    parts.append(el.text or "")
    for child in el:
        if isinstance(child.tag, str):
            parts.extend(_text_outside_links(child))
        parts.append(child.tail or "")
    return parts


def drop(el: Any) -> None:
    """Remove an element from its tree, keeping the text that follows it."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    previous = el.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def issuer_from(title: str, root: Any) -> str:
    """The issuing municipality from the page's own title ("Espoon kaupunki", "Kokousasiakirjat
    - Oulun kaupunki"), else from the host its links point to (ah.turku.fi, espoo04....)."""
    from kuntahaku.ingest.metadata._lines import Line
    from kuntahaku.ingest.metadata.municipality import host_municipality, issuing_municipality

    found = issuing_municipality([Line(1, 0, 0, title)], [], []) if title else ""
    if found:
        return found
    hrefs = [a.get("href") or "" for a in root.iter("a")]
    return host_municipality(hrefs)


def page_title(root: Any) -> str:
    """The `<title>` element's text."""
    title = root.find(".//title")
    return text_of(title) if title is not None else ""


# A § number cell: "125", "§ 12", "186 §", "12 §:"
_NUMBER_CELL_RE = re.compile(r"^(?:§\s*)?(\d{1,4})(?:\s*§)?:?$")
# A cell that counts an item's attachments ("3 kpl", "Liitteet 2"): kept apart from the heading.
_COUNT_CELL_RE = re.compile(r"^(?:liitteet?\s*)?\d{1,3}\s*(?:kpl|st|liitett[äa])?$", re.IGNORECASE)


def listed_items(root: Any, remove: bool = True) -> list[Item]:
    """Rows of a table of items: a cell with the § number, then the heading (its link, or
    the longest other cell); a cell counting attachments is not part of the heading. The rows
    are removed from the tree with `remove`."""
    items: list[Item] = []
    for row in list(root.iter("tr")):
        cells = [td for td in row if td.tag in ("td", "th")]
        if len(cells) < 2:
            continue
        texts = [text_of(c) for c in cells]
        start = next((k for k, t in enumerate(texts) if t), -1)
        match = _NUMBER_CELL_RE.match(texts[start]) if start >= 0 else None
        if not match:
            continue
        rest = [(c, t) for c, t in zip(cells[start + 1 :], texts[start + 1 :], strict=True) if t]
        words = [(c, t) for c, t in rest if not _COUNT_CELL_RE.match(t)]
        if not words:
            continue
        linked = [(c, t) for c, t in words if c.find(".//a") is not None]
        _, heading = max(linked or words, key=lambda ct: len(ct[1]))
        items.append(Item(match.group(1), heading))
        if remove:
            drop(row)
    return items


def drop_chrome(root: Any, tags: tuple[str, ...] = ("center", "table", "tr", "div", "p")) -> None:
    """Remove the page's navigation: links that only run script ("« Paluu edelliselle
    sivulle" is `javascript:history.go(-1)`) and elements that are nothing but links."""
    for a in [a for a in root.iter("a") if (a.get("href") or "").lower().startswith("javascript:")]:
        drop(a)
    for bar in [el for el in root.iter(*tags) if is_link_bar(el)]:
        if bar.getparent() is not None:
            drop(bar)
