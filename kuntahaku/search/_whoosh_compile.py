"""Compiling the engine-neutral query tree into whoosh queries (what `_execute` evaluates)."""

from __future__ import annotations

from typing import Any

from whoosh import query as wq
from whoosh.query.spans import SpanNear2, SpanOr

from kuntahaku.search import _qtree as qt


class _SpanOr(SpanOr):  # type: ignore[misc]
    """SpanOr that can estimate its size (whoosh's raises NotImplementedError inside an Or)."""

    def estimate_size(self, ixreader: Any) -> int:
        return int(sum(q.estimate_size(ixreader) for q in self.subqs))


def _boosted(q: Any, boost: float) -> Any:
    if boost != 1.0:
        q.boost = boost
    return q


def to_whoosh(node: qt.Node) -> Any:
    """The whoosh query for a tree node."""
    if isinstance(node, qt.Null):
        return wq.NullQuery
    if isinstance(node, qt.Every):
        return _boosted(wq.Every(), node.boost)
    if isinstance(node, qt.Term):
        return wq.Term(node.field, node.text, boost=node.boost)
    if isinstance(node, qt.Prefix):
        return wq.Prefix(node.field, node.text)
    if isinstance(node, qt.Wildcard):
        return wq.Wildcard(node.field, node.pattern)
    if isinstance(node, qt.Fuzzy):
        return wq.FuzzyTerm(node.field, node.text, maxdist=node.maxdist, prefixlength=node.prefix)
    if isinstance(node, qt.Range):
        return wq.TermRange(node.field, node.lo, node.hi)
    if isinstance(node, qt.Phrase):
        if node.exact:
            return wq.Phrase(
                node.field, [s[0] for s in node.slots], slop=node.slop, boost=node.boost
            )
        spans = [
            _SpanOr([wq.Term(node.field, t) for t in s])
            if len(s) > 1
            else wq.Term(node.field, s[0])
            for s in node.slots
        ]
        return _boosted(SpanNear2(spans, slop=node.slop, ordered=True), node.boost)
    if isinstance(node, qt.Or):
        return _boosted(wq.Or([to_whoosh(n) for n in node.items]), node.boost)
    if isinstance(node, qt.And):
        return _boosted(wq.And([to_whoosh(n) for n in node.items]), node.boost)
    if isinstance(node, qt.AndNot):
        return wq.AndNot(to_whoosh(node.a), to_whoosh(node.b))
    if isinstance(node, qt.AndMaybe):
        return wq.AndMaybe(to_whoosh(node.a), to_whoosh(node.b))
    if isinstance(node, qt.Not):
        return wq.Not(to_whoosh(node.q))
    raise TypeError(f"no whoosh query for {type(node).__name__}")
