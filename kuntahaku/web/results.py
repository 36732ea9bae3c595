"""A page of search results as the web shows it: documents with their best passage, the
issuing municipality from the document store, and renditions of one text folded together.

Renditions (a .txt and its PDFs, one decision from two producers) are found as reading lists
find them (`readinglist.dedup`): two documents on the page whose best passages look alike are
(or that share their title, or their date, type and body) are compared over their whole
text, and when they are renditions the later one is shown as
"also as …" under the first. Only look-alike pairs load whole documents, so a page of
unrelated documents costs one small store query.
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
# Best passages this alike make two documents candidates for the whole-text comparison.
CANDIDATE_SIMILARITY = 0.3
QUICK_CHARS = 800  # of each best passage, for that first look


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


def _stand_in(hit: Hit) -> Document:
    """A document holding only the hit's passage, to compare best passages with dedup."""
    passage = Passage(
        passage_id=hit.passage_id,
        doc_id=hit.doc_id,
        ordinal=0,
        text=hit.text[:QUICK_CHARS],
        pages=hit.pages,
    )
    return Document(doc_id=hit.doc_id, path=hit.path, passages=[passage])


def _alike(a: Row, b: Row) -> bool:
    """Whether two documents say the same about themselves: the same title, or the same date,
    type and body (renditions share their text, so mostly their metadata too)."""
    ta, tb = " ".join(a.hit.title.casefold().split()), " ".join(b.hit.title.casefold().split())
    if ta and ta == tb:
        return True
    ha, hb = a.hit, b.hit
    return bool(ha.date) and (ha.date, ha.doc_type, ha.body) == (hb.date, hb.doc_type, hb.body)


def fold_renditions(rows: list[Row], store: DocumentStore) -> list[Row]:
    """Rows with renditions of an earlier row's text moved under it as `also`."""
    if len(rows) < 2:
        return rows
    quick = [dedup.shingles(_stand_in(r.hit)) for r in rows]
    full: dict[str, set[int]] = {}

    def whole(doc_id: str) -> set[int]:
        if doc_id not in full:
            doc = store.get(doc_id)
            full[doc_id] = dedup.shingles(doc) if doc is not None else set()
        return full[doc_id]

    kept: list[int] = []
    for i, row in enumerate(rows):
        for k in kept:
            if (
                not _alike(row, rows[k])
                and dedup.jaccard(quick[i], quick[k]) < CANDIDATE_SIMILARITY
            ):
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
