"""Facet values of search filters, resolved by the gazetteer package (below ingest and search).

Resolving reads the data files and, for an inflected value, the word analysis: no spaCy.
"""

from __future__ import annotations

from kuntahaku.gazetteer import resolve

__all__ = ["resolve"]
