"""Print what ingestion made of each document: pages, passages, languages, type, date, body,
municipality and the number of § items (or chapters), read back from the document store.

    python bench/ingest_table.py --index /tmp/kh-table /work/shared/real-docs /work/shared/seed-pdfs

Paths given are ingested first (unchanged files are skipped); with no paths the table shows what
the index already holds. Re-run it after a change to extraction or cleaning to compare.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kuntahaku.config import Settings
from kuntahaku.ingest.batch import ingest_paths
from kuntahaku.models import STATUS_OK, Document
from kuntahaku.store import DocumentStore

COLUMNS = ("file", "pages", "pass", "langs", "type", "date", "body", "municipality", "§", "ch")


def row(doc: Document) -> tuple[str, ...]:
    """One table row for a stored document."""
    meta = doc.metadata
    signs = sum(1 for s in meta.sections if s.kind == "paragraph_sign")
    chapters = sum(1 for s in meta.sections if s.kind != "paragraph_sign")
    if doc.status != STATUS_OK:
        return (Path(doc.path).name, "-", "-", "-", "FAILED", doc.error[:40], "", "", "", "")
    return (
        Path(doc.path).name,
        str(len(doc.pages)),
        str(len(doc.passages)),
        ",".join(doc.languages),
        meta.doc_type,
        meta.date,
        meta.body,
        meta.municipality,
        str(signs),
        str(chapters),
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", required=True, type=Path, help="index folder")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("paths", nargs="*")
    args = parser.parse_args(argv)
    if args.paths:
        ingest_paths(args.paths, Settings(index_dir=args.index, workers=args.workers))
    with DocumentStore(args.index) as store:
        rows = sorted((row(doc) for doc in store.documents()), key=lambda r: r[0])
    if args.markdown:
        print("| " + " | ".join(COLUMNS) + " |")
        print("|" + "---|" * len(COLUMNS))
        for r in rows:
            print("| " + " | ".join(r) + " |")
        return 0
    widths = [max(len(c), *(len(r[i][:48]) for r in rows)) for i, c in enumerate(COLUMNS)]
    print("  ".join(c.ljust(w) for c, w in zip(COLUMNS, widths, strict=True)))
    for r in rows:
        print("  ".join(v[:48].ljust(w) for v, w in zip(r, widths, strict=True)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
