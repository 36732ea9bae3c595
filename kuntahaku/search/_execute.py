"""Evaluating a whoosh query over one segment into per-passage scores, a posting block at a time.

The queries our parser builds (terms, AND/OR/NOT, AND-MAYBE, phrases and ordered span phrases)
are evaluated here from whole posting blocks into arrays as long as the segment (`Hits`), with
whoosh's BM25F formula and statistics, so a passage gets the score whoosh's own matchers would
give it (tests compare the two). Any other query (wildcards, fuzzy terms, ranges, a bare NOT)
runs through whoosh's matcher for that sub-query, which gives the same scores more slowly.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate
from pickle import loads
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.formats import Positions
from whoosh.query import qcore
from whoosh.query.spans import SpanNear2, SpanOr
from whoosh.scoring import BM25F
from whoosh.system import _INT_SIZE

from kuntahaku.search._bounds import Deadline
from kuntahaku.search._live import Leaf
from kuntahaku.search._postings import read_postings
from kuntahaku.search._whoosh_analysis import TermPositionsFormat


@dataclass
class Hits:
    """Which passages of a segment match (`mask`) and their scores (0 where not matched)."""

    mask: np.ndarray
    score: np.ndarray

    @classmethod
    def empty(cls, n: int) -> Hits:
        """No passage of an n-passage segment."""
        return cls(np.zeros(n, dtype=bool), np.zeros(n, dtype=np.float64))

    def docnums(self) -> np.ndarray:
        """The matching docnums, ascending."""
        return np.flatnonzero(self.mask)

    def scaled(self, boost: float) -> Hits:
        """The same hits with every score multiplied by `boost`."""
        return self if boost == 1.0 else Hits(self.mask, self.score * boost)

    def __len__(self) -> int:
        return int(np.count_nonzero(self.mask))


class SegmentQuery:
    """Evaluates queries on one segment with the index-wide statistics of `top`."""

    def __init__(self, top: Any, leaf: Leaf, deadline: Deadline | None = None) -> None:
        self.deadline = deadline
        self.top = top
        self.leaf = leaf
        self.sub = leaf.searcher
        self.reader = leaf.searcher.reader()
        self.n = int(self.reader.doc_count_all())
        self.schema = top.schema
        self.weighting = top.weighting

    def hits(self, q: Any) -> Hits:
        """Every live passage of the segment that `q` matches, with its score; raises
        QueryTimeout once the deadline has passed."""
        if self.deadline is not None:
            self.deadline.check()
        kind = type(q)
        if isinstance(q, qcore._NullQuery):
            return Hits.empty(self.n)
        if kind is wq.Term:
            return self._term(q.fieldname, q.text, q.boost)
        if kind is wq.Or and not q.minmatch and q.scale is None:
            return self._compound(q, union=True)
        if kind is wq.And:
            return self._compound(q, union=False)
        if kind is wq.AndNot:
            a = self.hits(q.a)
            if not a.mask.any():
                return a
            keep = a.mask & ~self.hits(q.b).mask
            return Hits(keep, np.where(keep, a.score, 0.0))
        if kind is wq.AndMaybe:
            a = self.hits(q.a)
            if not a.mask.any():
                return a
            b = self.hits(q.b)
            return Hits(a.mask, a.score + np.where(a.mask, b.score, 0.0))
        if kind is wq.Phrase:
            slots = [[w] for w in q.words]
            return self._phrase(q.fieldname, slots, q.slop, q.boost, exact_terms=True)
        if kind is SpanNear2 and q.ordered and q.mindist == 1:
            found = _span_slots(q)
            if found is not None:
                # whoosh's SpanNear2 matcher does not apply the query's boost; neither do we
                return self._phrase(found[0], found[1], q.slop, 1.0, exact_terms=False)
        if kind is wq.Every and q.fieldname in (None, "", "*"):
            mask = np.ones(self.n, dtype=bool)
            deleted = self._deleted()
            if deleted:
                mask[list(deleted)] = False
            return Hits(mask, np.where(mask, float(q.boost), 0.0))
        return self._whoosh(q)

    def _deleted(self) -> frozenset[int]:
        reader = self.reader
        if not reader.has_deletions():
            return frozenset()
        known = getattr(reader, "deleted_docs_set", None)
        if isinstance(known, frozenset):
            return known
        return frozenset(d for d in range(self.n) if reader.is_deleted(d))

    def _compound(self, q: Any, union: bool) -> Hits:
        subs = q.subqueries
        if not subs:
            return Hits.empty(self.n)
        if len(subs) == 1:
            return self.hits(subs[0])  # whoosh drops the boost of a one-member compound
        first = self.hits(subs[0])
        mask, score = first.mask.copy(), first.score.copy()
        for sub in subs[1:]:
            if not union and not mask.any():
                break
            part = self.hits(sub)
            if union:
                mask |= part.mask
            else:
                mask &= part.mask
            score += part.score
        if not union:
            score = np.where(mask, score, 0.0)
        return Hits(mask, score).scaled(q.boost)

    def _btext(self, fieldname: str, text: Any) -> bytes | None:
        if fieldname not in self.schema:
            return None
        try:
            btext: bytes = self.schema[fieldname].to_bytes(text)
        except ValueError:
            return None
        return btext if (fieldname, btext) in self.reader else None

    def _term(self, fieldname: str, text: Any, boost: float) -> Hits:
        return self._scored_term(fieldname, text, boost)[0]

    def _scored_term(
        self, fieldname: str, text: Any, boost: float, values: bool = False
    ) -> tuple[Hits, dict[int, bytes]]:
        """A term's hits and, when asked, its encoded positions by docnum."""
        btext = self._btext(fieldname, text)
        if btext is None:
            return Hits.empty(self.n), {}
        field = self.schema[fieldname]
        w = self.weighting
        if not (field.scorable and type(w) is BM25F) or (values and not field.format):
            return self._whoosh(wq.Term(fieldname, text, boost=boost)), {}
        ids_list, weights, vals = read_postings(self.reader, fieldname, btext, values=values)
        ids = np.asarray(ids_list, dtype=np.int64)
        tf = np.asarray(weights, dtype=np.float64)
        idf = self.top.idf(fieldname, btext)
        avgfl = self.top.avg_field_length(fieldname) or 1
        b = w._field_B.get(fieldname, w.B)
        k1 = w.K1
        fl = self.leaf.table.lengths_of(fieldname)[ids]
        # whoosh's bm25(), operation for operation, so the floats come out the same
        scores = idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * fl / avgfl)))
        out = Hits.empty(self.n)
        out.mask[ids] = True
        out.score[ids] = scores
        positions = dict(zip(ids_list, vals, strict=True)) if values else {}
        return out.scaled(boost), positions

    def _phrase(
        self, fieldname: str, slots: list[list[Any]], slop: int, boost: float, exact_terms: bool
    ) -> Hits:
        """Passages with one term of each slot at ordered positions, each 1..slop after the
        last; scored as the sum of every matched term's score (whoosh's span matchers)."""
        if fieldname not in self.schema or not slots:
            return Hits.empty(self.n)
        fmt = self.schema[fieldname].format
        decode = _decode_positions if type(fmt) in _PICKLED_POSITIONS else fmt.decode_positions
        if not fmt.supports("positions"):
            return self._whoosh(_phrase_query(fieldname, slots, slop, boost, exact_terms))
        # per slot, its present terms: (hits, docnum -> encoded positions)
        slot_terms: list[list[tuple[Hits, dict[int, bytes]]]] = []
        candidates = np.ones(self.n, dtype=bool)
        for slot in slots:
            found = [
                t
                for t in (self._scored_term(fieldname, t, 1.0, values=True) for t in slot)
                if t[0].mask.any()
            ]
            if not found or (exact_terms and len(found) < len(slot)):
                return Hits.empty(self.n)
            anywhere = np.zeros(self.n, dtype=bool)
            for hits, _ in found:
                anywhere |= hits.mask
            candidates &= anywhere
            slot_terms.append(found)
        out = Hits.empty(self.n)
        for k, d in enumerate(np.flatnonzero(candidates).tolist()):
            if self.deadline is not None and k % 256 == 255:
                self.deadline.check()
            ends: set[int] = set()
            score = 0.0
            for i, terms in enumerate(slot_terms):
                here: list[int] = []
                for hits, values in terms:
                    if hits.mask[d]:
                        score += float(hits.score[d])
                        here.extend(decode(values[d]))
                ends = set(here) if i == 0 else {p for p in here if _follows(p, ends, slop)}
                if not ends:
                    break
            if ends:
                out.mask[d] = True
                out.score[d] = score
        return out.scaled(boost)

    def _whoosh(self, q: Any) -> Hits:
        """Whoosh's own matcher for `q` on this segment."""
        m = q.matcher(self.sub, self.sub.context())
        out = Hits.empty(self.n)
        k = 0
        while m.is_active():
            k += 1
            if self.deadline is not None and k % 1024 == 0:
                self.deadline.check()
            d = m.id()
            out.mask[d] = True
            out.score[d] = m.score()
            m.next()
        return out


