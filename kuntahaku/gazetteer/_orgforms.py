"""Organisations named by their legal form: companies (Oy, Oyj, Ab, Abp), associations (ry, rf)
and foundations (säätiö). Their canonical value is the name with the form word in its usual
spelling, so that the tagger and a search filter agree on it."""

from __future__ import annotations

import re
from collections.abc import Sequence

# Lower-case form word -> its usual spelling.
LEGAL_FORMS = {
    "oy": "Oy",
    "oyj": "Oyj",
    "ab": "Ab",
    "abp": "Abp",
    "ry": "ry",
    "r.y.": "ry",
    "rf": "rf",
    "r.f.": "rf",
}
_COLON_SUFFIX = re.compile(r"^(.+?):(\w{1,5})$")  # Oy:n, ry:lle


def legal_form(word: str) -> str:
    """The usual spelling of a legal-form word ("OY", "Oy:n" -> "Oy"), or ""."""
    colon = _COLON_SUFFIX.match(word)
    core = colon.group(1) if colon else word
    return LEGAL_FORMS.get(core.lower().strip(",;"), "")


def organisation_value(words: Sequence[str]) -> str:
    """The canonical value of a name that ends in a legal form or in "säätiö" ("" otherwise):
    at least one name word before the form, each starting with a capital or digit."""
    if len(words) < 2:
        return ""
    names = list(words[:-1])
    if not all(w[:1].isupper() or w[:1].isdigit() for w in names[:1]):
        return ""
    form = legal_form(words[-1])
    if form:
        return " ".join([*names, form])
    last = words[-1].strip(",;")
    if last.lower() in ("säätiö", "stiftelse"):
        return " ".join([*names, last])
    return ""
