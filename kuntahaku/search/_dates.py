"""Dates typed by users (`2021`, `2021-05`, `2021-05-03`, `3.5.2021`) as ISO day bounds."""

from __future__ import annotations

import calendar
import re
from datetime import date

from kuntahaku.errors import QuerySyntaxError

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_FI = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def date_bound(value: str, end: bool) -> str:
    """The first (or, with `end`, the last) ISO day a typed date stands for.

    Raises QuerySyntaxError for anything that is not a real date.
    """
    text = value.strip()
    m = _ISO.match(text)
    fi = _FI.match(text)
    if fi:
        year, month, day = int(fi.group(3)), int(fi.group(2)), int(fi.group(1))
    elif m:
        year = int(m.group(1))
        month = int(m.group(2)) if m.group(2) else (12 if end else 1)
        if m.group(3):
            day = int(m.group(3))
        elif 1 <= month <= 12:
            day = calendar.monthrange(year, month)[1] if end else 1
        else:
            day = 1
    else:
        raise QuerySyntaxError(f"bad date {value!r}; write YYYY, YYYY-MM or YYYY-MM-DD")
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        raise QuerySyntaxError(f"bad date {value!r}; write YYYY, YYYY-MM or YYYY-MM-DD") from None


def date_prefix(value: str) -> str:
    """The ISO prefix a typed date matches (`2021`, `2021-05`, `2021-05-03`), validated."""
    text = value.strip()
    start = date_bound(text, end=False)
    if _FI.match(text):
        return start
    parts = text.split("-")
    return start[: {1: 4, 2: 7}.get(len(parts), 10)]
