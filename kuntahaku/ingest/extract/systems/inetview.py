"""Pages written by an "Inetview" publisher (its stylesheet `Inetview.css`): a meeting's index
("Kaupunginhallitus 02.05.2017 - Pöytäkirja", a table "Pykälä | Otsikko" whose numbers are
written before the sign, "186 §") and lists of meetings ("02.05.2017 - Pöytäkirja - 011/2017").
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
    sections_of,
    subtree_text,
    text_of,
)
from kuntahaku.models import Metadata

_MARKER_RE = re.compile(r"Inetview\.css", re.IGNORECASE)


class Inetview:
    """Reads Inetview meeting indexes and meeting lists."""

    system = "inetview"

    def detect(self, root: Any, markup: str) -> bool:
        """The Inetview stylesheet."""
        return bool(_MARKER_RE.search(markup[:4000]))

    def read(self, root: Any, markup: str) -> Reading:
        """The h1 heading's body, date and document kind; the listed §§."""
        root = copy.deepcopy(root)
        body = root.find(".//body")
        if body is None:
            body = root
        meta = Metadata()
        meta.municipality = issuer_from("", root)
        for el in [el for el in body if isinstance(el.tag, str) and el.tag == "a"]:
            drop(el)  # "Takaisin kokousluetteloon": navigation set between rules
        drop_chrome(body)
        h1 = body.find(".//h1")
        title = text_of(h1) if h1 is not None else ""
        meta.title = title
        items = listed_items(body)
        meta.sections = sections_of(items)
        entries = [text_of(li) for li in body.iter("li")]
        meta.body = body_named(title) or _most_common(body_named(e) for e in entries)
        if items:
            meta.doc_type = doc_type_word(title) or "minutes"
            meta.date = first_date(title)
        elif entries:
            meta.doc_type = "other"  # a list of meetings
        meta.meeting_number = meeting_number(title) if items else ""
        text = join_blocks(item_blocks(items), subtree_text(body))
        return Reading(self.system, text, meta)


def _most_common(values: Any) -> str:
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else ""
