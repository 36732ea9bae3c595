"""Diary (record) numbers: recognised in text and queries, and normalised to one comparable form.

Forms seen in Finnish and Swedish municipal documents: `HEL 2020-010811` (Helsinki),
`VD/1545/00.04.00/2017`, `OUKA/899/02.06.01.04/2017`, `NKBY/523/00.05.00/2022`,
`10024/164672/2023`, `KF/2006.203`, each possibly after `Dnro`, `Dnr`, `Diaarinumero` or
`Diarienummer`.
"""

from __future__ import annotations

import re

_LABEL = r"(?:(?:dnro|dnr|diaarinro|diaarinumero|diarienr|diarienummer)\.?:?\s*)"
_PATTERNS = (
    r"\b[A-ZÅÄÖ]{2,6}\s?\d{4}-\d{3,8}\b",  # HEL 2020-010811
    r"\b[A-ZÅÄÖ]{1,8}/\d{1,6}/\d{2}(?:\.\d{2}){0,4}/\d{4}\b",  # VD/1545/00.04.00/2017
    r"\b\d{1,6}/\d{2}(?:\.\d{2}){1,4}/\d{4}\b",  # 1545/00.04.00/2017
    r"\b\d{3,6}/\d{3,7}/\d{4}\b",  # 10024/164672/2023
    r"\b[A-ZÅÄÖ]{1,8}/\d{4}\.\d{1,6}\b",  # KF/2006.203 (Swedish municipalities)
)
DIARY_RE = re.compile(rf"(?i:{_LABEL})?(?:{'|'.join(_PATTERNS)})")
_LABEL_RE = re.compile(rf"^(?i:{_LABEL})")


def normalise_diary(value: str) -> str:
    """One comparable form without label or spaces: `hel 2020-010811` -> `HEL2020-010811`."""
    return re.sub(r"\s+", "", _LABEL_RE.sub("", value.strip())).upper()


def find_diary_numbers(text: str) -> list[str]:
    """Normalised diary numbers written in a text, in order, without repeats."""
    return list(dict.fromkeys(normalise_diary(m.group(0)) for m in DIARY_RE.finditer(text)))


def diary_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, normalised) of every diary number in a text, e.g. a query."""
    return [(m.start(), m.end(), normalise_diary(m.group(0))) for m in DIARY_RE.finditer(text)]


def diary_index_terms(number: str) -> list[str]:
    """Terms that index a normalised diary number: itself and, for `VD/1545/...`, `1545/...`."""
    out = [number]
    head, _, rest = number.partition("/")
    if rest and head.isalpha():
        out.append(rest)
    return out
