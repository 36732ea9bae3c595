"""Structure benchmark: the ingestion pipeline's §s, chapters, decisions, metadata and word
coverage scored against gold annotations written by reading the rendered documents.

Run it with `python3 -m bench.structure`; the gold format and the figures are described in
`bench/structure/README.md`.
"""
