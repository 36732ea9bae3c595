"""Searching the whoosh engine's index: the tree compiled to whoosh queries, evaluated per
segment into arrays by `_execute`, grouped into documents by `_group`."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import query as wq

from kuntahaku.search import _qtree as qt
from kuntahaku.search._bounds import SEARCH_SECONDS, Deadline, check_expansion
from kuntahaku.search._engine import EngineResult, FoundDocument, FoundPassage
from kuntahaku.search._execute import Hits, SegmentQuery
from kuntahaku.search._group import Matched, documents, facet_counts_of, members
from kuntahaku.search._live import LiveIndex, live_index
from kuntahaku.search._schema import LANGS, TEXT_FIELDS
from kuntahaku.search._whoosh_compile import to_whoosh
from kuntahaku.text import lemmas

MAX_SUGGEST_CHARS = 30  # spelling suggestions for longer words would walk most of the terms
MAX_SUGGESTIONS = 5


def compile_filtered(query: qt.Filtered) -> tuple[Any, Any]:
    """The whoosh query (preferring passages that name a filtered value) and filter."""
    q = to_whoosh(query.query)
    if query.prefer:
        q = wq.AndMaybe(q, wq.Or([to_whoosh(p) for p in query.prefer]))
    filt = to_whoosh(query.filter) if query.filter is not None else None
    return q, filt


def matched_terms(q: Any, reader: Any) -> dict[str, set[str]]:
    """Terms of each text field that the query matched (wildcards and fuzzy terms expanded).

    Our own walk over the leaves: whoosh's `Query.existing_terms` reuses its `fieldname`
    argument as a loop variable and so drops the terms of every field after the first.
    """
    out: dict[str, set[str]] = {f: set() for f in TEXT_FIELDS}
    for leaf in q.leaves():
        if leaf.field() not in out:
            continue
        for fieldname, text in leaf.expanded_terms(reader, phrases=True):
            if fieldname in out and (fieldname, text) in reader:
                out[fieldname].add(text.decode("utf-8") if isinstance(text, bytes) else text)
    return out


def suggest(searcher: Any, words: list[str]) -> list[str]:
    """Spellings from the index for the query words the index does not know."""
    reader = searcher.reader()
    out: list[str] = []
    for word in words:
        if any(c in word for c in "*?~") or not 3 <= len(word) <= MAX_SUGGEST_CHARS:
            continue
        own = {word.lower(), *(lem for lang in LANGS for lem in lemmas(word, lang))}
        if any((f, t) in reader for f in TEXT_FIELDS for t in own):
            continue  # the index knows the word: nothing to correct (a filter left it out)
        for fieldname in TEXT_FIELDS:
            for s in searcher.suggest(fieldname, word.lower(), limit=3, maxdist=2, prefix=1):
                if s not in own and s not in out and not s.isdigit():
                    out.append(s)
    return out[:MAX_SUGGESTIONS]


def _term_positions(
    reader: Any, docnum: int, terms: dict[str, set[str]], langs: list[str]
) -> set[int]:
    """Token positions in passage `docnum` of the terms the query matched, read from the
    index's postings (the text of every language field is the passage's text)."""
    found: set[int] = set()
    for code in langs:
        fieldname = f"text_{code}"
        for term in terms.get(fieldname, ()):
            try:
                m = reader.postings(fieldname, term)
            except Exception:  # whoosh raises TermNotFound (and kin) for a missing term
                continue
            if m.is_active() and m.id() < docnum:
                m.skip_to(docnum)  # whoosh raises ReadTooFar past the end of the postings
            if m.is_active() and m.id() == docnum:
                found.update(m.value_as("positions"))
    return found


def _mask(seg: SegmentQuery, q: Any) -> np.ndarray:
    return seg.hits(q).mask


def match(live: LiveIndex, q: Any, filt: Any, time_limit: float = SEARCH_SECONDS) -> Matched:
    """Per segment, the passages `q` matches that pass the filter, with their scores.

    Raises QuerySyntaxError when the query's wildcards expand too far, QueryTimeout when the
    search runs past `time_limit` seconds."""
    top = live.searcher
    check_expansion(q, top.reader())
    deadline = Deadline(time_limit)
    out: Matched = []
    for leaf in live.leaves():
        seg = SegmentQuery(top, leaf, deadline)
        hits = seg.hits(q)
        if filt is not None and hits.mask.any():
            mask = hits.mask & leaf.table.allowed(repr(filt), partial(_mask, seg, filt))
            hits = Hits(mask, np.where(mask, hits.score, 0.0))
        out.append((leaf, hits))
    return out


class WhooshSearcher:
    """The whoosh engine's `Searcher` over a process-wide `LiveIndex`."""

    def __init__(self, live: LiveIndex) -> None:
        self.live = live

    def search(
        self,
        query: qt.Filtered,
        sort: str,
        limit: int,
        all_passages: bool,
        facets: bool,
        time_limit: float,
    ) -> EngineResult:
        q, filt = compile_filtered(query)
        searcher = self.live.searcher
        matched = match(self.live, q, filt, time_limit)
        total, chosen = documents(matched, sort, limit)
        terms = matched_terms(q, searcher.reader())
        found: list[FoundDocument] = []
        for doc in chosen:
            picks = members(doc, matched) if all_passages else [(doc.score, doc.docnum)]
            shown: list[FoundPassage] = []
            for score, docnum in picks:
                stored = searcher.stored_fields(docnum)
                langs = [c for c in stored.get("langs", []) if c in LANGS] or list(LANGS)
                positions = _term_positions(searcher.reader(), docnum, terms, langs)
                shown.append(FoundPassage(score, stored, positions))
            found.append(FoundDocument(doc.count, shown))
        passages = sum(len(hits_) for _, hits_ in matched)
        counts = facet_counts_of(matched) if facets else {}
        return EngineResult(total, passages, found, counts, terms)

    def facet_counts(self, query: qt.Filtered, time_limit: float) -> dict[str, dict[str, int]]:
        q, filt = compile_filtered(query)
        return facet_counts_of(match(self.live, q, filt, time_limit))

    def suggest(self, words: list[str]) -> list[str]:
        return suggest(self.live.searcher, words)


def whoosh_searcher(index_dir: Path) -> WhooshSearcher:
    """The process's open whoosh searcher for a folder."""
    return WhooshSearcher(live_index(index_dir))