def _follows(pos: int, ends: set[int], slop: int) -> bool:
    """Whether `pos` comes 1..slop positions after one of `ends`."""
    if slop == 1:
        return pos - 1 in ends
    return any(pos - k in ends for k in range(1, slop + 1))


# Formats whose value is a 4-byte count and a pickled list of position deltas.
_PICKLED_POSITIONS = (Positions, TermPositionsFormat)


def _decode_positions(value: bytes) -> list[int]:
    """`Positions.decode_positions` with the running sum in C."""
    if not value.endswith(b"."):
        value += b"."
    return list(accumulate(loads(value[_INT_SIZE:])))


def _phrase_query(
    fieldname: str, slots: list[list[Any]], slop: int, boost: float, exact: bool
) -> Any:
    if exact:
        return wq.Phrase(fieldname, [s[0] for s in slots], slop=slop, boost=boost)
    subs = [
        SpanOr([wq.Term(fieldname, t) for t in s]) if len(s) > 1 else wq.Term(fieldname, s[0])
        for s in slots
    ]
    return SpanNear2(subs, slop=slop, ordered=True)


def _span_slots(q: Any) -> tuple[str, list[list[Any]]] | None:
    """(field, terms per position) of an ordered span phrase over terms of one field."""
    fieldname = ""
    slots: list[list[Any]] = []
    for sub in q.qs:
        if type(sub) is wq.Term and sub.boost == 1.0:
            terms = [sub]
        elif isinstance(sub, SpanOr) and all(
            type(t) is wq.Term and t.boost == 1.0 for t in sub.subqs
        ):
            terms = list(sub.subqs)
        else:
            return None
        for t in terms:
            if fieldname and t.fieldname != fieldname:
                return None
            fieldname = t.fieldname
        slots.append([t.text for t in terms])
    return (fieldname, slots) if fieldname else None
