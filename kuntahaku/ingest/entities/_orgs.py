"""Organisations by their form: a name followed by a legal form ("Lapuan Jätevesi Oy:n",
"Lapuan Virkiä ry") or by the word säätiö ("Koneen Säätiö", "Sibelius-säätiön").

The name is the run of capitalised words (or digits) just before the form word on the same line,
at most `MAX_NAME_WORDS` of them; a sentence's first word is left out when it is a common word
and others follow ("Lisäksi Sweco Oy" is Sweco Oy, "Koneen Säätiö" stays). Words of a catalogue
organisation are never part of one. The value keeps the name as written and the form word in
its base form and usual spelling, so "Lapuan Jätevesi Oy:n" and "Lapuan Jätevesi Oy" are one
organisation.
"""

from __future__ import annotations

from collections.abc import Sequence

from kuntahaku.gazetteer import legal_form
from kuntahaku.ingest.entities._gazetteer import Match, TokenKeys, sentence_initial

MAX_NAME_WORDS = 5
_FOUNDATION = "säätiö"


def _foundation_word(text: str, keys: TokenKeys) -> str:
    """The base form, as written, of a word that is or ends in säätiö ("Säätiön" -> "Säätiö",
    "Sibelius-säätiön" -> "Sibelius-säätiö"), or ""."""
    for key in sorted(keys.keys, key=len):
        if key.endswith(_FOUNDATION) and text.lower().startswith(key):
            return text[: len(key)]
    return ""


def _name_word(text: str) -> bool:
    """A word that can be part of a name: capitalised, or digits with letters ("3D")."""
    if text[:1].isdigit():
        return any(c.isalpha() for c in text)
    return text[:1].isupper() and any(c.isalpha() for c in text)


def find_organisations(
    words: Sequence[TokenKeys],
    texts: Sequence[str],
    line_starts: set[int],
    taken: set[int],
) -> list[tuple[int, int, str]]:
    """(start, end, value) over word indices for each organisation named by its form."""
    found: list[tuple[int, int, str]] = []
    for i, text in enumerate(texts):
        if i in taken:
            continue
        form = legal_form(text)
        if form in ("Ab", "Abp") and not text[:1].isupper():
            form = ""
        tail = form or _foundation_word(text, words[i])
        if not tail:
            continue
        start = i
        while (
            start > 0
            and i - start < MAX_NAME_WORDS
            and start not in line_starts
            and (start - 1) not in taken
            and _name_word(texts[start - 1])
        ):
            start -= 1
        if start < i - 1 and words[start].common and sentence_initial(texts, start, line_starts):
            start += 1
        if start == i and (form or tail.lower() == _FOUNDATION or not text[:1].isupper()):
            continue  # a form word needs a name before it
        found.append((start, i + 1, " ".join([*texts[start:i], tail])))
    return found


def drop_places_inside(hits: list[Match], orgs: Sequence[tuple[int, int, str]]) -> list[Match]:
    """Drop municipalities named inside a longer organisation name ("Vaasan hallinto-oikeus"
    is a court, "Lapuan Jätevesi Oy" a company, neither a mention of the town) and themes
    inside a name found by its form (as `resolve_overlaps` does for catalogue names)."""
    names = [(h.start, h.end) for h in hits if h.entry.facet == "organisation"]
    names += [(a, b) for a, b, _ in orgs]

    def inside(h: Match) -> bool:
        return any(a <= h.start and h.end <= b and b - a > h.end - h.start for a, b in names)

    def in_form_name(h: Match) -> bool:
        return any(a < h.end and h.start < b for a, b, _ in orgs)

    return [
        h
        for h in hits
        if not (h.entry.facet == "municipality" and inside(h))
        and not (h.entry.facet == "theme" and in_form_name(h))
    ]
