"""A page of search results as the web shows it: documents with their best passage, the
issuing municipality from the document store, and renditions of one text folded together.

Renditions (a .txt and its PDFs, one decision from two producers) are found as reading lists
find them (`readinglist.dedup`, character shingles, Jaccard >= 0.4). Only documents of the page
that look alike, by their title or by the opening of their text (read with the issuer in one
store query), are compared, over the first 10,000 characters of their text; the later one is
shown as "also as …" under the first.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from kuntahaku.models import Document, Passage
from kuntahaku.readinglist import dedup
from kuntahaku.search import Hit, SearchResult, run_search
from kuntahaku.store import DocumentStore
from kuntahaku.web.params import PER_PAGE, SearchState

# One search at a time per process: the open index is shared by every request thread, and it
# may swap its searcher when a commit lands.
SEARCH_LOCK = threading.Lock()
_MARKED = re.compile(r"<<(.*?)>>", re.S)
# Openings this alike make two documents candidates for the comparison of their text.
CANDIDATE_SIMILARITY = 0.5
WHOLE_CHARS = 10_000  # of each candidate's text, for the comparison that decides


@dataclass
class Also:
    """Another rendition of a shown document."""

    doc_id: str
    path: str
    format: str


@dataclass
class Row:
    """One document of the result page."""

    hit: Hit
    brief: dict[str, Any]
    rank: int
    also: list[Also] = field(default_factory=list)

    @property
    def municipality(self) -> str:
        """The issuing municipality, as the document says."""
        return str(self.brief.get("municipality", ""))

    @property
    def format(self) -> str:
        """pdf, html or text."""
        return str(self.brief.get("format", ""))

    @property
    def file_name(self) -> str:
        """The original file's name."""
        return Path(self.hit.path).name


@dataclass
class ResultPage:
    """One page of results, the facet counts of the whole result and the time taken."""

    result: SearchResult
    rows: list[Row]
    seconds: float
    pages: int


def marked_html(snippet: str) -> Markup:
    """A snippet with search's `<<marks>>` as <mark> elements, everything else escaped."""
    parts = _MARKED.split(snippet)
    out = []
    for i, part in enumerate(parts):
        text = escape(part.replace("<<", "").replace(">>", ""))
        out.append(Markup("<mark>{}</mark>").format(text) if i % 2 else text)
    return Markup("").join(out)


def _title_key(row: Row) -> str:
    """A title compared across renditions (they share their text, so mostly their title)."""
    return " ".join(row.hit.title.casefold().split())


def _text_shingles(doc_id: str, text: str) -> set[int]:
    """dedup's shingles of a text, through a stand-in document holding only that text."""
    passage = Passage(passage_id=f"{doc_id}:0000", doc_id=doc_id, ordinal=0, text=text, pages=[])
    return dedup.shingles(Document(doc_id=doc_id, path="", passages=[passage]))


def _opening_shingles(text: str) -> set[str]:
    """dedup's shingles of an opening as the 8-character strings themselves (no hashing: this
    only picks which documents to compare, and runs for every row of every page)."""
    stream = dedup.letters_and_digits(text)
    n = dedup.SHINGLE_CHARS
    if len(stream) <= n:
        return {stream} if stream else set()
    return {stream[i : i + n] for i in range(len(stream) - n + 1)}


def _containment(a: set[Any], b: set[Any]) -> float:
    """How much of the smaller set the larger holds (openings differ in length: a first
    passage may be cut short in one rendition)."""
    small = min(len(a), len(b))
    return len(a & b) / small if small else 0.0


def fold_renditions(rows: list[Row], store: DocumentStore) -> list[Row]:
    """Rows with renditions of an earlier row's text moved under it as `also`."""
    if len(rows) < 2:
        return rows
    quick = [_opening_shingles(str(r.brief.get("opening", ""))) for r in rows]
    titles = [_title_key(r) for r in rows]
    full: dict[str, set[int]] = {}

    def whole(doc_id: str) -> set[int]:
        if doc_id not in full:
            full[doc_id] = _text_shingles(doc_id, store.passage_text(doc_id, WHOLE_CHARS))
        return full[doc_id]

    kept: list[int] = []
    for i, row in enumerate(rows):
        for k in kept:
            same_title = bool(titles[i]) and titles[i] == titles[k]
            if not same_title and _containment(quick[i], quick[k]) < CANDIDATE_SIMILARITY:
                continue
            if dedup.jaccard(whole(row.hit.doc_id), whole(rows[k].hit.doc_id)) >= dedup.THRESHOLD:
                rows[k].also.append(Also(row.hit.doc_id, row.hit.path, row.format))
                break
        else:
            kept.append(i)
    out = [rows[k] for k in kept]
    for n, row in enumerate(out):
        row.rank = rows[0].rank + n
    return out


def search_page(index_dir: Path, state: SearchState) -> ResultPage:
    """Run the state's search (the CLI's `run_search`) and lay out its page of documents."""
    start = time.perf_counter()
    with SEARCH_LOCK:
        result = run_search(index_dir, state.request(limit=state.offset + PER_PAGE))
    shown = result.hits[state.offset :]
    with DocumentStore(index_dir) as store:
        briefs = store.briefs(h.doc_id for h in shown)
        rows = [
            Row(hit=h, brief=briefs.get(h.doc_id, {}), rank=state.offset + i + 1)
            for i, h in enumerate(shown)
        ]
        rows = fold_renditions(rows, store)
    pages = max(1, -(-result.total // PER_PAGE))
    return ResultPage(result=result, rows=rows, seconds=time.perf_counter() - start, pages=pages)
