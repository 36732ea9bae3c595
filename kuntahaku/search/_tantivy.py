"""The tantivy engine: passages in a tantivy index fed with our own analysis, documents in a
table beside it.

Text fields are written pre-tokenized: every token of our Finnish/Swedish/English analysis
(`_analysis`) with all its terms (the word as written, each base form, compound parts) at the
token's position, so phrases, base forms and compound parts work as with whoosh, and tantivy
never analyses text itself (its snippet generator, which would, is not used: snippets are ours).

Exact per-document facet counts: tantivy's cardinality aggregation is approximate, so each
passage carries `doc_key` (its document's number times 4 plus its language code), a terms
aggregation over `doc_key` lists every matched (document, language) with its passage count, and
a document table (`tantivy-docs.sqlite`, held in memory as arrays) gives each document's facet
values and date. Grouping, date order and facet counting run over those arrays.
"""

from __future__ import annotations

import contextlib
import fnmatch
import json
import os
import sqlite3
from collections import Counter, OrderedDict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import tantivy

from kuntahaku.errors import IndexStoreError
from kuntahaku.models import Document
from kuntahaku.search import _qtree as qt
from kuntahaku.search._analysis import MODE_INDEX, analyse_spans, multi_language_terms
from kuntahaku.search._bounds import MAX_EXPANDED_TERMS, Deadline, expansion_error
from kuntahaku.search._engine import EngineResult, FoundDocument, FoundPassage, OneCommitWrites
from kuntahaku.search._fields import ENTITY_FACETS, LANGS, TEXT_FIELDS, ordered_facets
from kuntahaku.search._opened import OpenIndexes
from kuntahaku.search._records import document_records
from kuntahaku.text import lemmas

INDEX_SUBDIR = "tantivy"
DOCS_FILE = "tantivy-docs.sqlite"
# Commit sizes: a tantivy commit is cheap against its analysis (no Python-side merging) and
# tantivy merges segments in its own threads, so commits are larger than whoosh's; what waits
# (and what a SIGKILL loses) stays bounded by the batch's time window as well.
COMMIT_PASSAGES = 20_000
COMMIT_DOCUMENTS = 4_000
WRITER_HEAP = 200_000_000
WRITER_THREADS = 1
# A terms aggregation may hold at most 65,000 buckets (tantivy's limit); larger matches are
# aggregated in slices of `doc_key`.
AGG_BUCKETS = 60_000
LANG_CODES = {"": 0, "fi": 1, "sv": 2, "en": 3}
LANG_NAMES = {v: k for k, v in LANG_CODES.items()}
KEYWORD_FIELDS = (
    "issuer",
    *ENTITY_FACETS,
    *(f"p_{f}" for f in ENTITY_FACETS),
    "doc_type",
    "lang",
    "body",
    "year",
    "diary",
)
PHRASE_FIELDS = (*TEXT_FIELDS, "title")
DOC_FACET_KEYS = ("issuer", *ENTITY_FACETS, "doc_type", "year", "body")
MAX_SUGGEST_CHARS = 30
MAX_SUGGESTIONS = 5


def build_schema() -> Any:
    """The passage schema: keyword fields as raw terms, text fields pre-tokenized."""
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("doc_id", tokenizer_name="raw", index_option="basic")
    sb.add_unsigned_field("doc_num", indexed=True, fast=True)
    sb.add_unsigned_field("doc_key", fast=True)
    sb.add_integer_field("date_num", indexed=True, fast=True)
    sb.add_integer_field("year_num", indexed=True)
    for name in PHRASE_FIELDS:
        sb.add_text_field(name, tokenizer_name="raw", index_option="position")
    for name in KEYWORD_FIELDS:
        sb.add_text_field(name, tokenizer_name="raw", index_option="basic")
    sb.add_bytes_field("stored", stored=True)
    return sb.build()


def _day(date: str) -> int:
    digits = date.replace("-", "")
    return int(digits) if len(digits) == 8 and digits.isdigit() else 0


def _pretokenized(pairs: Iterable[tuple[Any, Iterable[tuple[str, float]]]]) -> Any:
    tokens = [
        tantivy.Token(term, tok.pos, tok.start, tok.end)
        for tok, terms in pairs
        for term, _ in terms
    ]
    return tantivy.PreTokenizedString("", tokens)


def _text_tokens(text: str, lang: str) -> Any:
    """A passage's text as tantivy tokens: what `_pretokenized(analyse(...))` gives, without a
    `Token` object per word."""
    tokens = [
        tantivy.Token(term, pos, start, end)
        for pos, start, end, terms in analyse_spans(text, lang, MODE_INDEX)
        for term, _ in terms
    ]
    return tantivy.PreTokenizedString("", tokens)


