"""Search: the passage index and queries over it, on the engine the index was created with.

`ingest` adds documents through `open_index(dir).batch()` (`add`, `due`, `commit`); the CLI and
reading lists call `run_search(index_dir, SearchRequest(...))` and `facet_counts(...)`. Nothing
outside this package imports an engine or knows which one an index has (`_engine`).
"""

from kuntahaku.config import DEFAULT_ENGINE, ENGINES
from kuntahaku.search._engine import (
    IndexBatch,
    SearchIndex,
    index_exists,
    open_index,
)
from kuntahaku.search._fields import FACETS
from kuntahaku.search._render import facets_json, facets_text, result_json, result_text
from kuntahaku.search._search import (
    SORTS,
    Hit,
    SearchRequest,
    SearchResult,
    facet_counts,
    run_search,
)

__all__ = [
    "DEFAULT_ENGINE",
    "ENGINES",
    "FACETS",
    "SORTS",
    "Hit",
    "IndexBatch",
    "SearchIndex",
    "SearchRequest",
    "SearchResult",
    "facet_counts",
    "facets_json",
    "facets_text",
    "index_exists",
    "open_index",
    "result_json",
    "result_text",
    "run_search",
]
