"""From matched passages to documents: grouping, order, the passages of one document, and facet
counts, all over the per-segment arrays of `_execute.Hits`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from kuntahaku.search._execute import Hits
from kuntahaku.search._fields import ordered_facets
from kuntahaku.search._live import Leaf

# Per segment (in searcher order), what the query matched there.
Matched = list[tuple[Leaf, Hits]]


@dataclass
class _DocHit:
    """A matched document: its best passage (score, global docnum) and its matched passages."""

    doc_id: str
    score: float
    docnum: int
    leaf: Leaf
    count: int
    parts: list[tuple[int, int]]  # (index of the segment in `matched`, document number there)

    def rank(self) -> tuple[float, int]:
        """Best score first, then the lower docnum (whoosh's order for equal scores)."""
        return -self.score, self.docnum

    def date(self) -> str:
        """The document's date, as its best passage carries it."""
        return self.leaf.table.dates[self.docnum - self.leaf.offset]


@dataclass
class _Segment:
    """The documents one segment matched, as arrays in relevance order of their best passage."""

    k: int  # index in `matched`
    leaf: Leaf
    ords: np.ndarray  # document numbers within the segment
    scores: np.ndarray  # best passage's score
    docnums: np.ndarray  # best passage's global docnum
    counts: np.ndarray  # matched passages
    names: list[str]
    dates: list[str]

    def hit(self, i: int) -> _DocHit:
        """The i-th document as a `_DocHit`."""
        o = int(self.ords[i])
        return _DocHit(
            self.names[i],
            float(self.scores[i]),
            int(self.docnums[i]),
            self.leaf,
            int(self.counts[i]),
            [(self.k, o)],
        )


def _segments(matched: Matched) -> list[_Segment]:
    out: list[_Segment] = []
    for k, (leaf, hits) in enumerate(matched):
        ids = hits.docnums()
        if not len(ids):
            continue
        scores = hits.score[ids]
        ords = leaf.table.doc_ords[ids]
        order = np.lexsort((ids, -scores))
        uniq, first = np.unique(ords[order], return_index=True)
        best = order[first]
        table = leaf.table
        out.append(
            _Segment(
                k,
                leaf,
                uniq,
                scores[best],
                ids[best] + leaf.offset,
                np.bincount(ords)[uniq],
                [table.doc_names[o] for o in uniq.tolist()],
                [table.dates[d] for d in ids[best].tolist()],
            )
        )
    return out


def _newest_first(date: str, score: float) -> tuple[bool, str, float]:
    """Sort key (with reverse=True) for date order: newest first, undated last, then by score."""
    return date != "", date, score


def _merged(segs: list[_Segment]) -> list[_DocHit]:
    """Every document once, best first, when some document has passages in two segments."""
    merged: dict[str, _DocHit] = {}
    for seg in segs:
        for i in range(len(seg.names)):
            hit, old = seg.hit(i), merged.get(seg.names[i])
            if old is not None:
                hit.count += old.count
                hit.parts += old.parts
                if old.rank() < hit.rank():
                    hit.score, hit.docnum, hit.leaf = old.score, old.docnum, old.leaf
            merged[hit.doc_id] = hit
    return sorted(merged.values(), key=_DocHit.rank)


def documents(matched: Matched, sort: str, limit: int) -> tuple[int, list[_DocHit]]:
    """How many documents matched, and the first `limit` (0: all) in the requested order.

    A document's passages all live in one segment (a commit deletes a document's old passages
    and writes its new ones together), so documents are ordered as arrays; should one span
    segments, it is merged (`_merged`) all the same.
    """
    segs = _segments(matched)
    names = [n for seg in segs for n in seg.names]
    if len(set(names)) < len(names):
        docs = _merged(segs)
        if sort == "date":
            docs.sort(key=lambda h: _newest_first(h.date(), h.score), reverse=True)
        return len(docs), docs[:limit] if limit else docs
    if not segs:
        return 0, []
    scores = np.concatenate([seg.scores for seg in segs])
    docnums = np.concatenate([seg.docnums for seg in segs])
    where = [(seg, i) for seg in segs for i in range(len(seg.names))]
    order: list[int] = np.lexsort((docnums, -scores)).tolist()
    if sort == "date":
        dates = [d for seg in segs for d in seg.dates]
        score_of = scores.tolist()
        order.sort(key=lambda j: _newest_first(dates[j], score_of[j]), reverse=True)
    if limit:
        order = order[:limit]
    return len(names), [where[j][0].hit(where[j][1]) for j in order]


def members(hit: _DocHit, matched: Matched) -> list[tuple[float, int]]:
    """Every matched passage of a document, best first: (score, global docnum)."""
    out: list[tuple[float, int]] = []
    for k, o in hit.parts:
        leaf, hits = matched[k]
        ids = hits.docnums()
        mine = ids[leaf.table.doc_ords[ids] == o]
        out += [(float(hits.score[d]), leaf.offset + int(d)) for d in mine.tolist()]
    out.sort(key=lambda m: (-m[0], m[1]))
    return out


def facet_counts_of(matched: Matched) -> dict[str, dict[str, int]]:
    """Documents per facet value among the matched passages of each segment.

    Document-level values are read once per document (memoised per segment); the passage
    language counts the documents with a matched passage in that language.
    """
    counts: Counter[tuple[str, str]] = Counter()
    seen: set[str] = set()
    doc_langs: set[tuple[str, str]] = set()  # (language, document)
    for leaf, hits in matched:
        ids = hits.docnums()
        if not len(ids):
            continue
        table = leaf.table
        ords = table.doc_ords[ids]
        uniq, first = np.unique(ords, return_index=True)
        for o, i in zip(uniq.tolist(), first.tolist(), strict=True):
            doc_id = table.doc_names[o]
            if doc_id not in seen:
                seen.add(doc_id)
                counts.update(p for p in table.doc_facets(int(ids[i])) if p[0] != "lang")
        width = len(table.lang_names)
        # With return_index, numpy (2.4) does not import numpy.ma to look for a mask: a tenth
        # of a second of a search from a fresh process.
        pairs, _ = np.unique(ords * width + table.lang_codes[ids], return_index=True)
        for pair in pairs.tolist():
            lang = table.lang_names[pair % width]
            if lang:
                doc_langs.add((lang, table.doc_names[pair // width]))
    counts.update(("lang", lang) for lang, _ in doc_langs)
    return ordered_facets(counts)
