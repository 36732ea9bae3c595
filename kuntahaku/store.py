"""The document store: one SQLite file in the index folder holding every document record.

The search index holds passages for search; this store holds the full `Document` (metadata,
pages and their flags, passages, mentions) for `show`, `stats`, incremental re-ingest and
reading lists, plus the failures of the last attempt at each path.

The store is the source of truth and the index its derivative. A document is written here first,
together with a row in `index_pending` (a journal), then the index is committed, then the
journal row is removed; a process killed anywhere in between leaves journal rows that the next
writer (or read command) replays into the index (`kuntahaku.ingest.consistency`), so `stats`,
`search` and `show` agree after any kill.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kuntahaku.errors import DocumentNotFound, IndexStoreError, NoIndex
from kuntahaku.models import STATUS_OK, Document

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    sha256 TEXT NOT NULL,
    status TEXT NOT NULL,
    n_pages INTEGER NOT NULL,
    n_passages INTEGER NOT NULL,
    ingested_at TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS index_pending (
    doc_id TEXT PRIMARY KEY
);
CREATE TABLE IF NOT EXISTS failures (
    path TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    error TEXT NOT NULL,
    failed_at TEXT NOT NULL
);
"""

STORE_FILE = "documents.sqlite"


def _reason(exc: Exception) -> str:
    """SQLite's and the OS's messages, in the words a user would search for."""
    text = str(exc)
    if "not a database" in text or "malformed" in text:
        return f"the file is corrupt ({text}); move it away and ingest again"
    if "readonly" in text or "read-only" in text:
        return "read-only (the folder or the file cannot be written)"
    if "disk is full" in text or "No space" in text:
        return "no space left on the device"
    return text


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class DocumentStore:
    """Documents by id and path, and the failures of the latest attempt at each path."""

    def __init__(self, index_dir: Path, create: bool = True) -> None:
        """Open the store; with `create=False` (read commands) a folder without one is an
        error and nothing is created there."""
        if not create and not (index_dir / STORE_FILE).is_file():
            raise NoIndex(
                f"{index_dir}: no index here (nothing was ingested into this folder);"
                " check --index or run `kuntahaku ingest PATH...` first"
            )
        try:
            if create:
                index_dir.mkdir(parents=True, exist_ok=True)
            self.path = index_dir / STORE_FILE
            self._conn = sqlite3.connect(self.path, timeout=30)
            self._create_tables(create)
        except (OSError, sqlite3.Error) as exc:
            raise IndexStoreError(
                f"{index_dir}: cannot open the document store: {_reason(exc)}"
            ) from exc

    def _create_tables(self, create: bool) -> None:
        """Create missing tables; a reader of a store it cannot write (read-only, or an older
        store while an ingest writes) reads it as it is."""
        try:
            self._conn.executescript(_SCHEMA)
        except sqlite3.OperationalError as exc:
            text = str(exc)
            if create or not ("readonly" in text or "locked" in text):
                raise
            self._conn.rollback()

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()

    def __enter__(self) -> DocumentStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -----------------------------------------------------------------------------

    def put(self, doc: Document) -> None:
        """Insert or replace a successfully ingested document and clear its path's failure."""
        self.put_many([doc])

    def put_many(self, docs: Iterable[Document], journal: bool = False) -> None:
        """`put` each document, all in one transaction: a commit costs a disk sync, which took
        longer than writing the records themselves. With `journal`, each document is also
        marked as not yet in the index (see `pending_index`)."""
        with self._writing():
            for doc in docs:
                if journal:
                    self._conn.execute(
                        "INSERT OR REPLACE INTO index_pending VALUES (?)", (doc.doc_id,)
                    )
                doc.ingested_at = doc.ingested_at or _now()
                self._conn.execute(
                    "DELETE FROM documents WHERE path = ? AND doc_id != ?", (doc.path, doc.doc_id)
                )
                self._conn.execute(
                    "INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        doc.doc_id,
                        doc.path,
                        doc.sha256,
                        doc.status,
                        len(doc.pages),
                        len(doc.passages),
                        doc.ingested_at,
                        json.dumps(doc.to_dict(), ensure_ascii=False),
                    ),
                )
                self._conn.execute("DELETE FROM failures WHERE path = ?", (doc.path,))

    def record_failure(self, doc: Document) -> None:
        """Remember that the latest attempt at this path failed; an earlier good record stays."""
        with self._writing():
            self._conn.execute(
                "INSERT OR REPLACE INTO failures VALUES (?, ?, ?, ?, ?)",
                (doc.path, doc.doc_id, doc.sha256, doc.error, _now()),
            )

    def delete(self, doc_id: str) -> None:
        """Forget a document."""
        with self._writing():
            self._conn.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))

    def pending_index(self) -> list[str]:
        """Ids of documents written here whose index commit is not known to have happened."""
        try:
            return [r[0] for r in self._conn.execute("SELECT doc_id FROM index_pending")]
        except sqlite3.OperationalError:  # an older store, opened read-only: no journal
            return []

    def has_pending(self) -> bool:
        """Whether any journal row waits (one cheap query)."""
        try:
            row = self._conn.execute("SELECT 1 FROM index_pending LIMIT 1").fetchone()
        except sqlite3.OperationalError:  # an older store, opened read-only: no journal
            return False
        return row is not None

    def clear_pending(self, doc_ids: Iterable[str]) -> None:
        """The index now holds these documents as stored: drop their journal rows."""
        with self._writing():
            self._conn.executemany(
                "DELETE FROM index_pending WHERE doc_id = ?", ((d,) for d in doc_ids)
            )

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """One transaction; SQLite's errors (disk full, read-only folder) become ours."""
        try:
            with self._conn:
                yield
        except sqlite3.Error as exc:
            raise IndexStoreError(
                f"{self.path}: cannot write the document store: {_reason(exc)}"
            ) from exc

    # -- reading -----------------------------------------------------------------------------

    def sha_for(self, path: str) -> str | None:
        """The content hash of the document stored for this path, if it was ingested fine."""
        row = self._conn.execute(
            "SELECT sha256 FROM documents WHERE path = ? AND status = ?", (path, STATUS_OK)
        ).fetchone()
        return str(row[0]) if row else None

    def get(self, doc_id: str) -> Document | None:
        """The document with this exact id, or None."""
        row = self._conn.execute(
            "SELECT record FROM documents WHERE doc_id = ?", (doc_id,)
        ).fetchone()
        return Document.from_dict(json.loads(row[0])) if row else None

    def find(self, ref: str) -> Document:
        """A document by id, unique id prefix, path, or unique file name."""
        doc = self.get(ref)
        if doc:
            return doc
        candidates: list[str] = []
        resolved = str(Path(ref).expanduser().resolve()) if ref else ""
        for doc_id, path in self._conn.execute("SELECT doc_id, path FROM documents"):
            if path == resolved:
                return self.get(doc_id)  # type: ignore[return-value]
            if doc_id.startswith(ref) or Path(path).name == ref or Path(path).stem == ref:
                candidates.append(doc_id)
        if len(candidates) == 1:
            return self.get(candidates[0])  # type: ignore[return-value]
        if candidates:
            raise DocumentNotFound(
                f"{ref!r} matches {len(candidates)} documents; give more of the id or the full path"
            )
        raise DocumentNotFound(f"no ingested document matches {ref!r} (give an id or a path)")

    def documents(self) -> Iterator[Document]:
        """Every stored document, in path order."""
        for (record,) in self._conn.execute("SELECT record FROM documents ORDER BY path"):
            yield Document.from_dict(json.loads(record))

    def briefs(self, doc_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Path, format, sha256, the small metadata fields (issuer, title, type, date, body) and
        the first 400 characters of the text of these documents, read without decoding their
        whole records (for result lists)."""
        ids = list(dict.fromkeys(doc_ids))
        out: dict[str, dict[str, Any]] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._conn.execute(
                "SELECT doc_id, path, sha256, n_passages,"
                " json_extract(record, '$.format'),"
                " json_extract(record, '$.metadata.municipality'),"
                " json_extract(record, '$.metadata.title'),"
                " json_extract(record, '$.metadata.doc_type'),"
                " json_extract(record, '$.metadata.date'),"
                " json_extract(record, '$.metadata.body'),"
                " substr(json_extract(record, '$.passages[0].text'), 1, 400)"
                f" FROM documents WHERE doc_id IN ({marks})",
                chunk,
            )
            for doc_id, path, sha, n, fmt, muni, title, doc_type, date, body, opening in rows:
                out[doc_id] = {
                    "path": path,
                    "sha256": sha,
                    "passages": n,
                    "format": fmt or "",
                    "municipality": muni or "",
                    "title": title or "",
                    "doc_type": doc_type or "",
                    "date": date or "",
                    "body": body or "",
                    "opening": opening or "",
                }
        return out

    def passage_text(self, doc_id: str, limit: int = 0) -> str:
        """A document's passage text joined (the first `limit` characters; 0: all), read
        without decoding its pages, or "" for an unknown id."""
        row = self._conn.execute(
            "SELECT json_extract(record, '$.passages') FROM documents WHERE doc_id = ?",
            (doc_id,),
        ).fetchone()
        if not row or not row[0]:
            return ""
        out: list[str] = []
        size = 0
        for passage in json.loads(row[0]):
            out.append(str(passage.get("text", "")))
            size += len(out[-1]) + 1
            if limit and size >= limit:
                break
        text = " ".join(out)
        return text[:limit] if limit else text

    def versions(self) -> dict[str, str]:
        """Each stored document's version: its content hash and the time it was ingested, which
        change whenever the document is written again."""
        rows = self._conn.execute("SELECT doc_id, sha256, ingested_at FROM documents")
        return {doc_id: f"{sha}@{at}" for doc_id, sha, at in rows}

    def doc_ids(self) -> list[str]:
        """Ids of every stored document."""
        return [r[0] for r in self._conn.execute("SELECT doc_id FROM documents ORDER BY path")]

    def failures(self) -> list[dict[str, str]]:
        """The failed attempts, one per path, newest state only."""
        rows = self._conn.execute(
            "SELECT path, doc_id, error, failed_at FROM failures ORDER BY path"
        ).fetchall()
        return [{"path": p, "doc_id": d, "error": e, "failed_at": t} for p, d, e, t in rows]

    def stats(self) -> dict[str, Any]:
        """Counts of documents, pages, passages and failures."""
        n_docs, n_pages, n_passages = self._conn.execute(
            "SELECT COUNT(*), COALESCE(SUM(n_pages), 0), COALESCE(SUM(n_passages), 0)"
            " FROM documents"
        ).fetchone()
        n_fail = self._conn.execute("SELECT COUNT(*) FROM failures").fetchone()[0]
        return {"documents": n_docs, "pages": n_pages, "passages": n_passages, "failures": n_fail}
