"""Entity stage (interim until the gazetteers land): no tagging; filters accept values as given."""

from __future__ import annotations

from kuntahaku.config import Settings
from kuntahaku.models import Document

FACETS = ("municipality", "region", "fund", "theme", "organisation")


def run(doc: Document, settings: Settings) -> Document:
    """Fill `doc.mentions` and `passage.entities`."""
    return doc


def resolve(facet: str, value: str) -> str:
    """The canonical value of a facet for any alias in any case and language."""
    return value


def known_values(facet: str) -> list[str]:
    """Every canonical value of a facet."""
    return []


def theme_terms(theme: str) -> list[str]:
    """Trigger terms of a theme in every language."""
    return []
