"""Relevance benchmark: our analyzers against a whoosh Snowball baseline on the same passages.

Each query in `queries.json` lists the passages that answer it as (file names, a short string the
passage contains; `*` is any file), so that answers survive changes of segmentation and paths. Both
systems rank passages; we report success@5 (an answer among the first five passages) and MRR@10
(reciprocal rank of the first answer within ten), overall and per kind and language, plus
document-level success@5 of our grouped results (what `kuntahaku search` shows).

    python bench/relevance/run.py [--index DIR]   # DIR: an index folder with `corpus/` ingested

Without --index the bundled corpus is ingested into a temporary folder first (minutes).
Prints a table and writes bench/out/relevance.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from whoosh import index as windex
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.lang import stemmer_for_language
from whoosh.qparser import MultifieldParser

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from kuntahaku.config import Settings  # noqa: E402
from kuntahaku.ingest.batch import ingest_paths  # noqa: E402
from kuntahaku.models import Document  # noqa: E402
from kuntahaku.search import SearchRequest, run_search  # noqa: E402
from kuntahaku.search._doctypes import resolve_doc_type  # noqa: E402
from kuntahaku.search._index import document_facets  # noqa: E402
from kuntahaku.store import DocumentStore  # noqa: E402

QUERIES = Path(__file__).with_name("queries.json")
OUT = ROOT / "bench" / "out" / "relevance.json"
K_SUCCESS, K_MRR = 5, 10


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


class Passage:
    """What both systems rank: a passage with its file name and document fields."""

    def __init__(self, doc: Document, i: int) -> None:
        p = doc.passages[i]
        self.id = p.passage_id
        self.file = Path(doc.path).name
        self.text = p.text
        self.norm = _norm(p.text)
        self.lang = p.lang or doc.lang
        self.doc_type = doc.metadata.doc_type
        self.year = doc.metadata.date[:4]
        self.doc_facets = document_facets(doc)


def answers(entry: dict[str, Any], p: Passage) -> bool:
    """Whether a passage answers a query: right file, and it contains the answer string."""
    return any(
        ("*" in a["files"] or p.file in a["files"]) and _norm(a["contains"]) in p.norm
        for a in entry["answers"]
    )


def first_rank(entry: dict[str, Any], ranked: list[Passage]) -> int | None:
    for rank, p in enumerate(ranked[:K_MRR], start=1):
        if answers(entry, p):
            return rank
    return None


# -- our search ----------------------------------------------------------------------------------


def _request(entry: dict[str, Any], **kw: Any) -> SearchRequest:
    f = entry.get("filters", {})
    return SearchRequest(
        query=entry["query"],
        filters={"city": [f["city"]]} if "city" in f else {},
        lang=f.get("lang", ""),
        doc_type=f.get("doc_type", ""),
        year=f.get("year"),
        facets=False,
        **kw,
    )


def ours(
    index_dir: Path, passages: dict[str, Passage]
) -> Callable[[dict[str, Any]], list[Passage]]:
    def rank(entry: dict[str, Any]) -> list[Passage]:
        result = run_search(index_dir, _request(entry, passages=True, limit=0))
        hits = sorted(result.hits, key=lambda h: -h.score)  # passages by score, not grouped
        return [passages[h.passage_id] for h in hits if h.passage_id in passages]

    return rank


def ours_documents(index_dir: Path, entry: dict[str, Any]) -> list[str]:
    """File names of the documents `kuntahaku search` shows, in order."""
    result = run_search(index_dir, _request(entry, limit=K_SUCCESS))
    return [Path(h.path).name for h in result.hits]


# -- baseline: whoosh with Snowball stemming -------------------------------------------------------


def baseline(
    passages: dict[str, Passage], folder: Path
) -> Callable[[dict[str, Any]], list[Passage]]:
    """A whoosh index of the same passages, one Snowball-stemmed field per language."""
    analyzers = {
        lang: StemmingAnalyzer(stemfn=stemmer_for_language(lang), stoplist=None)
        for lang in ("fi", "sv", "en")
    }
    schema = Schema(
        passage_id=ID(stored=True, unique=True),
        file=STORED(),
        **{f"text_{lang}": TEXT(analyzer=a, phrase=True) for lang, a in analyzers.items()},
    )
    ix = windex.create_in(str(folder), schema)
    writer = ix.writer()
    for p in passages.values():
        langs = [p.lang] if p.lang in analyzers else list(analyzers)
        writer.add_document(
            passage_id=p.id, file=p.file, **{f"text_{lang}": p.text for lang in langs}
        )
    writer.commit()
    parser = MultifieldParser(["text_fi", "text_sv", "text_en"], schema)

    def keep(entry: dict[str, Any], p: Passage) -> bool:
        f = entry.get("filters", {})
        if "lang" in f and p.lang != f["lang"]:
            return False
        if "doc_type" in f and p.doc_type != resolve_doc_type(f["doc_type"]):
            return False
        if "year" in f and p.year != str(f["year"]):
            return False
        return not ("city" in f and f["city"] not in p.doc_facets["issuer"])

    def rank(entry: dict[str, Any]) -> list[Passage]:
        with ix.searcher() as s:
            hits = s.search(parser.parse(entry["query"]), limit=None)
            ranked = [passages[h["passage_id"]] for h in hits]
        return [p for p in ranked if keep(entry, p)]

    return rank


# -- scoring ---------------------------------------------------------------------------------------


def score(rankings: dict[str, int | None]) -> dict[str, float]:
    n = len(rankings) or 1
    return {
        "success@5": round(sum(1 for r in rankings.values() if r and r <= K_SUCCESS) / n, 3),
        "mrr@10": round(sum(1 / r for r in rankings.values() if r) / n, 3),
    }


def ingest_corpus() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="kuntahaku-relevance-"))
    report = ingest_paths([str(ROOT / "corpus")], Settings(index_dir=folder, workers=2))
    print(f"ingested {report.count('ingested')} documents into {folder}", file=sys.stderr)
    return folder


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", type=Path, help="an index folder with corpus/ ingested")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    index_dir = args.index or ingest_corpus()
    with DocumentStore(index_dir) as store:
        docs = list(store.documents())
    passages = {p.id: p for d in docs for p in (Passage(d, i) for i in range(len(d.passages)))}
    entries = json.loads(QUERIES.read_text(encoding="utf-8"))
    missing = [e["id"] for e in entries if not any(answers(e, p) for p in passages.values())]
    if missing:
        print(
            f"warning: no passage answers {', '.join(missing)} (scored as misses)", file=sys.stderr
        )

    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        systems = {
            "kuntahaku": ours(index_dir, passages),
            "snowball": baseline(passages, Path(tmp)),
        }
        ranks: dict[str, dict[str, int | None]] = {name: {} for name in systems}
        for entry in entries:
            for name, rank in systems.items():
                ranks[name][entry["id"]] = first_rank(entry, rank(entry))
    doc_success = sum(
        1
        for e in entries
        if any(
            "*" in a["files"] or f in a["files"]
            for f in ours_documents(index_dir, e)
            for a in e["answers"]
        )
    ) / len(entries)

    groups: dict[str, list[str]] = defaultdict(list)
    for e in entries:
        groups[f"lang={e['lang']}"].append(e["id"])
        groups[f"kind={e['kind']}"].append(e["id"])
    report: dict[str, Any] = {
        "queries": len(entries),
        "passages": len(passages),
        "documents": len(docs),
        "seconds": round(time.perf_counter() - started, 1),
        "overall": {name: score(r) for name, r in ranks.items()},
        "kuntahaku_document_success@5": round(doc_success, 3),
        "groups": {
            g: {name: score({i: ranks[name][i] for i in ids}) for name in ranks}
            for g, ids in sorted(groups.items())
        },
        "per_query": [
            {
                "id": e["id"],
                "query": e["query"],
                "filters": e.get("filters", {}),
                **{f"rank_{name}": ranks[name][e["id"]] for name in ranks},
            }
            for e in entries
        ],
        "unanswerable": missing,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"{len(entries)} queries over {len(passages)} passages of {len(docs)} documents")
    print(f"{'':28} {'success@5':>10} {'MRR@10':>8}   {'success@5':>10} {'MRR@10':>8}")
    print(f"{'':28} {'kuntahaku':>19}   {'snowball baseline':>19}")
    rows = [("overall", report["overall"])] + [(g, v) for g, v in report["groups"].items()]
    for label, v in rows:
        a, b = v["kuntahaku"], v["snowball"]
        print(
            f"{label:28} {a['success@5']:>10.3f} {a['mrr@10']:>8.3f}   "
            f"{b['success@5']:>10.3f} {b['mrr@10']:>8.3f}"
        )
    print(f"kuntahaku document-level success@5 (grouped results): {doc_success:.3f}")
    misses = [q for q in report["per_query"] if not (q["rank_kuntahaku"] or 99) <= K_SUCCESS]
    for q in misses:
        print(
            f"  miss: {q['id']} {q['query']!r} rank {q['rank_kuntahaku']}"
            f" (baseline {q['rank_snowball']})"
        )
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
