"""Document types and the Finnish, Swedish and English names a user may type for them."""

from __future__ import annotations

import difflib

from kuntahaku.errors import UnknownFacetValue

DOC_TYPES: dict[str, tuple[str, ...]] = {
    "minutes": ("minutes", "pöytäkirja", "pöytäkirjat", "protokoll", "protokollet", "ptk"),
    "agenda": ("agenda", "esityslista", "föredragningslista", "kokouskutsu", "kallelse"),
    "decision": ("decision", "päätös", "viranhaltijapäätös", "beslut", "tjänstemannabeslut"),
    "agreement": ("agreement", "contract", "sopimus", "avtal", "avtalet"),
    "report": (
        "report",
        "raportti",
        "selvitys",
        "selvitykset",
        "rapport",
        "utredning",
        "lausunto",
        "utlåtande",
        "statement",
    ),
    "other": ("other", "muu", "annan", "övrigt"),
}
_ALIASES = {alias: canonical for canonical, names in DOC_TYPES.items() for alias in names}


def resolve_doc_type(value: str) -> str:
    """The canonical type (`minutes`, `agenda`, ...) for a name in any of our languages."""
    key = value.strip().lower()
    if key in _ALIASES:
        return _ALIASES[key]
    close = difflib.get_close_matches(key, list(_ALIASES), n=3, cutoff=0.6)
    raise UnknownFacetValue("type", value, close or sorted(DOC_TYPES))
