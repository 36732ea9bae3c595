"""The engine interface: which engine an index folder holds, opening it for writing and for
searching, and what a search asks an engine and gets back.

Two engines implement it: `tantivy` (the default for a new index: Rust, fed with our own
Finnish/Swedish analysis as pre-tokenized text) and `whoosh` (pure Python, the project's first
engine). The engine is chosen when an index is created and recorded in `<index>/engine.json`;
an index keeps its engine (a folder from before the record holds a whoosh index). Query
parsing, analysis, grouping into documents, snippets and rendering are ours and shared.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from kuntahaku.atomic import write_text_atomic
from kuntahaku.config import DEFAULT_ENGINE, ENGINES
from kuntahaku.errors import IndexStoreError, UsageError
from kuntahaku.models import Document
from kuntahaku.search import _qtree as qt

ENGINE_FILE = "engine.json"


class IndexBatch(Protocol):
    """Documents written as they come, visible together at `commit()` (or never: `cancel()`)."""

    documents: int
    passages: int

    def add(self, doc: Document) -> None:
        """Replace the document's passages with its new ones (not yet committed)."""
        ...

    def delete(self, doc_id: str) -> None:
        """Delete every passage of a document (not yet committed)."""
        ...

    def due(self) -> bool:
        """Whether enough waits for one commit (commit sizes are the engine's)."""
        ...

    def commit(self) -> None:
        """Make what was added visible."""
        ...

    def cancel(self) -> None:
        """Drop what was added since the last commit."""
        ...


class OneCommitWrites:
    """`replace_documents` and `delete_documents` as one commit of `batch()`, for the engines'
    index classes (a failure cancels the whole commit)."""

    def batch(self) -> IndexBatch:
        raise NotImplementedError

    def replace_documents(self, docs: Iterable[Document]) -> None:
        """Delete the old passages of each document and add its new ones, in one commit."""

        def fill(batch: IndexBatch) -> None:
            for doc in docs:
                batch.add(doc)

        self._in_one_commit(fill)

    def delete_documents(self, doc_ids: Iterable[str]) -> None:
        """Remove every passage of these documents, in one commit."""

        def fill(batch: IndexBatch) -> None:
            for doc_id in doc_ids:
                batch.delete(doc_id)

        self._in_one_commit(fill)

    def _in_one_commit(self, fill: Callable[[IndexBatch], None]) -> None:
        batch = self.batch()
        try:
            fill(batch)
        except BaseException:
            batch.cancel()
            raise
        batch.commit()


class SearchIndex(Protocol):
    """An index folder's passage index, for writing."""

    engine: str

    def batch(self) -> IndexBatch:
        """A commit to fill one document at a time."""
        ...

    def replace_documents(self, docs: Iterable[Document]) -> None:
        """Delete the old passages of each document and add its new ones, in one commit."""
        ...

    def delete_documents(self, doc_ids: Iterable[str]) -> None:
        """Remove every passage of these documents, in one commit."""
        ...

    def passage_count(self) -> int:
        """Number of passages in the index."""
        ...

    def document_ids(self) -> set[str]:
        """The ids of the documents with passages in the index."""
        ...


@dataclass
class FoundPassage:
    """A passage to show: its score, stored fields and (when the engine knows them) the token
    positions of the terms the query matched, for the snippet."""

    score: float
    stored: dict[str, Any]
    positions: set[int] | None = None


@dataclass
class FoundDocument:
    """A matched document: how many of its passages matched, and those to show, best first."""

    count: int
    passages: list[FoundPassage]


@dataclass
class EngineResult:
    """What an engine found: documents in the requested order, the totals, exact per-document
    facet counts (when asked) and the terms of each text field the query matched."""

    total: int
    passages: int
    documents: list[FoundDocument]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    terms: dict[str, set[str]] = field(default_factory=dict)


class Searcher(Protocol):
    """An index opened for searching, kept for the life of the process."""

    def search(
        self,
        query: qt.Filtered,
        sort: str,
        limit: int,
        all_passages: bool,
        facets: bool,
        time_limit: float,
    ) -> EngineResult:
        """Documents `query` matches, grouped and ordered (`relevance` or `date`), the first
        `limit` (0: all), each with its best passage (or every matching one)."""
        ...

    def facet_counts(self, query: qt.Filtered, time_limit: float) -> dict[str, dict[str, int]]:
        """Documents per facet value among what `query` matches."""
        ...

    def suggest(self, words: list[str]) -> list[str]:
        """Spellings from the index for query words the index does not know."""
        ...


def recorded_engine(index_dir: Path) -> str | None:
    """The engine of the index in a folder, or None when it holds none yet."""
    record = index_dir / ENGINE_FILE
    if record.exists():
        try:
            name = json.loads(record.read_text(encoding="utf-8")).get("engine", "")
        except (OSError, ValueError, AttributeError) as exc:
            raise IndexStoreError(f"{record}: unreadable engine record ({exc})") from exc
        if name not in ENGINES:
            raise IndexStoreError(f"{record}: unknown engine {name!r}; known: {', '.join(ENGINES)}")
        return str(name)
    if (index_dir / "whoosh").is_dir():
        return "whoosh"
    return None


def index_exists(index_dir: Path) -> bool:
    """Whether a folder holds a search index (of any engine)."""
    try:
        return recorded_engine(index_dir) is not None
    except IndexStoreError:
        return True  # there is one; opening it will say what is wrong


def check_engine(name: str) -> str:
    """A valid engine name (raises UsageError naming the known ones)."""
    if name not in ENGINES:
        raise UsageError(f"unknown engine {name!r}; use one of: {', '.join(ENGINES)}")
    return name


def choose_engine(index_dir: Path, wanted: str = "", create: bool = True) -> str:
    """The engine of the folder's index; for a new index the one `wanted` (or the default),
    recorded. Asking an existing index for another engine is a UsageError."""
    found = recorded_engine(index_dir)
    if wanted:
        check_engine(wanted)
    if found is not None:
        if wanted and wanted != found:
            raise UsageError(
                f"{index_dir}: this index uses the {found} engine; an index keeps the engine it"
                f" was created with (use a new --index folder for {wanted})"
            )
        return found
    if not create:
        raise IndexStoreError(
            f"{index_dir}: no search index here; run `kuntahaku ingest PATH...` first"
        )
    name = wanted or DEFAULT_ENGINE
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        write_text_atomic(index_dir / ENGINE_FILE, json.dumps({"engine": name}) + "\n")
    except OSError as exc:
        raise IndexStoreError(f"{index_dir}: cannot record the index's engine: {exc}") from exc
    return name


def open_index(index_dir: Path, create: bool = True, engine: str = "") -> SearchIndex:
    """Open (or create, with `engine` or the default) the passage index under a folder."""
    name = choose_engine(index_dir, engine, create)
    if name == "whoosh":
        from kuntahaku.search._index import SearchIndex as WhooshIndex

        return WhooshIndex(index_dir, create=create)
    from kuntahaku.search._tantivy import TantivyIndex

    return TantivyIndex(index_dir, create=create)


def open_searcher(index_dir: Path) -> Searcher:
    """The process's open searcher for a folder, brought up to date with its latest commit."""
    name = choose_engine(index_dir, create=False)
    if name == "whoosh":
        from kuntahaku.search._whoosh_search import whoosh_searcher

        return whoosh_searcher(index_dir)
    from kuntahaku.search._tantivy import tantivy_searcher

    return tantivy_searcher(index_dir)
