"""CloudNC (CaseM OpenNC) API responses: OData JSON of a meeting's items or of one item.

`.../api/opennc/v1/$metadata#Contents` lists a meeting's contents (`Subject` per item, the
meeting as a classification "Kokous 5.6.2017"); `#ExtendedProperties` holds one item as
name/text pairs: `Name` (heading), `Article` (§), `CaseNativeId` (diary number),
`Description`, `Decisionproposal`, `Decision` (HTML), `Attachments` (links) and
`HistoryTopics` (the item's earlier treatment by other bodies, whose `Party` is not the body
that decides here).
"""

from __future__ import annotations

import json
import re
from typing import Any

from kuntahaku.ingest.extract.html import html_to_text
from kuntahaku.ingest.extract.systems.base import (
    Item,
    Reading,
    body_named,
    field_diary,
    first_date,
    item_blocks,
    join_blocks,
    sections_of,
    squash,
)
from kuntahaku.models import Metadata

_API_RE = re.compile(r"/api/opennc/v\d+/\$metadata#(\w+)", re.IGNORECASE)
# Parts of an item in reading order, with the label a reader sees.
_PARTS = (
    ("Description", "Esittelyteksti"),
    ("Decisionproposal", "Päätösehdotus"),
    ("Decision", "Päätös"),
    ("Inform", "Tiedoksi"),
)
_MEETING_TYPE = 7  # the classification type of a meeting node


def kind_of(data: Any) -> str:
    """ "ExtendedProperties" / "Contents" for an OpenNC response, "" for any other JSON."""
    if not isinstance(data, dict):
        return ""
    match = _API_RE.search(str(data.get("odata.metadata", "")))
    return match.group(1) if match and isinstance(data.get("value"), list) else ""


def read(data: dict[str, Any]) -> Reading:
    """The item or the list of a meeting's items."""
    from kuntahaku.ingest.metadata.municipality import host_municipality

    kind = kind_of(data).lower()
    reading = _item(data["value"]) if kind == "extendedproperties" else _contents(data["value"])
    # The API's own address names the municipality whose service it is (mikkeli.cloudnc.fi).
    reading.declared.municipality = host_municipality([str(data.get("odata.metadata", ""))])
    return reading


def _item(values: list[Any]) -> Reading:
    fields: dict[str, list[str]] = {}
    for entry in values:
        if isinstance(entry, dict):
            fields.setdefault(str(entry.get("Name", "")), []).append(str(entry.get("Text") or ""))

    def one(name: str) -> str:
        return (fields.get(name) or [""])[0]

    meta = Metadata(doc_type="decision" if html_to_text(one("Decision")).strip() else "agenda")
    heading = squash(one("Name"))
    number = re.sub(r"\D", "", one("Article"))
    diary = field_diary(one("CaseNativeId")) or squash(one("CaseNativeId"))
    attachments = [squash(html_to_text(a)) for a in fields.get("Attachments", []) if a.strip()]
    meta.title = heading
    meta.diary_numbers = [diary] if diary else []
    proposal = html_to_text(one("Decision")) + html_to_text(one("Decisionproposal"))
    meta.body = body_named(" ".join(proposal.split()[:2]))
    parts: list[str] = []
    for name, label in _PARTS:
        text = html_to_text(one(name)).strip()
        if text:
            parts.append(f"{label}\n\n{text}")
    history = _history(one("HistoryTopics"))
    item = Item(number, heading, diary, attachments)
    meta.sections = sections_of([item]) if number else []
    blocks = item_blocks([item]) if number else [heading]
    return Reading("cloudnc", join_blocks(blocks, parts, history), meta)


def _history(raw: str) -> list[str]:
    """The earlier treatment of the item, each with its body's name as a heading."""
    try:
        topics = json.loads(raw) if raw.strip() else []
    except ValueError:
        return []
    blocks: list[str] = []
    for topic in topics if isinstance(topics, list) else []:
        if not isinstance(topic, dict):
            continue
        party = squash(str(topic.get("Party") or ""))
        blocks.append(f"Käsittelyhistoria: {party}" if party else "Käsittelyhistoria")
        for key, label in (("DescisionProposal", "Päätösehdotus"), ("Descision", "Päätös")):
            text = html_to_text(str(topic.get(key) or "")).strip()
            if text:
                blocks.append(f"{label}\n\n{text}")
    return blocks


def _contents(values: list[Any]) -> Reading:
    meta = Metadata(doc_type="other")
    subjects: list[str] = []
    meeting = ""
    for entry in values:
        if not isinstance(entry, dict):
            continue
        for node in entry.get("Classifications") or []:
            if isinstance(node, dict) and node.get("Type") == _MEETING_TYPE and not meeting:
                meeting = squash(str(node.get("NodeName") or ""))
        subject = squash(str(entry.get("Subject") or ""))
        if subject:
            subjects.append(subject)
    meta.title = meeting
    meta.date = first_date(meeting)
    heading = f"# {meeting}" if meeting else ""
    return Reading("cloudnc", join_blocks(heading, "\n".join(f"• {s}" for s in subjects)), meta)