def passage_documents(doc: Document, doc_num: int) -> Iterator[Any]:
    """The tantivy documents of a document's passages."""
    title: Any = None
    for record in document_records(doc):
        out = tantivy.Document()
        out.add_text("doc_id", record["doc_id"])
        out.add_unsigned("doc_num", doc_num)
        out.add_unsigned("doc_key", doc_num * 4 + LANG_CODES.get(record.get("lang", ""), 0))
        out.add_integer("date_num", _day(record.get("date", "")))
        if record.get("year"):
            out.add_integer("year_num", int(record["year"]))
        for code in record.get("langs", []):
            out.add_pre_tokenized_text(f"text_{code}", _text_tokens(record["text"], code))
        if record.get("title"):
            if title is None:  # the same on every passage: its tokens are built once
                title = _pretokenized(multi_language_terms(record["title"], MODE_INDEX))
            out.add_pre_tokenized_text("title", title)
        for name in KEYWORD_FIELDS:
            value = record.get(name)
            if value:
                for v in (
                    value.split(",")
                    if name not in ("doc_type", "lang", "body", "year")
                    else [value]
                ):
                    if v:
                        out.add_text(name, v)
        stored = {k: v for k, v in record.items() if not k.startswith(("text_", "p_"))}
        stored = {
            k: v
            for k, v in stored.items()
            if k not in KEYWORD_FIELDS or k in ("doc_type", "lang", "body", "year")
        }
        out.add_bytes("stored", json.dumps(stored, ensure_ascii=False).encode("utf-8"))
        yield out


# -- the document table ----------------------------------------------------------------------------

_DOCS_SQL = """
CREATE TABLE IF NOT EXISTS docs (
    doc_num INTEGER PRIMARY KEY AUTOINCREMENT, doc_id TEXT UNIQUE NOT NULL,
    date INTEGER NOT NULL, passages INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS facet_values (
    id INTEGER PRIMARY KEY, facet TEXT NOT NULL, value TEXT NOT NULL, UNIQUE (facet, value));
CREATE TABLE IF NOT EXISTS doc_facets (doc_num INTEGER NOT NULL, value_id INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS doc_facets_by_doc ON doc_facets (doc_num);
"""


def table_error(path: Path, exc: Exception) -> IndexStoreError:
    """The document table's SQLite or OS error in the words a user would search for."""
    text = str(exc)
    if "disk is full" in text or "No space" in text:
        return IndexStoreError(f"{path}: cannot write: no space left on the device")
    if "readonly" in text or "read-only" in text:
        return IndexStoreError(f"{path}: cannot write: read-only")
    if "not a database" in text or "malformed" in text:
        return IndexStoreError(
            f"{path}: the document table is corrupt ({text}); remove the index folder's"
            " tantivy files and run `kuntahaku ingest PATH...`: it is rebuilt from the store"
        )
    return IndexStoreError(f"{path}: cannot use the document table: {text}")


@contextmanager
def _sqlite_errors(path: Path) -> Iterator[None]:
    try:
        yield
    except (sqlite3.Error, OSError) as exc:
        raise table_error(path, exc) from exc


def _connect(path: Path) -> sqlite3.Connection:
    with _sqlite_errors(path):
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        conn.executescript(_DOCS_SQL)
    return conn


class TantivyIndex(OneCommitWrites):
    """The tantivy engine's passage index in `<index_dir>/tantivy` and its document table."""

    engine = "tantivy"

    def __init__(self, index_dir: Path, create: bool = True) -> None:
        self.index_dir = index_dir
        self.path = index_dir / INDEX_SUBDIR
        try:
            if (self.path / "meta.json").exists():
                self.index = tantivy.Index.open(str(self.path))
            elif create:
                self.path.mkdir(parents=True, exist_ok=True)
                self.index = tantivy.Index(build_schema(), path=str(self.path), reuse=False)
            else:
                raise IndexStoreError(
                    f"{index_dir}: no search index here; run `kuntahaku ingest PATH...` first"
                )
        except OSError as exc:
            raise IndexStoreError(f"{self.path}: cannot open the search index: {exc}") from exc
        except ValueError as exc:
            raise IndexStoreError(
                f"{self.path}: the search index is corrupt ({exc}); remove this folder and run"
                " `kuntahaku ingest PATH...`: it is rebuilt from the store"
            ) from exc
        self.docs_path = index_dir / DOCS_FILE

    def batch(self) -> TantivyBatch:
        """A commit to fill one document at a time."""
        return TantivyBatch(self)

    def passage_count(self) -> int:
        """Number of passages in the index."""
        self.index.reload()
        return int(self.index.searcher().num_docs)

    def document_ids(self) -> set[str]:
        """The ids of the documents in the document table (each with its passages)."""
        conn = _connect(self.docs_path)
        try:
            return {row[0] for row in conn.execute("SELECT doc_id FROM docs")}
        finally:
            conn.close()


