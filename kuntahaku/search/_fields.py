"""The passage record's field names, shared by both engines (no engine imported here, so that a
search on one engine does not load the other)."""

from __future__ import annotations

from collections import Counter

SCHEMA_VERSION = "kuntahaku.passages.v1"
LANGS = ("fi", "sv", "en")
TEXT_FIELDS = tuple(f"text_{lang}" for lang in LANGS)
ENTITY_FACETS = ("municipality", "region", "fund", "theme", "organisation")
# Facets counted per document, in display order; each is an indexed field of the same name.
# `issuer` is the document's issuing municipality; `municipality` those its passages mention.
FACETS = ("issuer", *ENTITY_FACETS, "doc_type", "lang", "year", "body")


def ordered_facets(counts: Counter[tuple[str, str]]) -> dict[str, dict[str, int]]:
    """Counts per (facet, value) as every facet's values, most documents first (years newest
    first), in FACETS order; the same for every engine."""
    by_facet: dict[str, list[tuple[str, int]]] = {f: [] for f in FACETS}
    for (facet, value), n in counts.items():
        if facet in by_facet:
            by_facet[facet].append((value, n))
    out: dict[str, dict[str, int]] = {}
    for facet, items in by_facet.items():
        if facet == "year":
            items.sort(reverse=True)
        else:
            items.sort(key=lambda kv: (-kv[1], kv[0]))
        out[facet] = dict(items)
    return out
