"""Persons by rule: a first name (Voikko's class etunimi) next to a capitalised word.

Minutes write names both ways: "Jukka Mäkelä" and, in attendance lists, "Mäkelä Jukka"; both
become the value "Jukka Mäkelä". A first name followed by a capitalised word wins over the
surname-first reading ("Ordförande Emilia Haverinen" is Emilia Haverinen); a word Voikko knows
only as a common word is no surname ("Anna Kaupunginhallitus" is no person). Words inside a
municipality, region, fund or organisation name are never part of a person.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from kuntahaku.ingest.entities._gazetteer import TokenKeys

_NOT_SURNAMES = {"Oy", "Oyj", "Ab", "Abp", "Ltd", "Inc", "Ky", "Ry", "Rf", "Gmbh"}


@lru_cache(maxsize=100_000)
def _name_like(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return (
        len(letters) >= 2
        and text[:1].isupper()
        and text not in _NOT_SURNAMES
        and not all(c.isupper() for c in letters)
        and all(c.isalpha() or c in "-'" for c in text)
    )


def find_persons(
    words: Sequence[TokenKeys],
    texts: Sequence[str],
    line_starts: set[int],
    taken: set[int],
) -> list[tuple[int, int, str]]:
    """(start, end, "First Last") for each person over word indices; `taken` are name words."""
    found: list[tuple[int, int, str]] = []
    n = len(texts)

    name_like = [i not in taken and _name_like(t) for i, t in enumerate(texts)]

    def usable(i: int) -> bool:
        return 0 <= i < n and name_like[i]

    i = 0
    while i < n - 1:
        a, b = i, i + 1
        pair = usable(a) and usable(b) and b not in line_starts
        if pair and words[a].first_name and not words[b].common:
            found.append((a, b + 1, f"{texts[a]} {texts[b]}"))
            i += 2
            continue
        continues = usable(b + 1) and (b + 1) not in line_starts
        surname_first = words[b].first_name and not (words[a].first_name or words[a].common)
        if pair and surname_first and not continues:
            found.append((a, b + 1, f"{texts[b]} {texts[a]}"))
            i += 2
            continue
        i += 1
    return found
