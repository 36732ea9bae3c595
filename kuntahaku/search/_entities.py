"""Facet values resolved by the entity stage, imported on first use.

The entity stage loads spaCy when it is imported; a search that uses no facet filter should not
pay for that.
"""

from __future__ import annotations


def resolve(facet: str, value: str) -> str:
    """The canonical value of a facet for any alias (raises UnknownFacetValue)."""
    from kuntahaku.ingest import entities

    return entities.resolve(facet, value)
