"""Search: the passage index and queries over it. Whoosh stays behind this interface.

`ingest` calls `open_index(dir).replace_documents(docs)`; nothing outside this package imports
whoosh.
"""

from kuntahaku.search._index import SearchIndex, open_index

__all__ = ["SearchIndex", "open_index"]
