"""The whoosh engine's index: writing passages (one record per passage, `_records`) in commits,
with a merge policy that keeps indexing linear."""

from __future__ import annotations

import pickle
import struct
from pathlib import Path
from typing import Any

from whoosh import index as windex

from kuntahaku.errors import IndexStoreError
from kuntahaku.models import Document
from kuntahaku.search._engine import OneCommitWrites
from kuntahaku.search._records import document_facets, document_records
from kuntahaku.search._schema import SCHEMA_VERSION, build_schema

__all__ = ["IndexBatch", "SearchIndex", "document_facets", "document_records"]


INDEX_SUBDIR = "whoosh"
INDEX_NAME = SCHEMA_VERSION.replace(".", "_")
# Merge policy (see `merge_tiers`): a size tier is merged once it holds this many segments, as
# long as the merged segment would hold at most MAX_MERGED live passages.
MERGE_FACTOR = 10
MAX_MERGED = 30_000
# Memory whoosh's writer may use for a commit's postings before it sorts them in temporary
# files: a commit of 5000 passages fits (about 200 MB by whoosh's count), while spilling to
# files made the same commit half as slow again.
WRITER_LIMIT_MB = 256
# A commit is due once this many passages or documents wait. Each whoosh commit writes a segment,
# and every segment costs each query a little (91 segments of 10^4 passages answered about half
# as fast as 12), while merging segments costs as much as indexing their passages again: commits
# of 5000 passages keep 10^5 passages in about 20 segments with no merge.
COMMIT_PASSAGES = 5000
COMMIT_DOCUMENTS = 1000


def merge_tiers(writer: Any, segments: list[Any]) -> list[Any]:
    """Whoosh merge policy: segments fall into size tiers (powers of ten of live passages); the
    smallest tier holding MERGE_FACTOR segments is merged into one, unless that would write more
    than MAX_MERGED passages. Segments with no live passage left are dropped.

    Whoosh rewrites every posting of a merged segment in Python, about as slowly as it indexes
    (265 passages/s): its default policy merged all segments, large ones included, every ~18
    commits, which halved indexing speed at 10^5 passages. Bounding what a merge writes keeps
    indexing linear; many small commits still end up as a few larger segments.
    """
    from whoosh.reading import SegmentReader

    live = [seg for seg in segments if seg.doc_count() > 0]
    tiers: dict[int, list[Any]] = {}
    for seg in live:
        tiers.setdefault(len(str(seg.doc_count())), []).append(seg)
    for tier in sorted(tiers):
        group = tiers[tier]
        if len(group) >= MERGE_FACTOR and sum(seg.doc_count() for seg in group) <= MAX_MERGED:
            for seg in group:
                reader = SegmentReader(writer.storage, writer.schema, seg)
                writer.add_reader(reader)
                reader.close()
            return [seg for seg in live if seg not in group]
    return live


class SearchIndex(OneCommitWrites):
    """The whoosh engine's passage index in `<index_dir>/whoosh`."""

    engine = "whoosh"

    def __init__(self, index_dir: Path, create: bool = True) -> None:
        path = index_dir / INDEX_SUBDIR
        self.path = path
        try:
            if windex.exists_in(str(path), indexname=INDEX_NAME):
                self._ix = windex.open_dir(str(path), indexname=INDEX_NAME)
            elif create:
                path.mkdir(parents=True, exist_ok=True)
                self._ix = windex.create_in(str(path), build_schema(), indexname=INDEX_NAME)
            else:
                raise IndexStoreError(
                    f"{index_dir}: no search index here; run `kuntahaku ingest PATH...` first"
                )
        except OSError as exc:
            raise IndexStoreError(f"{path}: cannot open the search index: {exc}") from exc
        except (
            windex.IndexError,
            pickle.UnpicklingError,
            struct.error,
            ValueError,
            EOFError,
            KeyError,
            TypeError,
        ) as exc:
            raise IndexStoreError(
                f"{path}: the search index is corrupt ({type(exc).__name__}); remove this"
                " folder and run `kuntahaku ingest PATH...`: it is rebuilt from the store"
            ) from exc

    @property
    def whoosh_index(self) -> Any:
        """The underlying whoosh index (for this package only)."""
        return self._ix

    def batch(self) -> IndexBatch:
        """A commit to fill one document at a time (see `IndexBatch`)."""
        return IndexBatch(self)

    def _writer(self) -> Any:
        # Separate segment files are memory-mapped on open; compound ones are copied into
        # memory on every open, which dominated query time at 10^5 passages (bench/RESULTS.md).
        return self._ix.writer(compound=False, limitmb=WRITER_LIMIT_MB)

    def passage_count(self) -> int:
        """Number of passages in the index."""
        return int(self._ix.doc_count())

    def document_ids(self) -> set[str]:
        """The ids of the documents with live passages in the index."""
        ids: set[str] = set()
        with self._ix.searcher() as searcher:
            for sub, _offset in searcher.leaf_searchers():
                reader = sub.reader()
                if not reader.has_column("doc_id"):
                    continue
                column = reader.column_reader("doc_id")
                for docnum in range(reader.doc_count_all()):
                    if not reader.is_deleted(docnum):
                        ids.add(column[docnum])
        return ids


class IndexBatch:
    """Documents written to the index as they come, visible to searches together once
    `commit()` is called (or never, after `cancel()`).

    Adding analyses a document's text at once, so `ingest` indexes while its workers are still
    reading other files, instead of after them. The index stays locked for writing until the
    commit or the cancel.
    """

    def __init__(self, index: SearchIndex) -> None:
        self._index = index
        self._writer: Any = None
        self.documents = 0
        self.passages = 0

    def due(self) -> bool:
        """Whether enough waits for one commit (this engine's commit sizes)."""
        return self.documents >= COMMIT_DOCUMENTS or self.passages >= COMMIT_PASSAGES

    def _open(self) -> Any:
        if self._writer is None:
            self._writer = self._index._writer()
        return self._writer

    def delete(self, doc_id: str) -> None:
        """Delete every passage of a document (not yet committed)."""
        self._open().delete_by_term("doc_id", doc_id)

    def add(self, doc: Document) -> None:
        """Delete the document's old passages and add its new ones (not yet committed)."""
        self.delete(doc.doc_id)
        writer = self._open()
        for record in document_records(doc):
            writer.add_document(**record)
        self.documents += 1
        self.passages += len(doc.passages)

    def commit(self) -> None:
        """Make what was added visible, merging segments by `merge_tiers`."""
        if self._writer is not None:
            writer, self._writer = self._writer, None
            writer.commit(mergetype=merge_tiers)
        self.documents = self.passages = 0

    def cancel(self) -> None:
        """Drop what was added since the last commit and unlock the index."""
        if self._writer is not None:
            writer, self._writer = self._writer, None
            writer.cancel()
        self.documents = self.passages = 0
