"""Dynasty (Innofactor, formerly Documenta) published meeting pages.

Marked by the system's stylesheet (`DJULKAISU.CSS`) and its body classes: `bodyKokous` (one
meeting: a table of §§ with their headings), `bodyKokousasia` (one item: the body's Word HTML
between link bars, with its attachments listed), `bodyTelin` / `bodyTelimet` (lists of meetings
and bodies). Every page carries a heading label `label.h3`: "Kaupunginhallitus<br>Pöytäkirja
08.05.2017 Pykälä 127".
"""

from __future__ import annotations

import copy
import re
from typing import Any

from kuntahaku.ingest.extract.systems.base import (
    Item,
    Reading,
    body_named,
    doc_type_word,
    drop,
    drop_chrome,
    field_diary,
    first_date,
    issuer_from,
    item_blocks,
    join_blocks,
    listed_items,
    page_title,
    sections_of,
    squash,
    subtree_text,
    text_of,
)
from kuntahaku.models import Metadata

_STYLESHEET_RE = re.compile(r"DJULKAISU\d*\.CSS", re.IGNORECASE)
_BODY_CLASSES = ("bodyKokous", "bodyKokousasia", "bodyTelin", "bodyTelimet")
# "Pykälä 127" (minutes), "Asianro 4" / "Asia 4" (agenda)
_ITEM_NUMBER_RE = re.compile(r"\b(?:Pykälä|Asianro|Asia|§)\s*(\d{1,4})\b", re.IGNORECASE)
_LABEL_WORDS_RE = re.compile(
    r"^(?:Päätös|Päätösehdotus|Ehdotus|Käsittely|Selostus|Liite|Liitteet|Oheismateriaali|"
    r"Tiedoksi|Muutoksenhaku|Päätöshistoria|Valmistelijat)\b",
    re.IGNORECASE,
)


class Dynasty:
    """Reads Dynasty's meeting, item and list pages."""

    system = "dynasty"

    def detect(self, root: Any, markup: str) -> bool:
        """The Dynasty stylesheet, or one of its body classes."""
        body = root.find(".//body")
        klass = (body.get("class") or "") if body is not None else ""
        return bool(_STYLESHEET_RE.search(markup[:4000])) or klass in _BODY_CLASSES

    def read(self, root: Any, markup: str) -> Reading:
        """The page's label, its §§ (listed or the one item), attachments and content."""
        root = copy.deepcopy(root)
        body = root.find(".//body")
        if body is None:
            body = root
        label_lines = _label_lines(body)
        meta = Metadata()
        meta.municipality = issuer_from(page_title(root), root)
        kind = body.get("class") or ""
        for line in label_lines:
            meta.body = meta.body or body_named(line)
            meta.doc_type = doc_type_word(line) or meta.doc_type
            meta.date = meta.date or first_date(line)
        attachments = _attachments(body)  # links only, like a link bar: read before those go
        drop_chrome(body)
        if kind == "bodyKokousasia":
            return self._item_page(body, label_lines, meta, attachments)
        items = listed_items(body)
        for row in [tr for tr in body.iter("tr") if "trHea" in (tr.get("class") or "")]:
            if items:
                drop(row)  # the header row of the table of items ("Pykälä | Otsikko")
        meta.sections = sections_of(items)
        if items:
            meta.title = _title_line(label_lines)
        else:
            # the label's lines without the letterhead ("Espoon kaupunki / Kokouslistat")
            own = [ln for ln in label_lines if not issuer_from(ln, body.makeelement("p"))]
            meta.title = " - ".join(own or label_lines)
            meta.doc_type = "other"  # a list of meetings or bodies
            meta.date = ""
        heading = "# " + " ".join(label_lines) if label_lines else ""
        return Reading(
            self.system, join_blocks(heading, item_blocks(items), subtree_text(body)), meta
        )

    def _item_page(
        self, body: Any, label_lines: list[str], meta: Metadata, attachments: tuple[str, list[str]]
    ) -> Reading:
        """One item: its number from the label, its title the first bold paragraph, its diary
        number in the right-aligned field above, its attachments from the "Liitteet" box."""
        number = ""
        for line in label_lines:
            match = _ITEM_NUMBER_RE.search(line)
            if match:
                number = match.group(1)
        label, names = attachments
        heading = ""
        diary = ""
        for p in body.iter("p"):
            text = text_of(p)
            if not text:
                continue
            if not diary and (p.get("align") or "").lower() == "right":
                diary = field_diary(text)
                continue
            if _all_bold(p) and not _LABEL_WORDS_RE.match(text) and len(text.split()) >= 2:
                heading = text
                break
        item = Item(number, heading, diary, names, label)
        meta.title = heading or _title_line(label_lines)
        meta.diary_numbers = [diary] if diary else []
        meta.sections = sections_of([item]) if number else []
        return Reading(self.system, join_blocks(item_blocks([item]), subtree_text(body)), meta)


def _label_lines(body: Any) -> list[str]:
    """The lines of the page's heading label, and the label's table removed from the tree."""
    label = body.find(".//label[@class='h3']")
    if label is None:
        return []
    parts: list[str] = [label.text or ""]
    for child in label:
        if child.tag == "br":
            parts.append("")
        parts[-1] += "".join(child.itertext()) if child.tag != "br" else ""
        parts[-1] += child.tail or ""
    table = label
    while table is not None and table.tag != "table":
        table = table.getparent()
    drop(table if table is not None else label)
    return [squash(p) for p in parts if squash(p)]


def _title_line(label_lines: list[str]) -> str:
    """ "Pöytäkirja 08.05.2017" from "Pöytäkirja 08.05.2017 klo 15:30 / Tarkastettu"."""
    for line in label_lines:
        if doc_type_word(line):
            return re.split(r"\s+(?:klo\b|/|Pykälä\b|Asianro\b|Asia\b)", line)[0]
    return label_lines[0] if label_lines else ""


def _attachments(body: Any) -> tuple[str, list[str]]:
    """The label and attachment names of an item's "Liitteet" box, the box removed from the
    tree (each name a link of its own, never glued to the heading)."""
    for box in body.iter("div"):
        label = squash(box.text)
        if label.lower().startswith(("liitteet", "bilagor")):
            names = [text_of(a) for a in box.iter("a") if text_of(a)]
            drop(box)
            return label, names
    return "Liitteet", []


def _all_bold(p: Any) -> bool:
    """Every word of the paragraph is set bold (`<b>`/`<strong>`): a heading by its weight."""
    bold = "".join("".join(b.itertext()) for b in p.iter("b", "strong"))
    return bool(squash(bold)) and len(squash(bold)) >= len(text_of(p)) - 1
