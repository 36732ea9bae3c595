"""Publishing-system adapters: one per system whose pages municipalities publish (Dynasty,
Tweb, Ahjo, Inetview; CloudNC's JSON API is read by `cloudnc`), chosen by the page's own
markers (stylesheets, structural classes and ids), never by its city. A page no adapter knows
goes to the main-content fallback (`fallback`)."""

from __future__ import annotations

from typing import Any

from kuntahaku.ingest.extract.systems import fallback
from kuntahaku.ingest.extract.systems.ahjo import Ahjo
from kuntahaku.ingest.extract.systems.base import Adapter, Reading
from kuntahaku.ingest.extract.systems.dynasty import Dynasty
from kuntahaku.ingest.extract.systems.inetview import Inetview
from kuntahaku.ingest.extract.systems.tweb import Tweb

__all__ = ["ADAPTERS", "Reading", "adapter_for", "read_page"]

ADAPTERS: tuple[Adapter, ...] = (Ahjo(), Dynasty(), Tweb(), Inetview())


def adapter_for(root: Any, markup: str) -> Adapter | None:
    """The adapter whose system's markers the page carries, or None."""
    return next((a for a in ADAPTERS if a.detect(root, markup)), None)


def read_page(root: Any, markup: str) -> Reading:
    """The page read by its system's adapter, or by the main-content fallback."""
    adapter = adapter_for(root, markup)
    return adapter.read(root, markup) if adapter else fallback.read(root, markup)
