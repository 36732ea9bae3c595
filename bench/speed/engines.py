"""Search engines measured side by side on the same passages: ours and what a user could pick.

Every engine builds an index from `Document`s and answers a `BenchQuery` with a `BenchResult`:
the best passages, how many documents match, and (when asked) facet counts that count documents.

- `Kuntahaku`: our index through the public `kuntahaku.search` API only, once per engine
  (`kuntahaku` on tantivy, the default, and `kuntahaku-whoosh`).
- `Fts5`: SQLite FTS5 from the standard library, `unicode61 remove_diacritics 0` (keeps ä, ö, å);
  Finnish and Swedish words are matched by Snowball-stem prefix (`hallitu*`), the best stdlib
  setup; facets in a side table counted with GROUP BY.
- `Tantivy`: tantivy-py with its built-in Snowball stemmers (one field per language: `finnish`,
  `swedish`), facets as raw fast fields counted with its terms aggregation.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import tantivy
from whoosh.lang import stemmer_for_language

from kuntahaku.models import Document
from kuntahaku.search import SearchRequest, open_index, run_search

PASSAGE_FACETS = ("municipality", "region", "fund", "theme", "organisation")
DOC_FACETS = ("doc_type", "lang", "year")
FACETS = PASSAGE_FACETS + DOC_FACETS
LIMIT = 10


@dataclass(frozen=True)
class BenchQuery:
    """One query of the latency benchmark."""

    kind: str  # term | phrase | facets | date
    text: str  # one word, or two words for a phrase
    filters: tuple[tuple[str, str], ...] = ()  # (facet, value)
    facet_counts: bool = False
    sort_by_date: bool = False


@dataclass
class BenchResult:
    """What an engine answered: passage ids best first, matching documents, facet counts."""

    passage_ids: list[str]
    total_docs: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


class Engine(Protocol):
    """A search engine under test."""

    name: str
    path: Path  # where the index lives; its parent folder holds every engine of a run

    def build(self, docs: Iterable[Document]) -> int:
        """Index every passage of `docs`; return the number of passages indexed."""
        ...

    def open(self) -> None:
        """Open the built index for searching."""
        ...

    def search(self, query: BenchQuery) -> BenchResult:
        """Answer one query."""
        ...

    def size_bytes(self) -> int:
        """Bytes the index takes on disk."""
        ...


def dir_size(path: Path) -> int:
    """Bytes of every file under a folder."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def batched(docs: Iterable[Document], passages: int) -> Iterator[list[Document]]:
    """Groups of documents holding about `passages` passages each."""
    batch: list[Document] = []
    count = 0
    for doc in docs:
        batch.append(doc)
        count += len(doc.passages)
        if count >= passages:
            yield batch
            batch, count = [], 0
    if batch:
        yield batch


def facet_values(doc: Document) -> list[tuple[str, str]]:
    """(facet, value) pairs a document is filtered and counted by, copied on each of its passages.

    Like our index: entity facets are the union over the document's passages, so that a filter
    matches documents (not only the passage that names the value); plus type, lang and year.
    """
    pairs = [
        (f, v)
        for f in PASSAGE_FACETS
        for v in dict.fromkeys(v for p in doc.passages for v in p.entities.get(f, []))
    ]
    pairs += [("doc_type", doc.metadata.doc_type), ("lang", doc.lang)]
    if doc.metadata.date[:4].isdigit():
        pairs.append(("year", doc.metadata.date[:4]))
    return pairs


class Kuntahaku:
    """Our index on one engine, written and searched through the public `kuntahaku.search` API.

    Documents are added and committed as `kuntahaku ingest` does (`IndexBatch.due()`).
    """

    def __init__(self, folder: Path, engine: str = "tantivy") -> None:
        self.engine = engine
        self.name = "kuntahaku" if engine == "tantivy" else f"kuntahaku-{engine}"
        self.path = folder / self.name

    def build(self, docs: Iterable[Document]) -> int:
        batch = open_index(self.path, engine=self.engine).batch()
        n = 0
        for doc in docs:
            batch.add(doc)
            n += len(doc.passages)
            if batch.due():
                batch.commit()
        batch.commit()
        return n

    def open(self) -> None:
        """Nothing to do: `run_search` opens the index folder on its first call in a process and
        keeps it open, following later commits (a fresh process is measured apart, `cold`)."""

    def size_bytes(self) -> int:
        return dir_size(self.path)

    @staticmethod
    def request(query: BenchQuery) -> SearchRequest:
        """The `SearchRequest` a user of the CLI would send for this query."""
        text = f'"{query.text}"' if query.kind == "phrase" else query.text
        filters: dict[str, list[str]] = {}
        extra: dict[str, Any] = {}
        for facet, value in query.filters:
            if facet in ("doc_type", "lang"):
                extra[facet] = value
            elif facet == "year":
                extra["year"] = int(value)
            else:
                filters.setdefault(facet, []).append(value)
        return SearchRequest(
            query=text,
            filters=filters,
            sort="date" if query.sort_by_date else "relevance",
            limit=LIMIT,
            facets=query.facet_counts,
            **extra,
        )

    def search(self, query: BenchQuery) -> BenchResult:
        res = run_search(self.path, self.request(query))
        return BenchResult([h.passage_id for h in res.hits], res.total, res.facets)


