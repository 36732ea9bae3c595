"""Reading a term's postings a block at a time, and a segment's field lengths in one read.

Whoosh's matchers step through postings one Python call per posting (`id()`, `weight()`,
`next()`), which was most of our query time at 10^5 passages. Its posting blocks already hold
the ids, weights and values of up to 128 postings each; these functions take them whole. Each
falls back to the matcher interface for any matcher or column of a kind it does not know, so a
different whoosh build gives the same answers, only slower (tests compare both paths).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.columns import FixedBytesColumn
from whoosh.matching.wrappers import FilterMatcher
from whoosh.util.numeric import byte_to_length

# Field length of each length byte, as whoosh decodes it (the byte is a lossy log scale).
_LENGTHS = np.asarray([byte_to_length(b) for b in range(256)], dtype=np.float64)


def _unwrap(matcher: Any) -> tuple[Any, frozenset[int]]:
    """The posting matcher under whoosh's deleted-documents filter, and the deleted docnums."""
    if isinstance(matcher, FilterMatcher) and matcher._exclude:
        return matcher.child, frozenset(matcher._ids)
    return matcher, frozenset()


def _blocks(m: Any, values: bool) -> tuple[list[int], list[float], list[Any]]:
    ids: list[int] = []
    weights: list[float] = []
    vals: list[Any] = []
    while m.is_active():
        m._read_ids()
        m._read_weights()
        ids.extend(m._ids)
        weights.extend(m._weights)
        if values:
            m._read_values()
            vals.extend(m._values)
        m._next_block()
    return ids, weights, vals


def _stepped(m: Any, values: bool) -> tuple[list[int], list[float], list[Any]]:
    ids: list[int] = []
    weights: list[float] = []
    vals: list[Any] = []
    while m.is_active():
        ids.append(m.id())
        weights.append(m.weight())
        if values:
            vals.append(m.value())
        m.next()
    return ids, weights, vals


def read_postings(
    reader: Any, fieldname: str, btext: bytes, values: bool = False
) -> tuple[list[int], list[float], list[Any]]:
    """Live docnums, weights and (when asked) encoded values of one term in one segment."""
    matcher, deleted = _unwrap(reader.postings(fieldname, btext))
    if type(matcher) is W3LeafMatcher and not matcher._byteids:
        ids, weights, vals = _blocks(matcher, values)
    else:  # inlined postings of a rare term (a ListMatcher), or a matcher we do not know
        ids, weights, vals = _stepped(matcher, values)
    if deleted:
        keep = [i for i, d in enumerate(ids) if d not in deleted]
        ids = [ids[i] for i in keep]
        weights = [weights[i] for i in keep]
        if vals:
            vals = [vals[i] for i in keep]
    return ids, weights, vals


def field_lengths(reader: Any, fieldname: str) -> np.ndarray:
    """Every docnum's length of a field in one segment (the BM25 document length), read from
    its length column in one piece."""
    n = int(reader.doc_count_all())
    perdoc = getattr(reader, "_perdoc", None)
    column = None
    if perdoc is not None and hasattr(perdoc, "_cached_reader"):
        column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if isinstance(column, FixedBytesColumn.Reader) and column._fixedlen == 1:
        raw = np.frombuffer(column._dbfile.get(column._basepos, column._count), dtype=np.uint8)
        out = np.zeros(n, dtype=np.float64)
        out[: min(n, len(raw))] = _LENGTHS[raw[:n]]
        return out
    return np.asarray(
        [reader.doc_field_length(d, fieldname, 0) or 0 for d in range(n)], dtype=np.float64
    )
