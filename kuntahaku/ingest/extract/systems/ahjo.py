"""Ahjo (City of Helsinki) decision and proposal HTML.

Marked by the document's classes: a `div.paatos` (a decision, a § of minutes) or `div.esitys`
(a proposal) holding `Asiapykala` (§ number), `h1.AsiaOtsikko` (heading), `DnroTmuoto` (diary
number with its task class) and `SisaltoSektio` parts headed `h3.SisaltoOtsikko` ("Päätös",
"Päätösehdotus", "Esitys", "Käsittely").
"""

from __future__ import annotations

import re
from typing import Any

from kuntahaku.ingest.extract.systems.base import (
    Item,
    Reading,
    body_named,
    field_diary,
    item_blocks,
    join_blocks,
    page_title,
    sections_of,
    subtree_text,
    text_of,
)
from kuntahaku.ingest.metadata.diary import municipality_of
from kuntahaku.models import Metadata

# The parts that say what is decided, in the order that decides: the decision, then the
# proposal made to the body.
_DECIDING_PARTS = ("päätös", "päätösehdotus", "esitys", "beslut", "beslutsförslag", "framställning")


def _by_class(root: Any, name: str) -> list[Any]:
    return [el for el in root.iter() if name in (el.get("class") or "").split()]


class Ahjo:
    """Reads Ahjo's decision (`paatos`) and proposal (`esitys`) documents."""

    system = "ahjo"

    def detect(self, root: Any, markup: str) -> bool:
        """A `paatos`/`esitys` container with Ahjo's own item classes inside."""
        containers = _by_class(root, "paatos") + _by_class(root, "esitys")
        return bool(containers) and bool(
            _by_class(root, "SisaltoSektio") or _by_class(root, "AsiaOtsikko")
        )

    def read(self, root: Any, markup: str) -> Reading:
        """§ number, heading, diary number, deciding body and attachments."""
        meta = Metadata()
        meta.doc_type = "decision" if _by_class(root, "paatos") else "agenda"
        number_el = next(iter(_by_class(root, "Asiapykala")), None)
        number = re.sub(r"\D", "", text_of(number_el)) if number_el is not None else ""
        heading_el = next(iter(_by_class(root, "AsiaOtsikko")), None)
        heading = text_of(heading_el) if heading_el is not None else ""
        meta.title = heading or page_title(root)
        diary_el = next(iter(_by_class(root, "DnroTmuoto")), None)
        diary = field_diary(text_of(diary_el)) if diary_el is not None else ""
        meta.diary_numbers = [diary] if diary else []
        meta.body = _deciding_body(root)
        meta.municipality = municipality_of(diary) if diary else ""
        if not meta.municipality:
            from kuntahaku.ingest.extract.systems.base import issuer_from

            meta.municipality = issuer_from("", root)
        attachments = [
            text_of(div)
            for section in _by_class(root, "LiitteetOptio")
            for div in section.iter("div")
            if text_of(div)
        ]
        item = Item(number, heading, diary, attachments)
        meta.sections = sections_of([item]) if number else []
        body = root.find(".//body")
        text = subtree_text(body if body is not None else root)
        blocks = item_blocks([item]) if number else []
        return Reading(self.system, join_blocks(blocks, text), meta)


def _deciding_body(root: Any) -> str:
    """The body that decides: the subject of the decision (or proposal) part's first sentence
    ("Kaupunkiympäristölautakunta esitti ...", "Kaupunginhallitus päätti ..."), else the body
    the presenter's box names."""
    parts: dict[str, Any] = {}
    for section in _by_class(root, "SisaltoSektio"):
        title = next(iter(_by_class(section, "SisaltoOtsikko")), None)
        if title is not None:
            parts.setdefault(text_of(title).lower(), section)
    for name in _DECIDING_PARTS:
        section = parts.get(name)
        if section is None:
            continue
        for p in section.iter("p", "li"):
            body = body_named(" ".join(text_of(p).split()[:2]))
            if body:
                return body
    for box in _by_class(root, "EsittelijaTiedot"):
        container = box if box.tag == "section" else box.getparent()
        for div in container.iter("div") if container is not None else []:
            body = body_named(text_of(div))
            if body:
                return body
    return ""
