"""Persons by rule: a first name (Voikko's class etunimi) next to a capitalised word.

Minutes write names both ways: "Jukka Mäkelä" and, in attendance lists, "Mäkelä Jukka"; both
become the value "Jukka Mäkelä". A first name followed by a capitalised word wins over the
surname-first reading ("Ordförande Emilia Haverinen" is Emilia Haverinen); a word Voikko knows
only as a common word is no surname ("Anna Kaupunginhallitus" is no person) unless the first name
is nothing but a name ("Juha Hella", "Sami Kuula"). A word Voikko reads
only as a place name before a surname is a first name too ("Simo Ikola"). Words inside a
municipality, region, fund or organisation name are never part of a person.

Values are in base form. Only a name's last word inflects, so the first name stays as written; a
surname followed by a lower-case word takes Voikko's base form (its surname reading, else its
place-name reading: "Hannele Kerolan aloite" -> "Hannele Kerola"). A surname Voikko does not
know stays as written; `merge_inflected` then maps it to a shorter form of the same person found
in the same document ("Riina Turjaa" -> "Riina Turja").
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

    def name(first: int, last: int) -> str:
        """ "First Last"; a surname in a case form is put in base form where the case shows:
        only the last word of a name inflects, and it is followed by the word it belongs to
        ("Hannele Kerolan aloite"), while "Timo Kuismin, puh." is a name in base form."""
        surname = texts[last]
        base = words[last].surname_base
        nxt = last + 1
        inflected = (
            last > first
            and nxt < n
            and nxt not in line_starts
            and texts[nxt][:1].islower()
            and texts[nxt].isalpha()
        )
        if inflected and base[:1].isupper() and base != surname:
            surname = base
        return f"{texts[first]} {surname}"

    i = 0
    while i < n - 1:
        a, b = i, i + 1
        pair = usable(a) and usable(b) and b not in line_starts
        place_first = not (words[a].common or words[a].first_name) and words[b].surname
        # A surname may be a common word (Hella, Kuula) after a word that is only a first name.
        surname_ok = not words[b].common or (words[a].first_name and words[a].name_only)
        if pair and (words[a].first_name or place_first) and surname_ok:
            found.append((a, b + 1, name(a, b)))
            i += 2
            continue
        continues = usable(b + 1) and (b + 1) not in line_starts
        place_last = not (words[b].common or words[b].first_name) and words[a].surname
        surname_first = (words[b].first_name or place_last) and not (
            words[a].first_name or words[a].common
        )
        if pair and surname_first and not continues:
            found.append((a, b + 1, name(b, a)))
            i += 2
            continue
        i += 1
    return found


_FI_CASES = "n a ä ta tä na nä ssa ssä sta stä lla llä lta ltä lle ksi in"
_ENDINGS = tuple(sorted(set(_FI_CASES.split()), key=len, reverse=True))


def merge_inflected(values: Sequence[str]) -> dict[str, str]:
    """Person values of one document -> the value to store: a surname that is another
    value's surname plus a Finnish case ending is that other value ("Riina Turjaa" ->
    "Riina Turja" when both occur)."""
    known = set(values)
    out: dict[str, str] = {}
    for value in known:
        first, _, last = value.rpartition(" ")
        target = value
        for ending in _ENDINGS:
            shorter = f"{first} {last[: -len(ending)]}"
            if last.endswith(ending) and len(last) - len(ending) >= 2 and shorter in known:
                target = shorter
                break
        out[value] = target
    return out