class TantivyBatch:
    """A tantivy commit filled one document at a time, with the document table's rows in one
    SQLite transaction committed right after it (a crash between the two is repaired from the
    store's journal, which keeps the rows until both are done)."""

    def __init__(self, index: TantivyIndex) -> None:
        self._index = index
        self._writer: Any = None
        self._conn: sqlite3.Connection | None = None
        self.documents = 0
        self.passages = 0

    def due(self) -> bool:
        """Whether enough waits for one commit (this engine's commit sizes)."""
        return self.documents >= COMMIT_DOCUMENTS or self.passages >= COMMIT_PASSAGES

    def _open(self) -> tuple[Any, sqlite3.Connection]:
        if self._writer is None:
            try:
                self._writer = self._index.index.writer(WRITER_HEAP, WRITER_THREADS)
            except ValueError as exc:
                raise IndexStoreError(
                    f"{self._index.path}: cannot write the search index: {exc}"
                ) from exc
        if self._conn is None:
            self._conn = _connect(self._index.docs_path)
            with _sqlite_errors(self._index.docs_path):
                self._conn.execute("BEGIN")
        return self._writer, self._conn

    def _forget(self, conn: sqlite3.Connection, doc_id: str) -> None:
        row = conn.execute("SELECT doc_num FROM docs WHERE doc_id = ?", (doc_id,)).fetchone()
        if row is not None:
            conn.execute("DELETE FROM doc_facets WHERE doc_num = ?", (row[0],))
            conn.execute("DELETE FROM docs WHERE doc_num = ?", (row[0],))

    def delete(self, doc_id: str) -> None:
        """Delete every passage of a document (not yet committed)."""
        writer, conn = self._open()
        writer.delete_documents_by_term("doc_id", doc_id)
        with _sqlite_errors(self._index.docs_path):
            self._forget(conn, doc_id)

    def add(self, doc: Document) -> None:
        """Delete the document's old passages and add its new ones (not yet committed)."""
        self.delete(doc.doc_id)
        writer, conn = self._open()
        with _sqlite_errors(self._index.docs_path):
            doc_num = self._add_row(conn, doc)
        for passage in passage_documents(doc, doc_num):
            writer.add_document(passage)
        self.documents += 1
        self.passages += len(doc.passages)

    def _add_row(self, conn: sqlite3.Connection, doc: Document) -> int:
        """The document's row and facet values in the table; its new document number."""
        cur = conn.execute(
            "INSERT INTO docs (doc_id, date, passages) VALUES (?, ?, ?)",
            (doc.doc_id, _day(doc.metadata.date), len(doc.passages)),
        )
        doc_num = int(cur.lastrowid or 0)
        values: list[tuple[str, str]] = []
        for record in document_records(doc):
            values = [(f, v) for f, vs in record["doc_facets"].items() for v in vs]
            break
        for facet, value in values:
            conn.execute(
                "INSERT OR IGNORE INTO facet_values (facet, value) VALUES (?, ?)", (facet, value)
            )
        conn.executemany(
            "INSERT INTO doc_facets (doc_num, value_id) SELECT ?, id FROM facet_values"
            " WHERE facet = ? AND value = ?",
            [(doc_num, f, v) for f, v in values],
        )
        return doc_num

    def commit(self) -> None:
        """Make what was added visible: tantivy's commit, then the document table's."""
        writer, conn = self._writer, self._conn
        self._writer = self._conn = None
        if writer is not None:
            try:
                writer.commit()
                writer.wait_merging_threads()
            except ValueError as exc:
                if conn is not None:
                    conn.execute("ROLLBACK")
                    conn.close()
                raise IndexStoreError(f"{self._index.path}: the commit failed: {exc}") from exc
        if conn is not None:
            with _sqlite_errors(self._index.docs_path):
                conn.execute("COMMIT")
                conn.close()
        self.documents = self.passages = 0

    def cancel(self) -> None:
        """Drop what was added since the last commit and unlock the index."""
        writer, conn = self._writer, self._conn
        self._writer = self._conn = None
        if writer is not None:
            writer.rollback()
            del writer
        if conn is not None:
            conn.execute("ROLLBACK")
            conn.close()
        self.documents = self.passages = 0