_FI_STEM = stemmer_for_language("fi")
_SV_STEM = stemmer_for_language("sv")


class Fts5:
    """SQLite FTS5 (stdlib): unicode61 without diacritic folding, Snowball-stem prefix queries.

    Facets live in a table of (document, facet, value): filters are `doc IN (...)` and facet
    counts a GROUP BY over the matching documents.
    """

    def __init__(self, folder: Path, prefix_index: bool = False) -> None:
        self.name = "fts5+prefix" if prefix_index else "fts5"
        self.path = folder / ("fts5_prefix.sqlite" if prefix_index else "fts5.sqlite")
        self.prefix_index = prefix_index
        self.conn: sqlite3.Connection | None = None

    def build(self, docs: Iterable[Document]) -> int:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.unlink(missing_ok=True)
        conn = sqlite3.connect(self.path)
        prefix = ", prefix='3 4 5 6'" if self.prefix_index else ""
        conn.executescript(
            f"""
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            CREATE VIRTUAL TABLE passages USING fts5(
                text, passage_id UNINDEXED, doc UNINDEXED, date UNINDEXED,
                tokenize = "unicode61 remove_diacritics 0"{prefix});
            CREATE TABLE facets (doc INTEGER, facet TEXT, value TEXT);
            """
        )
        n = 0
        for number, doc in enumerate(docs):
            conn.executemany(
                "INSERT INTO facets VALUES (?, ?, ?)",
                [(number, f, v) for f, v in facet_values(doc)],
            )
            rows = [(p.text, p.passage_id, number, doc.metadata.date) for p in doc.passages]
            conn.executemany("INSERT INTO passages VALUES (?, ?, ?, ?)", rows)
            n += len(rows)
        conn.executescript(
            """
            CREATE INDEX facets_by_value ON facets (facet, value, doc);
            CREATE INDEX facets_by_doc ON facets (doc);
            INSERT INTO passages(passages) VALUES ('optimize');
            """
        )
        conn.commit()
        conn.close()
        return n

    def open(self) -> None:
        self.conn = sqlite3.connect(self.path)

    def size_bytes(self) -> int:
        return self.path.stat().st_size

    @staticmethod
    def match_expr(query: BenchQuery) -> str:
        """The FTS5 MATCH expression: stem prefixes in both languages, or an exact phrase."""
        words = query.text.lower().split()
        if query.kind == "phrase":
            return '"' + " ".join(words) + '"'
        stems = dict.fromkeys(s for w in words for s in (_FI_STEM(w), _SV_STEM(w)))
        return " OR ".join(f'"{s}"*' for s in stems)

    def search(self, query: BenchQuery) -> BenchResult:
        assert self.conn is not None, "open() first"
        conn = self.conn
        cond = (
            "passages MATCH ?"
            + " AND doc IN (SELECT doc FROM facets WHERE facet = ? AND value = ?)"
            * len(query.filters)
        )
        args: list[Any] = [self.match_expr(query)]
        for facet, value in query.filters:
            args += [facet, value]
        order = "date DESC" if query.sort_by_date else "rank"
        top = conn.execute(
            f"SELECT passage_id FROM passages WHERE {cond} ORDER BY {order} LIMIT {LIMIT}", args
        ).fetchall()
        total = conn.execute(
            f"SELECT COUNT(DISTINCT doc) FROM passages WHERE {cond}", args
        ).fetchone()[0]
        counts: dict[str, dict[str, int]] = {}
        if query.facet_counts:
            for facet, value, n in conn.execute(
                f"SELECT facet, value, COUNT(*) FROM facets WHERE doc IN "
                f"(SELECT DISTINCT doc FROM passages WHERE {cond}) GROUP BY facet, value",
                args,
            ):
                counts.setdefault(facet, {})[value] = n
        return BenchResult([r[0] for r in top], int(total), counts)


