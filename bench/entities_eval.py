"""Precision and recall of the entity tagger on the hand-annotated documents, and its speed.

    python bench/entities_eval.py [--verbose] [--json] [--shared DIR] [--text NAME]

Each file in tests/fixtures/annotations/ names a document (or an excerpt of one: `lines`
of a text file, `pages` of a PDF, whose passages are kept when they touch those pages, or the
first `passages` of any document) and the set of (type, canonical value) it mentions. The
document runs through the whole ingestion pipeline; its facet values (the union of its
passages' `entities`) and the values of its person, money and date mentions are compared with
the annotation at document level, summed over documents per type. A type is scored on the
documents whose annotation lists it. Sources starting with `shared/` are read from `--shared`
(default: the `shared` folder next to the repository); an annotation whose source is missing
is skipped with a line saying so. `--text NAME` prints the scored text of one annotation, for
annotating it. Speed: words per second of `tag_passages` over the same passages, first with
cold caches, then warm.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from kuntahaku.config import Settings
from kuntahaku.ingest.entities import FACETS, TYPES, tag_passages
from kuntahaku.ingest.pipeline import process_file
from kuntahaku.models import Document

ROOT = Path(__file__).resolve().parent.parent
ANNOTATIONS = ROOT / "tests" / "fixtures" / "annotations"


@dataclass
class Score:
    """True positives, false positives and false negatives of one type, with examples."""

    tp: int = 0
    fp: list[str] = field(default_factory=list)
    fn: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + len(self.fp)) if self.tp + len(self.fp) else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + len(self.fn)) if self.tp + len(self.fn) else 1.0


def source_path(annotation: dict[str, object], shared: Path) -> Path:
    """Where the annotated file is: in the repository, or in the shared documents folder."""
    name = str(annotation["source"])
    if name.startswith("shared/"):
        return shared / name.removeprefix("shared/")
    return ROOT / name


def load_document(annotation: dict[str, object], workdir: Path, shared: Path) -> Document:
    """Run the annotated source (or its excerpt) through the ingestion pipeline."""
    source = source_path(annotation, shared)
    lines = annotation.get("lines")
    if isinstance(lines, list):
        text = source.read_text(encoding="utf-8").splitlines()[lines[0] - 1 : lines[1]]
        source = workdir / f"{source.stem}_{lines[0]}-{lines[1]}.txt"
        source.write_text("\n".join(text) + "\n", encoding="utf-8")
    doc = process_file(source, Settings(index_dir=workdir))
    if doc.status != "ok":
        raise SystemExit(f"{source}: {doc.error}")
    pages = annotation.get("pages")
    if isinstance(pages, list):
        wanted = set(range(pages[0], pages[1] + 1))
        doc.passages = [p for p in doc.passages if wanted & set(p.pages)]
    first = annotation.get("passages")
    if isinstance(first, int):
        doc.passages = doc.passages[:first]
    kept = {p.passage_id for p in doc.passages}
    doc.mentions = [m for m in doc.mentions if m.passage_id in kept]
    return doc


def predicted(doc: Document) -> dict[str, set[str]]:
    """Facet values of a document (the union over its passages) and its other mentions."""
    out: dict[str, set[str]] = {t: set() for t in TYPES}
    for p in doc.passages:
        for facet, values in p.entities.items():
            out.setdefault(facet, set()).update(values)
    for m in doc.mentions:
        if m.type not in FACETS:
            out[m.type].add(m.value)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list false positives/negatives")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument(
        "--shared", type=Path, default=ROOT.parent / "shared", help="the shared documents folder"
    )
    parser.add_argument("--text", metavar="NAME", help="print the scored text of an annotation")
    args = parser.parse_args()

    scores = {t: Score() for t in TYPES}
    docs: list[Document] = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted(ANNOTATIONS.glob("*.json")):
            if args.text and path.stem != args.text:
                continue
            annotation = json.loads(path.read_text(encoding="utf-8"))
            if not source_path(annotation, args.shared).is_file():
                print(f"{path.name}: skipped, {annotation['source']} not found", file=sys.stderr)
                continue
            doc = load_document(annotation, Path(tmp), args.shared)
            if args.text:
                for p in doc.passages:
                    print(f"--- passage {p.passage_id} pages {p.pages}\n{p.text}")
                return 0
            docs.append(doc)
            got = predicted(doc)
            for facet in TYPES:
                if facet not in annotation["entities"]:
                    continue
                gold = set(annotation["entities"][facet])
                s = scores[facet]
                s.tp += len(gold & got[facet])
                s.fp += [f"{path.stem}: {v}" for v in sorted(got[facet] - gold)]
                s.fn += [f"{path.stem}: {v}" for v in sorted(gold - got[facet])]

    passages = [p for d in docs for p in d.passages]
    words = sum(len(p.text.split()) for p in passages)
    from kuntahaku.ingest.entities._lemmas import analyze

    analyze.cache_clear()
    started = time.perf_counter()
    tag_passages(passages)
    cold = words / (time.perf_counter() - started)
    started = time.perf_counter()
    tag_passages(passages)
    warm = words / (time.perf_counter() - started)

    result = {
        "documents": len(docs),
        "types": {
            f: {
                "tp": s.tp,
                "fp": len(s.fp),
                "fn": len(s.fn),
                "precision": round(s.precision, 3),
                "recall": round(s.recall, 3),
            }
            for f, s in scores.items()
        },
        "speed": {
            "passages": len(passages),
            "words": words,
            "words_per_s_cold": round(cold),
            "words_per_s_warm": round(warm),
        },
    }
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    print(f"{len(docs)} annotated documents\n")
    print(f"{'type':<14}{'tp':>5}{'fp':>5}{'fn':>5}{'precision':>11}{'recall':>8}")
    for facet, s in scores.items():
        print(
            f"{facet:<14}{s.tp:>5}{len(s.fp):>5}{len(s.fn):>5}{s.precision:>11.3f}{s.recall:>8.3f}"
        )
    print(
        f"\nspeed: {words} words in {len(passages)} passages: "
        f"{cold:,.0f} words/s cold, {warm:,.0f} words/s warm"
    )
    if args.verbose:
        for facet, s in scores.items():
            for v in s.fp:
                print(f"FP {facet}: {v}")
            for v in s.fn:
                print(f"FN {facet}: {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