# -- searching -----------------------------------------------------------------------------------


# The document table's arrays, saved beside it by the first process that reads them.
TABLE_CACHE_SUFFIX = ".arrays.npz"


def _file_token(path: Path) -> np.ndarray:
    """What identifies one state of a file: its inode, size and time of last change."""
    st = path.stat()
    return np.asarray([st.st_ino, st.st_size, st.st_mtime_ns], dtype=np.int64)


class DocTable:
    """The document table as arrays: each document number's date, and its facet values as one
    run of value codes per document (`starts`), so counting reads only the matched documents'."""

    def __init__(self, path: Path) -> None:
        if not path.exists():  # an index whose table was never written: an empty table
            self._read(path)
            return
        token = _file_token(path)
        cache = path.with_name(path.name + TABLE_CACHE_SUFFIX)
        if not self._load(cache, token):
            self._read(path)
            self._save(cache, token)

    def _load(self, cache: Path, token: np.ndarray) -> bool:
        """Take the arrays a process saved for this very document table (same file, same
        size and time of change); False when there are none or they are another table's."""
        try:
            with np.load(cache, allow_pickle=False) as saved:
                if not np.array_equal(saved["token"], token):
                    return False
                self.dates = saved["dates"]
                self.codes = saved["codes"]
                self.starts = saved["starts"]
                self.values = list(
                    zip(saved["facets"].tolist(), saved["names"].tolist(), strict=True)
                )
        except (OSError, ValueError, KeyError, EOFError):
            return False
        self.size = len(self.dates)
        return True

    def _save(self, cache: Path, token: np.ndarray) -> None:
        """Save the arrays next to the table, so that the next process opening this index reads
        them in milliseconds instead of every row (seconds at 10^6 passages); a folder that
        cannot be written is left as it is."""
        tmp = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
        try:
            with open(tmp, "wb") as out:
                np.savez(
                    out,
                    token=token,
                    dates=self.dates,
                    codes=self.codes,
                    starts=self.starts,
                    facets=np.asarray([f for f, _ in self.values], dtype=str),
                    names=np.asarray([v for _, v in self.values], dtype=str),
                )
            os.replace(tmp, cache)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink()

    def _read(self, path: Path) -> None:
        """Read the arrays from the document table, in one read transaction."""
        conn = _connect(path)
        try:
            conn.execute("BEGIN")
            rows = conn.execute("SELECT doc_num, date FROM docs").fetchall()
            size = (max((r[0] for r in rows), default=0)) + 1
            self.dates = np.zeros(size, dtype=np.int64)
            if rows:
                arr = np.asarray(rows, dtype=np.int64)
                self.dates[arr[:, 0]] = arr[:, 1]
            self.values = [
                (str(f), str(v))
                for _, f, v in sorted(conn.execute("SELECT id, facet, value FROM facet_values"))
            ]
            ids = [r[0] for r in conn.execute("SELECT id FROM facet_values ORDER BY id")]
            code_of = np.zeros((max(ids, default=0)) + 1, dtype=np.int64)
            code_of[ids] = np.arange(len(ids))
            pairs = conn.execute("SELECT doc_num, value_id FROM doc_facets").fetchall()
            arr = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
            conn.execute("COMMIT")
        finally:
            conn.close()
        order = np.argsort(arr[:, 0], kind="stable")
        row_doc = arr[order, 0]
        self.codes = code_of[arr[order, 1]]
        self.starts = np.searchsorted(row_doc, np.arange(size + 1))
        self.size = size

    def counts(self, doc_nums: np.ndarray) -> Counter[tuple[str, str]]:
        """Documents per (facet, value) among these document numbers (distinct)."""
        docs = np.unique(doc_nums[(doc_nums >= 0) & (doc_nums < self.size)])
        lo, hi = self.starts[docs], self.starts[docs + 1]
        lens = hi - lo
        total = int(lens.sum())
        if not total:
            return Counter()
        # Row indexes of every matched document's run: lo repeated over its run, plus 0, 1, ...
        run_start = np.cumsum(lens) - lens
        rows = np.repeat(lo - run_start, lens) + np.arange(total)
        found = np.bincount(self.codes[rows], minlength=len(self.values))
        hit = np.flatnonzero(found)
        return Counter(
            {self.values[i]: n for i, n in zip(hit.tolist(), found[hit].tolist(), strict=True)}
        )


