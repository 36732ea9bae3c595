"""Bounds on the work one search may do: how many index terms its wildcards and fuzzy words may
expand to, and how long it may run. A query past a bound is refused with a QuerySyntaxError
(exit 2) that names the bound and says what to change, instead of running for minutes.
"""

from __future__ import annotations

import time
from itertools import islice
from typing import Any

from kuntahaku.errors import QuerySyntaxError, QueryTimeout

MAX_EXPANDED_TERMS = 1024  # index terms all wildcards and fuzzy words of a query may stand for
SEARCH_SECONDS = 10.0  # the longest a search may run before it is stopped


def check_expansion(q: Any, reader: Any, limit: int = MAX_EXPANDED_TERMS) -> None:
    """Raise QuerySyntaxError when the wildcards and fuzzy words of `q` stand for more than
    `limit` index terms together (counted per field, stopping as soon as the limit is passed)."""
    from whoosh import query as wq  # the whoosh engine's; a tantivy search never loads whoosh

    left = limit
    seen: set[tuple[str, str, type]] = set()
    for leaf in q.leaves():
        if not isinstance(leaf, wq.MultiTerm) or isinstance(leaf, wq.Every):
            continue
        key = (leaf.field(), str(getattr(leaf, "text", "")), type(leaf))
        if key in seen:
            continue  # the same word twice expands to the same terms
        seen.add(key)
        if leaf.field() not in reader.schema:
            continue
        found = sum(1 for _ in islice(leaf._btexts(reader), left + 1))
        left -= found
        if left < 0:
            raise expansion_error(_shown(leaf), limit)


def expansion_error(shown: str, limit: int = MAX_EXPANDED_TERMS) -> QuerySyntaxError:
    """The error for a wildcard or fuzzy word (`shown` as typed) past the expansion bound."""
    return QuerySyntaxError(
        f"{shown!r} matches too many words in the index (more than {limit} with the "
        "query's other wildcards); make it longer or more specific"
    )


def _shown(leaf: Any) -> str:
    from whoosh import query as wq

    if isinstance(leaf, wq.FuzzyTerm):
        return f"{leaf.text}~{leaf.maxdist}"
    return str(leaf.text) + ("*" if isinstance(leaf, wq.Prefix) else "")


class Deadline:
    """A point in time after which a running search stops with QueryTimeout."""

    def __init__(self, seconds: float = SEARCH_SECONDS) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def check(self) -> None:
        """Raise QueryTimeout when the time is up."""
        if time.monotonic() > self.at:
            raise QueryTimeout(
                f"the search took longer than {self.seconds:g} s and was stopped; "
                "use fewer wildcards or more specific words"
            )