class Tantivy:
    """tantivy-py with Snowball `finnish`/`swedish` stemming; facets as raw fast fields."""

    name = "tantivy"

    def __init__(self, folder: Path) -> None:
        self.path = folder / "tantivy"
        self.index: Any = None
        self.searcher: Any = None

    @staticmethod
    def schema() -> Any:
        sb = tantivy.SchemaBuilder()
        sb.add_text_field("passage_id", stored=True, tokenizer_name="raw")
        sb.add_text_field("doc_id", fast=True, tokenizer_name="raw")
        sb.add_text_field("text_fi", stored=True, tokenizer_name="fi_stem")
        sb.add_text_field("text_sv", stored=True, tokenizer_name="sv_stem")
        for f in FACETS:
            sb.add_text_field(f, fast=True, tokenizer_name="raw", index_option="basic")
        sb.add_integer_field("date", fast=True, indexed=True)
        return sb.build()

    def _register(self, index: Any) -> None:
        for name, lang in (("fi_stem", "finnish"), ("sv_stem", "swedish")):
            analyzer = (
                tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
                .filter(tantivy.Filter.remove_long(40))
                .filter(tantivy.Filter.lowercase())
                .filter(tantivy.Filter.stemmer(lang))
                .build()
            )
            index.register_tokenizer(name, analyzer)

    def build(self, docs: Iterable[Document]) -> int:
        if self.path.exists():
            for old in self.path.iterdir():
                old.unlink()
        self.path.mkdir(parents=True, exist_ok=True)
        index = tantivy.Index(self.schema(), path=str(self.path), reuse=False)
        self._register(index)
        writer = index.writer(heap_size=200_000_000, num_threads=2)
        n = 0
        for doc in docs:
            day = int(doc.metadata.date.replace("-", "") or 0)
            pairs = facet_values(doc)
            for p in doc.passages:
                n += 1
                fields: dict[str, Any] = {
                    "passage_id": p.passage_id,
                    "doc_id": doc.doc_id,
                    "date": day,
                }
                fields["text_sv" if (p.lang or doc.lang) == "sv" else "text_fi"] = p.text
                for f, v in pairs:
                    fields.setdefault(f, []).append(v)
                writer.add_document(tantivy.Document(**fields))
        writer.commit()
        writer.wait_merging_threads()
        return n

    def open(self) -> None:
        self.index = tantivy.Index.open(str(self.path))
        self._register(self.index)
        self.index.reload()
        self.searcher = self.index.searcher()

    def size_bytes(self) -> int:
        return dir_size(self.path)

    def _query(self, query: BenchQuery) -> Any:
        text = query.text.lower()
        if query.kind == "phrase":
            text = f'"{text}"'
        q = self.index.parse_query(text, ["text_fi", "text_sv"])
        if not query.filters:
            return q
        schema = self.index.schema
        parts = [(tantivy.Occur.Must, q)] + [
            (tantivy.Occur.Must, tantivy.Query.term_query(schema, f, v)) for f, v in query.filters
        ]
        return tantivy.Query.boolean_query(parts)

    def search(self, query: BenchQuery) -> BenchResult:
        q = self._query(query)
        s = self.searcher
        if query.sort_by_date:
            res = s.search(q, LIMIT, count=False, order_by_field="date", order=tantivy.Order.Desc)
        else:
            res = s.search(q, LIMIT, count=False)
        ids = [s.doc(addr)["passage_id"][0] for _, addr in res.hits]
        aggs: dict[str, Any] = {"docs": {"cardinality": {"field": "doc_id"}}}
        if query.facet_counts:
            for f in FACETS:
                aggs[f] = {
                    "terms": {"field": f, "size": 500},
                    "aggs": {"docs": {"cardinality": {"field": "doc_id"}}},
                }
        out = s.aggregate(q, aggs)
        counts: dict[str, dict[str, int]] = {}
        if query.facet_counts:
            for f in FACETS:
                counts[f] = {str(b["key"]): int(b["docs"]["value"]) for b in out[f]["buckets"]}
        return BenchResult(ids, int(out["docs"]["value"]), counts)