def _window(documents: int) -> int:
    """How many best passages are read first to find the best `documents` documents."""
    return max(4 * documents, 40)


def _levenshtein(a: str, b: str, most: int) -> int:
    """Edit distance with adjacent transpositions counted as one, stopping past `most`."""
    if abs(len(a) - len(b)) > most:
        return most + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > most:
            return most + 1
        prev2, prev = prev, cur
    return prev[-1]


class _Compiler:
    """Tree to tantivy queries over one searcher, expanding wildcards and fuzzy words to the
    index's terms itself (bounded by MAX_EXPANDED_TERMS) so the terms are known for snippets."""

    def __init__(self, live: LiveTantivy) -> None:
        self.live = live
        self.schema = live.schema
        self.left = MAX_EXPANDED_TERMS
        self.expanded: dict[tuple[str, str, str], list[str]] = {}
        self.terms: dict[str, set[str]] = {f: set() for f in TEXT_FIELDS}

    def _expand(self, node: qt.Node) -> list[str]:
        if isinstance(node, qt.Wildcard):
            key = ("w", node.field, node.pattern)
            shown = node.pattern
        else:
            assert isinstance(node, qt.Fuzzy)
            key = ("f", node.field, f"{node.text}~{node.maxdist}")
            shown = f"{node.text}~{node.maxdist}"
        if key in self.expanded:
            return self.expanded[key]
        if isinstance(node, qt.Wildcard):
            literal = node.pattern.split("*")[0].split("?")[0]
            pattern = node.pattern.replace("[", "[[]")
            found = [
                t
                for t, _ in self.live.terms_with_prefix(node.field, literal)
                if fnmatch.fnmatchcase(t, pattern)
            ]
        else:
            head = node.text[: node.prefix]
            found = [
                t
                for t, _ in self.live.terms_with_prefix(node.field, head)
                if _levenshtein(t, node.text, node.maxdist) <= node.maxdist
            ]
        self.left -= len(found)
        if self.left < 0:
            raise expansion_error(shown, MAX_EXPANDED_TERMS)
        self.expanded[key] = found
        return found

    def _term(self, fieldname: str, text: str) -> Any:
        if fieldname in self.terms:
            self.terms[fieldname].add(text)
        return tantivy.Query.term_query(self.schema, fieldname, text)

    def compile(self, node: qt.Node, collect: bool = True) -> Any:
        q = tantivy.Query
        if isinstance(node, qt.Null):
            return q.empty_query()
        if isinstance(node, qt.Every):
            return q.all_query()
        if isinstance(node, qt.Term):
            if node.field == "date":
                return self._range("date", node.text, node.text)
            found = (
                self._term(node.field, node.text)
                if collect
                else q.term_query(self.schema, node.field, node.text)
            )
            return q.boost_query(found, node.boost) if node.boost != 1.0 else found
        if isinstance(node, qt.Prefix):
            return self._range("date", node.text, node.text)
        if isinstance(node, qt.Range):
            return self._range(node.field, node.lo, node.hi)
        if isinstance(node, qt.Wildcard | qt.Fuzzy):
            terms = self._expand(node)
            if not terms:
                return q.empty_query()
            return q.boolean_query(
                [(tantivy.Occur.Should, self._term(node.field, t)) for t in terms]
            )
        if isinstance(node, qt.Phrase):
            for slot in node.slots:
                for t in slot:
                    if node.field in self.terms:
                        self.terms[node.field].add(t)
            if node.exact:
                found = q.phrase_query(
                    self.schema, node.field, [s[0] for s in node.slots], node.slop - 1
                )
            else:
                words: list[str | tuple[int, str]] = [
                    "(" + "|".join(_regex_escape(t) for t in s) + ")" for s in node.slots
                ]
                found = q.regex_phrase_query(self.schema, node.field, words, node.slop - 1)
            return q.boost_query(found, node.boost) if node.boost != 1.0 else found
        if isinstance(node, qt.Or):
            found = q.boolean_query(
                [(tantivy.Occur.Should, self.compile(n, collect)) for n in node.items]
            )
            return q.boost_query(found, node.boost) if node.boost != 1.0 else found
        if isinstance(node, qt.And):
            found = q.boolean_query(
                [(tantivy.Occur.Must, self.compile(n, collect)) for n in node.items]
            )
            return q.boost_query(found, node.boost) if node.boost != 1.0 else found
        if isinstance(node, qt.AndNot):
            return q.boolean_query(
                [
                    (tantivy.Occur.Must, self.compile(node.a, collect)),
                    (tantivy.Occur.MustNot, self.compile(node.b, False)),
                ]
            )
        if isinstance(node, qt.AndMaybe):
            return q.boolean_query(
                [
                    (tantivy.Occur.Must, self.compile(node.a, collect)),
                    (tantivy.Occur.Should, self.compile(node.b, collect)),
                ]
            )
        if isinstance(node, qt.Not):
            return q.boolean_query(
                [
                    (tantivy.Occur.Must, q.all_query()),
                    (tantivy.Occur.MustNot, self.compile(node.q, False)),
                ]
            )
        raise TypeError(f"no tantivy query for {type(node).__name__}")

    def _range(self, fieldname: str, lo: str | None, hi: str | None) -> Any:
        if fieldname == "year":
            low = int(lo) if lo else None
            high = int(hi) if hi else None
            if low is None and high is None:
                return tantivy.Query.all_query()
            return tantivy.Query.range_query(
                self.schema, "year_num", tantivy.FieldType.Integer, low, high
            )
        low = _day(_padded(lo, "0")) if lo else 1
        high = _day(_padded(hi, "9")) if hi else 99_999_999
        return tantivy.Query.range_query(
            self.schema, "date_num", tantivy.FieldType.Integer, low, high
        )

    def filtered(self, query: qt.Filtered) -> Any:
        """The whole query: the words, preferring passages naming a filtered value, the filter
        as a condition that adds nothing to the score."""
        main = self.compile(query.query)
        if query.prefer:
            main = tantivy.Query.boolean_query(
                [(tantivy.Occur.Must, main)]
                + [(tantivy.Occur.Should, self.compile(p, False)) for p in query.prefer]
            )
        if query.filter is None:
            return main
        cond = tantivy.Query.const_score_query(self.compile(query.filter, False), 0.0)
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, main), (tantivy.Occur.Must, cond)])


