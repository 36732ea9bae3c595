"""Search: the passage index and queries over it. Whoosh stays behind this interface.

`ingest` adds documents through `open_index(dir).batch()` (`add`, `commit`); the CLI and reading
lists call `run_search(index_dir, SearchRequest(...))` and `facet_counts(...)`. Nothing outside
this package imports whoosh.
"""

from kuntahaku.search._index import SearchIndex, open_index
from kuntahaku.search._render import facets_json, facets_text, result_json, result_text
from kuntahaku.search._schema import FACETS
from kuntahaku.search._search import (
    SORTS,
    Hit,
    SearchRequest,
    SearchResult,
    facet_counts,
    run_search,
)

__all__ = [
    "FACETS",
    "SORTS",
    "Hit",
    "SearchIndex",
    "SearchRequest",
    "SearchResult",
    "facet_counts",
    "facets_json",
    "facets_text",
    "open_index",
    "result_json",
    "result_text",
    "run_search",
]
