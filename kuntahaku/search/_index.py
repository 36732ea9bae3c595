"""Writing passages to the whoosh index: one record per passage, document fields copied on it."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from whoosh import index as windex
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from kuntahaku.errors import IndexStoreError
from kuntahaku.models import Document

INDEX_SUBDIR = "whoosh"
FACETS = ("municipality", "region", "fund", "theme", "organisation")


def build_schema() -> Schema:
    """The passage schema."""
    return Schema(
        passage_id=ID(stored=True, unique=True),
        doc_id=ID(stored=True),
        path=STORED(),
        title=TEXT(stored=True),
        text=TEXT(stored=True),
        pages=KEYWORD(stored=True, commas=True),
        doc_type=ID(stored=True),
        lang=ID(stored=True),
        body=ID(stored=True),
        date=ID(stored=True),
        year=NUMERIC(stored=True),
        **{f: KEYWORD(stored=True, commas=True, lowercase=False) for f in FACETS},
    )


class SearchIndex:
    """The passage index in `<index_dir>/whoosh`."""

    def __init__(self, index_dir: Path) -> None:
        path = index_dir / INDEX_SUBDIR
        try:
            path.mkdir(parents=True, exist_ok=True)
            if windex.exists_in(str(path)):
                self._ix = windex.open_dir(str(path))
            else:
                self._ix = windex.create_in(str(path), build_schema())
        except OSError as exc:
            raise IndexStoreError(f"{path}: cannot open the search index: {exc}") from exc

    def replace_documents(self, docs: Iterable[Document]) -> None:
        """Delete the old passages of each document and add its new ones, in one commit."""
        writer = self._ix.writer()
        try:
            for doc in docs:
                writer.delete_by_term("doc_id", doc.doc_id)
                meta = doc.metadata
                for p in doc.passages:
                    writer.add_document(
                        passage_id=p.passage_id,
                        doc_id=doc.doc_id,
                        path=doc.path,
                        title=meta.title,
                        text=p.text,
                        pages=",".join(str(n) for n in p.pages),
                        doc_type=meta.doc_type,
                        lang=p.lang or doc.lang,
                        body=meta.body,
                        date=meta.date,
                        year=int(meta.date[:4]) if meta.date[:4].isdigit() else None,
                        **{f: ",".join(p.entities.get(f, [])) for f in FACETS},
                    )
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def delete_documents(self, doc_ids: Iterable[str]) -> None:
        """Remove every passage of these documents."""
        writer = self._ix.writer()
        for doc_id in doc_ids:
            writer.delete_by_term("doc_id", doc_id)
        writer.commit()

    def passage_count(self) -> int:
        """Number of passages in the index."""
        return int(self._ix.doc_count())


def open_index(index_dir: Path) -> SearchIndex:
    """Open (or create) the passage index under an index folder."""
    return SearchIndex(index_dir)