def _padded(day: str, fill: str) -> str:
    """An ISO day or prefix (`2021`, `2021-05`) as the first or last day string it covers."""
    digits = day.replace("-", "")
    return digits + fill * (8 - len(digits)) if fill == "9" else digits + "0" * (8 - len(digits))


_REGEX_SPECIAL = set('.^$*+?()[]{}|\\-&~#@<>"')


def _regex_escape(term: str) -> str:
    return "".join("\\" + c if c in _REGEX_SPECIAL else c for c in term)


class LiveTantivy:
    """An index folder's tantivy index and document table, open for the life of the process."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self.ix = TantivyIndex(index_dir, create=False)
        self.index = self.ix.index
        self.schema = self.index.schema
        self.token = self._token()
        self.searcher = self.index.searcher()
        self.table = DocTable(self.ix.docs_path)
        self._prefixes: OrderedDict[tuple[str, str], list[tuple[str, int]]] = OrderedDict()

    def _token(self) -> tuple[int, int, int, int]:
        meta = (self.ix.path / "meta.json").stat()
        docs = self.ix.docs_path.stat() if self.ix.docs_path.exists() else None
        return (
            meta.st_ino,
            meta.st_mtime_ns,
            docs.st_ino if docs else 0,
            docs.st_mtime_ns if docs else 0,
        )

    def current(self) -> bool:
        """Follow the latest commit; False when the folder now holds another index."""
        token = self._token()
        if token == self.token:
            return True
        if token[0] != self.token[0] or token[2] != self.token[2]:
            return False
        self.index.reload()
        self.searcher = self.index.searcher()
        self.table = DocTable(self.ix.docs_path)
        self._prefixes.clear()
        self.token = token
        return True

    def close(self) -> None:
        """Drop the cached term lists; tantivy frees the index's files when the last searcher
        that uses them goes (a query still running on this one finishes first)."""
        self._prefixes.clear()

    def terms_with_prefix(self, fieldname: str, prefix: str) -> list[tuple[str, int]]:
        """Every term of a field starting with `prefix`, with its document frequency."""
        key = (fieldname, prefix)
        found = self._prefixes.get(key)
        if found is None:
            found = self._prefixes[key] = list(self.searcher.terms_with_prefix(fieldname, prefix))
            while len(self._prefixes) > 64:
                self._prefixes.popitem(last=False)
        return found

    def matched_keys(
        self, q: Any, deadline: Deadline, total: int | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Every matched (document number * 4 + language) and its matched passages; `total`,
        the matched passages, when a search already counted them."""
        if total is None:
            total = int(getattr(self.searcher.search(q, 1, count=True), "count", 0) or 0)
            deadline.check()
        if not total:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        span = 4 * self.table.size + 4
        slices = [(0, span)]
        if total > AGG_BUCKETS:
            parts = -(-total // AGG_BUCKETS)
            step = -(-span // parts)
            slices = [(lo, min(span, lo + step)) for lo in range(0, span, step)]
        keys: list[int] = []
        counts: list[int] = []
        while slices:
            lo, hi = slices.pop()
            sub = q
            if (lo, hi) != (0, span):
                cond = tantivy.Query.range_query(
                    self.schema, "doc_key", tantivy.FieldType.Unsigned, lo, hi - 1
                )
                sub = tantivy.Query.boolean_query(
                    [(tantivy.Occur.Must, q), (tantivy.Occur.Must, cond)]
                )
            try:
                out = self.searcher.aggregate(
                    sub, {"k": {"terms": {"field": "doc_key", "size": AGG_BUCKETS + 5000}}}
                )
            except ValueError as exc:
                if "bucket limit" not in str(exc) or hi - lo < 2:
                    raise
                mid = (lo + hi) // 2
                slices += [(lo, mid), (mid, hi)]
                continue
            for b in out["k"]["buckets"]:
                keys.append(int(b["key"]))
                counts.append(int(b["doc_count"]))
            deadline.check()
        return np.asarray(keys, dtype=np.int64), np.asarray(counts, dtype=np.int64)

    def stored(self, address: Any) -> dict[str, Any]:
        """A passage's stored fields."""
        raw: Any = self.searcher.doc(address).get_first("stored")
        out: dict[str, Any] = json.loads(bytes(raw or b"{}").decode("utf-8"))
        return out


class TantivySearcher:
    """The tantivy engine's `Searcher`."""

    def __init__(self, live: LiveTantivy) -> None:
        self.live = live

    def _passages(
        self, q: Any, limit: int, count: bool = False
    ) -> tuple[list[tuple[float, Any]], list[int], int]:
        """The best `limit` passages, their document numbers and (with `count`) how many
        passages match in all (counting costs next to nothing in the same search)."""
        s = self.live.searcher
        res = s.search(q, max(1, limit), count=count)
        hits = [(float(score), addr) for score, addr in res.hits]
        nums = s.fast_field_values("doc_num", [a for _, a in hits]) if hits else []
        total = int(getattr(res, "count", 0) or 0) if count else 0
        return hits, [int(n or 0) for n in nums], total

    def _best_of(
        self, q: Any, docs: list[int], counts: dict[int, int], every: bool
    ) -> dict[int, list[tuple[float, Any]]]:
        """The matched passages of these documents, best first (only the best unless `every`)."""
        cond = tantivy.Query.term_set_query(self.live.schema, "doc_num", docs)
        sub = tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Must, q),
                (tantivy.Occur.Must, tantivy.Query.const_score_query(cond, 0.0)),
            ]
        )
        hits, nums, _ = self._passages(sub, sum(counts[d] for d in docs))
        out: dict[int, list[tuple[float, Any]]] = {}
        for hit, num in zip(hits, nums, strict=True):
            got = out.setdefault(num, [])
            if every or not got:
                got.append(hit)
        return out

    def search(
        self,
        query: qt.Filtered,
        sort: str,
        limit: int,
        all_passages: bool,
        facets: bool,
        time_limit: float,
    ) -> EngineResult:
        deadline = Deadline(time_limit)
        live = self.live
        compiler = _Compiler(live)
        q = compiler.filtered(query)
        deadline.check()
        # For relevance order, the first window of best passages is read before grouping,
        # with the count of matched passages that the grouping needs.
        first: tuple[list[tuple[float, Any]], list[int]] | None = None
        total_passages: int | None = None
        if sort != "date" and limit:
            hits, nums, total_passages = self._passages(q, _window(limit), count=True)
            first = (hits, nums)
            deadline.check()
        keys, key_counts = live.matched_keys(q, deadline, total_passages)
        doc_of = keys // 4
        docs, inverse = np.unique(doc_of, return_inverse=True)
        per_doc = np.bincount(inverse, weights=key_counts).astype(np.int64) if len(keys) else docs
        counts = dict(zip(docs.tolist(), per_doc.tolist(), strict=True))
        total = len(docs)
        want = total if not limit else min(limit, total)
        chosen: list[int]
        best: dict[int, list[tuple[float, Any]]]
        if sort == "date" and total:
            dates = live.table.dates[np.minimum(docs, live.table.size - 1)]
            order = np.argsort(-dates, kind="stable")
            cut = dates[order[want - 1]] if want else 0
            candidates = docs[dates >= cut].tolist() if want else []
            best = self._best_of(q, candidates, counts, all_passages)
            scored = [
                (int(live.table.dates[d]) != 0, int(live.table.dates[d]), best[d][0][0], d)
                for d in candidates
                if d in best
            ]
            scored.sort(key=lambda t: (t[0], t[1], t[2]), reverse=True)
            chosen = [t[3] for t in scored[:want]]
        else:
            chosen, best = self._top_documents(q, want, counts, all_passages, first)
        deadline.check()
        found: list[FoundDocument] = []
        for d in chosen:
            shown = [FoundPassage(score, live.stored(addr)) for score, addr in best[d]]
            found.append(FoundDocument(int(counts[d]), shown))
        result = EngineResult(total, int(key_counts.sum()), found, terms=compiler.terms)
        if facets:
            result.facets = self._facets(keys, docs)
        return result

    def _top_documents(
        self,
        q: Any,
        want: int,
        counts: dict[int, int],
        every: bool,
        first: tuple[list[tuple[float, Any]], list[int]] | None = None,
    ) -> tuple[list[int], dict[int, list[tuple[float, Any]]]]:
        """The `want` documents of the best passages, in order, with their best passage
        (`first`: the best passages already read, of a window at least `_window(want)`)."""
        if not want:
            return [], {}
        passages_total = sum(counts.values())
        limit = min(passages_total, _window(want))
        while True:
            if first is not None:
                (hits, nums), first = first, None
                limit = max(limit, min(passages_total, len(hits)))
            else:
                hits, nums, _ = self._passages(q, limit)
            chosen: list[int] = []
            best: dict[int, list[tuple[float, Any]]] = {}
            for hit, num in zip(hits, nums, strict=True):
                if num not in best:
                    if len(chosen) == want:
                        continue
                    chosen.append(num)
                    best[num] = [hit]
            if len(chosen) >= want or limit >= passages_total:
                break
            limit = min(passages_total, limit * 4)
        if every:
            best = self._best_of(q, chosen, counts, True)
        return chosen, best

    def _facets(self, keys: np.ndarray, docs: np.ndarray) -> dict[str, dict[str, int]]:
        counts = self.live.table.counts(docs)
        per_lang = np.bincount(keys % 4, minlength=4).tolist() if len(keys) else [0] * 4
        for code, n in enumerate(per_lang):
            lang = LANG_NAMES.get(code, "")
            if lang and n:
                counts[("lang", lang)] += n
        return ordered_facets(counts)

    def facet_counts(self, query: qt.Filtered, time_limit: float) -> dict[str, dict[str, int]]:
        deadline = Deadline(time_limit)
        q = _Compiler(self.live).filtered(query)
        keys, _ = self.live.matched_keys(q, deadline)
        return self._facets(keys, np.unique(keys // 4))

    def suggest(self, words: list[str]) -> list[str]:
        s = self.live.searcher
        out: list[str] = []
        for word in words:
            if any(c in word for c in "*?~") or not 3 <= len(word) <= MAX_SUGGEST_CHARS:
                continue
            low = word.lower()
            own = {low, *(lem for lang in LANGS for lem in lemmas(word, lang))}
            if any(s.doc_freq(f, t) for f in TEXT_FIELDS for t in own):
                continue  # the index knows the word: nothing to correct (a filter left it out)
            for fieldname in TEXT_FIELDS:
                near = [
                    (_levenshtein(t, low, 2), -n, t)
                    for t, n in self.live.terms_with_prefix(fieldname, low[:1])
                    if abs(len(t) - len(low)) <= 2
                ]
                for _, _, t in sorted(x for x in near if x[0] <= 2)[:3]:
                    if t not in own and t not in out and not t.isdigit():
                        out.append(t)
        return out[:MAX_SUGGESTIONS]


def _open_tantivy(index_dir: Path) -> LiveTantivy:
    try:
        return LiveTantivy(index_dir)
    except OSError as exc:
        raise IndexStoreError(f"{index_dir}: cannot open the search index: {exc}") from exc


_indexes: OpenIndexes[LiveTantivy] = OpenIndexes(_open_tantivy)


def tantivy_searcher(index_dir: Path) -> TantivySearcher:
    """The process's open tantivy searcher for a folder, following its latest commit."""
    return TantivySearcher(_indexes.get(index_dir))


def forget(index_dir: Path) -> None:
    """Forget the process's open index for a folder (after it was deleted or rebuilt)."""
    _indexes.forget(index_dir)
