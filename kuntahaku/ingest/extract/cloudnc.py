"""CloudNC (CaseM OpenNC) API responses saved as `.json`: a meeting's items or one item, read
by the `systems.cloudnc` adapter. Other JSON is not a document format kuntahaku reads."""

from __future__ import annotations

import json
from pathlib import Path

from kuntahaku.config import Settings
from kuntahaku.errors import CorruptFile, EmptyFile, UnsupportedFormat
from kuntahaku.ingest.extract.encoding import decode
from kuntahaku.ingest.extract.systems import cloudnc
from kuntahaku.models import Document, Page


class CloudncHandler:
    """OpenNC JSON (`.json` whose `odata.metadata` names the OpenNC API)."""

    format = "cloudnc"
    extensions = frozenset({".json"})

    def score(self, path: Path, head: bytes) -> int:
        """70 for JSON that names the OpenNC API in its first bytes, else 0."""
        if path.suffix.lower() != ".json" and not head.lstrip().startswith(b"{"):
            return 0
        return 70 if b"/api/opennc/" in head.lower() else 0

    def extract(self, path: Path, settings: Settings, doc: Document) -> list[Page]:
        """One pseudo-page with the item's (or the meeting's) text."""
        text, _encoding = decode(path.read_bytes(), declared="utf-8", warnings=doc.warnings)
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise CorruptFile(f"not valid JSON: {exc}") from exc
        if not cloudnc.kind_of(data):
            raise UnsupportedFormat("JSON that is not an OpenNC (CloudNC) API response")
        reading = cloudnc.read(data)
        doc.system = reading.system
        doc.declared = reading.declared
        if not reading.text.strip():
            raise EmptyFile("no text in the OpenNC response")
        return [Page(number=1, raw_text=reading.text)]
