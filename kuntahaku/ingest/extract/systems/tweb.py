"""Tweb (Triplan KTweb) meeting pages.

Marked by the system's stylesheet (`ktweb.css`) or its program path (`ktwebbin/dbisa.dll`). Its
lists are tables of class `list` with rows `data0`/`data1` ("27.3.2017 15:00 | Kaupunginhallitus:
5/2017"); a meeting's list of §§ ("pk_asil") has a row per item with its number, heading and a
count of attachments ("3 kpl") in a cell of its own. The site's header, menu and footer
(`#header`, `#nav`, `#footer`) are not content.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from typing import Any

from kuntahaku.ingest.extract.systems.base import (
    Reading,
    body_named,
    doc_type_word,
    drop,
    drop_chrome,
    first_date,
    issuer_from,
    item_blocks,
    join_blocks,
    listed_items,
    meeting_number,
    page_title,
    sections_of,
    subtree_text,
    text_of,
)
from kuntahaku.models import Metadata

_MARKER_RE = re.compile(r"ktweb(?:\.css|bin/)", re.IGNORECASE)
_CHROME_IDS = ("header", "nav", "footer", "menu", "navigation")
_CHROME_CLASSES = ("menuSpacer", "navbar", "icon-bar", "browserupgrade", "help")


class Tweb:
    """Reads Tweb's meeting lists and item lists."""

    system = "tweb"

    def detect(self, root: Any, markup: str) -> bool:
        """The KTweb stylesheet or program path in the page."""
        return bool(_MARKER_RE.search(markup))

    def read(self, root: Any, markup: str) -> Reading:
        """Content without the site's chrome; listed items; the body and date of the rows."""
        root = copy.deepcopy(root)
        meta = Metadata()
        meta.municipality = issuer_from(page_title(root), root)
        for el in list(root.iter()):
            if el.getparent() is None or not isinstance(el.tag, str):
                continue
            klass = set((el.get("class") or "").split())
            if (el.get("id") or "").lower() in _CHROME_IDS or klass & set(_CHROME_CLASSES):
                drop(el)
        content = root.find(".//*[@id='content']")
        if content is None:
            content = root.find(".//body")
        if content is None:
            content = root
        drop_chrome(content)
        heading = content.find(".//h1")
        header_cell = content.find(".//td[@class='Header']")
        title_el = heading if heading is not None else header_cell
        meta.title = text_of(title_el).rstrip(":") if title_el is not None else page_title(root)
        items = listed_items(content)
        meta.sections = sections_of(items)
        rows = [
            text_of(tr) for tr in content.iter("tr") if (tr.get("class") or "").startswith("data")
        ]
        bodies = Counter(b for b in (body_named(r) for r in rows) if b)
        if bodies:
            meta.body = bodies.most_common(1)[0][0]
        if items:
            front = " ".join([meta.title, *(text_of(h) for h in content.iter("h2", "h3"))])
            meta.doc_type = doc_type_word(front) or "minutes"
            meta.date = first_date(front)
            meta.meeting_number = meeting_number(front)
            meta.body = body_named(front) or meta.body
        return Reading(self.system, join_blocks(item_blocks(items), subtree_text(content)), meta)
