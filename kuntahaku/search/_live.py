"""Open indexes kept for the life of the process, with per-segment tables read once.

Opening an index and its segment readers cost a query more than matching did, and every
query re-read the same per-passage columns (document id, language, date). A `LiveIndex` keeps
one whoosh searcher per index folder, replaced when a commit has changed the index, and one
`SegmentTable` per segment: a segment's passages never change once written (only which of
them are deleted), so a table stays valid for as long as its segment exists.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from kuntahaku.search._index import SearchIndex
from kuntahaku.search._opened import OpenIndexes
from kuntahaku.search._postings import field_lengths

# Filters whose matching docnums are kept per segment.
MAX_FILTERS = 64


@dataclass
class SegmentTable:
    """What queries need of every passage of one segment, read in bulk on first use.

    `doc_ords[docnum]` numbers the passage's document within the segment; `doc_names[ord]` is
    that document's id.
    """

    reader: Any
    dates: list[str]
    doc_ords: np.ndarray
    doc_names: list[str]
    lang_codes: np.ndarray  # docnum -> index in lang_names
    lang_names: list[str]
    lengths: dict[str, np.ndarray] = field(default_factory=dict)
    facets: dict[int, tuple[tuple[str, str], ...]] = field(default_factory=dict)  # by doc ord
    filters: OrderedDict[str, np.ndarray] = field(default_factory=OrderedDict)

    def lengths_of(self, fieldname: str) -> np.ndarray:
        """Every passage's length of a field (the BM25 document length)."""
        found = self.lengths.get(fieldname)
        if found is None:
            found = self.lengths[fieldname] = field_lengths(self.reader, fieldname)
        return found

    def rebind(self, reader: Any) -> None:
        """Use a newer reader of the same segment: its deletions may differ, so forget the
        filters (which leave deleted passages out) and what was read through the old one."""
        self.reader = reader
        self.lengths.clear()
        self.filters.clear()

    def allowed(self, key: str, compute: Callable[[], np.ndarray]) -> np.ndarray:
        """The passages a filter lets through (a mask), computed once per filter (the most
        recent `MAX_FILTERS` are kept): filters repeat far more often than queries do."""
        found = self.filters.get(key)
        if found is None:
            found = self.filters[key] = compute()
            while len(self.filters) > MAX_FILTERS:
                self.filters.popitem(last=False)
        else:
            self.filters.move_to_end(key)
        return found

    def doc_facets(self, docnum: int) -> tuple[tuple[str, str], ...]:
        """The (facet, value) pairs of the passage's document, as stored on each of its
        passages (read once per document)."""
        ord_ = int(self.doc_ords[docnum])
        pairs = self.facets.get(ord_)
        if pairs is None:
            stored = self.reader.stored_fields(docnum).get("doc_facets", {})
            pairs = self.facets[ord_] = tuple(
                (facet, v) for facet, values in stored.items() for v in values
            )
        return pairs


def _column(reader: Any, name: str) -> list[str]:
    if not reader.has_column(name):
        return [""] * reader.doc_count_all()
    return [v or "" for v in reader.column_reader(name)]


def _segment_table(reader: Any) -> SegmentTable:
    doc_ords, doc_names = _numbered(_column(reader, "doc_id"))
    lang_codes, lang_names = _numbered(_column(reader, "lang"))
    return SegmentTable(
        reader=reader,
        dates=_column(reader, "date"),
        doc_ords=doc_ords,
        doc_names=doc_names,
        lang_codes=lang_codes,
        lang_names=lang_names,
    )


def _numbered(values: list[str]) -> tuple[np.ndarray, list[str]]:
    """Each value's number (in order of first appearance), and the values by number."""
    numbers: dict[str, int] = {}
    codes = np.fromiter(
        (numbers.setdefault(v, len(numbers)) for v in values), dtype=np.int64, count=len(values)
    )
    return codes, list(numbers)


@dataclass
class Leaf:
    """One segment as a query sees it: its searcher, docnum offset and table."""

    searcher: Any
    offset: int
    table: SegmentTable


class LiveIndex:
    """An index folder's current searcher and its segments' tables."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self.ix = SearchIndex(index_dir, create=False).whoosh_index
        self.searcher = self.ix.searcher()
        self.token = self._token()
        self._tables: dict[str, SegmentTable] = {}
        self._leaves: list[Leaf] | None = None

    def _token(self) -> tuple[int, int, int]:
        """The latest commit's generation and its table-of-contents file's identity."""
        gen = int(self.ix.latest_generation())
        toc = Path(self.ix.storage.folder) / f"_{self.ix.indexname}_{gen}.toc"
        st = toc.stat()
        return gen, st.st_ino, st.st_mtime_ns

    def current(self) -> bool:
        """Follow the latest commit, keeping the tables of segments still in the index; False
        when the folder now holds a different index (same generation, other files)."""
        token = self._token()
        if token == self.token:
            return True
        if token[0] == self.token[0]:
            return False
        # A new searcher, not whoosh's `refresh()`: that keeps the reader of a segment whose
        # deletions changed, so a deleted document would still be found.
        old, self.searcher = self.searcher, self.ix.searcher()
        old.close()
        self.token = token
        self._leaves = None
        return True

    def leaves(self) -> list[Leaf]:
        """Every segment, with its docnum offset in the searcher and its table."""
        if self._leaves is None:
            leaves: list[Leaf] = []
            tables: dict[str, SegmentTable] = {}
            for sub, offset in self.searcher.leaf_searchers():
                reader = sub.reader()
                segid = _segment_id(reader)
                table = self._tables.get(segid) if segid else None
                if table is None:
                    table = _segment_table(reader)
                elif table.reader is not reader:
                    table.rebind(reader)
                if segid:
                    tables[segid] = table
                leaves.append(Leaf(sub, offset, table))
            self._tables = tables
            self._leaves = leaves
        return self._leaves

    def close(self) -> None:
        """Close the searcher and its files."""
        self.searcher.close()


def _segment_id(reader: Any) -> str:
    segment = getattr(reader, "segment", None)
    seg = segment() if callable(segment) else None
    return str(seg.segment_id()) if seg is not None else ""


_indexes: OpenIndexes[LiveIndex] = OpenIndexes(LiveIndex)


def live_index(index_dir: Path) -> LiveIndex:
    """The process's open index for a folder, brought up to date with the latest commit.

    Raises IndexStoreError when the folder holds no index.
    """
    return _indexes.get(index_dir)


def forget(index_dir: Path) -> None:
    """Close the process's open index for a folder (after it was deleted or rebuilt)."""
    _indexes.forget(index_dir)
