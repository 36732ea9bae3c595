"""Run the ingestion pipeline on each gold document, score it, total per producer and overall,
and render the Markdown report."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.structure import reference, scoring
from kuntahaku.config import Settings
from kuntahaku.ingest.pipeline import process_file
from kuntahaku.models import FLAG_BROKEN_TEXT_LAYER, FLAG_IMAGE_ONLY, FLAG_OCR, STATUS_OK, Document

ROOT = Path(__file__).resolve().parents[2]
GOLD = Path(__file__).resolve().parent / "gold"
OCR_FLAGS = {FLAG_OCR, FLAG_IMAGE_ONLY, FLAG_BROKEN_TEXT_LAYER}


def resolve_source(source: str, root: Path = ROOT) -> Path | None:
    """The file a gold `source` names: relative to the repository root, else (for a git
    worktree, whose `../shared` is not the main checkout's) relative to the main checkout."""
    candidates = [root / source]
    try:
        common = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--path-format=absolute", "--git-common-dir"],
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        common = ""
    if common:
        candidates.append(Path(common).parent / source)
    for path in candidates:
        if path.is_file():
            return path.resolve()
    return None


def load_gold(folder: Path, only: Sequence[str] = ()) -> list[tuple[Path, dict[str, Any]]]:
    """Gold files of `folder` (all, or those whose stem is in `only`), sorted by name."""
    files = sorted(folder.glob("*.json"))
    if only:
        files = [f for f in files if f.stem in set(only)]
    return [(f, json.loads(f.read_text(encoding="utf-8"))) for f in files]


def passages_text(doc: Document) -> str:
    """What reaches the passages: each passage's heading path (where "§ 62 Heading" is kept)
    and its text."""
    parts = []
    for passage in doc.passages:
        parts += [*passage.heading_path, passage.text]
    return scoring.nfc("\n".join(parts))


def score_document(
    gold: dict[str, Any], doc: Document, reading: reference.Reading
) -> dict[str, Any]:
    """All figures of one document from its gold, its ingested record and its reference."""
    sections = doc.metadata.sections
    sec = scoring.score_sections(gold.get("sections") or [], sections)
    chap = scoring.score_chapters(gold.get("chapters") or [], sections)
    decisions = scoring.score_decisions(gold.get("sections") or [], doc)
    meta = scoring.score_metadata(gold.get("metadata") or {}, doc)
    patterns = scoring.furniture_patterns(gold.get("furniture") or [])
    pieces = scoring.furniture_pieces(gold.get("furniture") or [])
    # A page the pipeline read by OCR (its text layer absent or garbled) has no independent
    # reading here: it is left out of coverage and numbers, and counted.
    ocr = {p.number for p in doc.pages if OCR_FLAGS & set(p.flags)}
    lines = [
        ln
        for number, page in enumerate(reading.pages, start=1)
        if number not in ocr
        for ln in scoring.body_lines(page, patterns, pieces)
    ]
    text = passages_text(doc)
    cov = scoring.coverage(lines, text)
    numbers = scoring.corrupted_numbers(lines, text)
    return {
        "status": doc.status,
        "error": doc.error,
        "sections": sec,
        "chapters": chap,
        "decisions": decisions,
        "metadata": meta,
        "coverage": cov,
        "numbers": numbers,
        "numbers_total": sum(scoring.numbers_in(lines).values()),
        "ocr_pages": sorted(ocr),
    }


def evaluate_file(gold_path: Path, gold: dict[str, Any], settings: Settings) -> dict[str, Any]:
    """Ingest the gold's source (no index) and score it; a missing source is reported."""
    row: dict[str, Any] = {
        "stem": gold_path.stem,
        "producer": gold.get("producer", "?"),
        "source": gold.get("source", ""),
        "gold_problems": scoring.validate_gold(gold),
    }
    path = resolve_source(str(gold.get("source", "")))
    if path is None:
        row["status"] = "missing"
        row["error"] = f"source not found: {gold.get('source')}"
        return row
    started = time.perf_counter()
    doc = process_file(path, settings)
    row["seconds"] = time.perf_counter() - started
    reading = reference.read_pages(path)
    row["reference"] = reading.method
    row.update(score_document(gold, doc, reading))
    return row


def run(
    gold_dir: Path = GOLD, only: Sequence[str] = (), ocr: bool | None = None
) -> list[dict[str, Any]]:
    """Evaluate every gold file; OCR is on where Tesseract is installed unless told."""
    use_ocr = shutil.which("tesseract") is not None if ocr is None else ocr
    rows = []
    with tempfile.TemporaryDirectory(prefix="kh-structure-") as tmp:
        settings = Settings(index_dir=Path(tmp), ocr=use_ocr)
        for gold_path, gold in load_gold(gold_dir, only):
            rows.append(evaluate_file(gold_path, gold, settings))
    return rows


class Totals:
    """Sums of the figures of several documents (micro-averages)."""

    def __init__(self) -> None:
        self.docs = 0
        self.failed = 0
        self.sections = scoring.Counts()
        self.sections_any = scoring.Counts()
        self.chapters = scoring.Counts()
        self.chapters_any = scoring.Counts()
        self.decisions = scoring.DecisionScore()
        self.fields: dict[str, list[int]] = {}
        self.diary = scoring.Counts()
        self.coverage = scoring.Coverage()
        self.numbers = 0
        self.numbers_total = 0

    def add(self, row: dict[str, Any]) -> None:
        """Add one scored document (a failed or missing one counts as failed only)."""
        self.docs += 1
        if row.get("status") != STATUS_OK:
            self.failed += 1
            if "sections" not in row:
                return
        self.sections.add(row["sections"].with_page)
        self.sections_any.add(row["sections"].any_page)
        self.chapters.add(row["chapters"].with_page)
        self.chapters_any.add(row["chapters"].any_page)
        self.decisions.add(row["decisions"])
        for name, value in row["metadata"].items():
            if name == "diary_numbers":
                self.diary.add(value["counts"])
            else:
                ok, n = self.fields.setdefault(name, [0, 0])
                self.fields[name] = [ok + int(value["ok"]), n + 1]
        self.coverage.add(row["coverage"])
        self.numbers += sum(row["numbers"].values())
        self.numbers_total += row["numbers_total"]

    def as_dict(self) -> dict[str, Any]:
        """Plain form for JSON."""
        return {
            "documents": self.docs,
            "failed": self.failed,
            "sections": self.sections.as_dict(),
            "sections_any_page": self.sections_any.as_dict(),
            "chapters": self.chapters.as_dict(),
            "chapters_any_page": self.chapters_any.as_dict(),
            "decisions": self.decisions.as_dict(),
            "metadata": {k: {"ok": v[0], "scored": v[1]} for k, v in self.fields.items()},
            "diary_numbers": self.diary.as_dict(),
            "coverage": {
                "reference_words": self.coverage.reference,
                "covered": self.coverage.covered,
                "share": round(self.coverage.share, 4),
            },
            "corrupted_numbers": self.numbers,
            "reference_numbers": self.numbers_total,
        }


def totals(rows: Sequence[dict[str, Any]]) -> tuple[dict[str, Totals], Totals]:
    """Totals per producer and over all documents."""
    per: dict[str, Totals] = {}
    overall = Totals()
    for row in rows:
        per.setdefault(row["producer"], Totals()).add(row)
        overall.add(row)
    return dict(sorted(per.items())), overall


def _f(x: float) -> str:
    return f"{x:.3f}"


def _meta_cell(fields: dict[str, list[int]]) -> str:
    ok = sum(v[0] for v in fields.values())
    n = sum(v[1] for v in fields.values())
    return f"{ok}/{n}" if n else "-"


def _items_cell(with_page: scoring.Counts, any_page: scoring.Counts) -> str:
    if not with_page.gold and not with_page.predicted:
        return "-"
    return f"{_f(with_page.f1)} ({_f(any_page.f1)})"


def _totals_row(name: str, t: Totals) -> str:
    d = t.decisions
    return (
        f"| {name} | {t.docs} | {t.failed} | {_items_cell(t.sections, t.sections_any)} "
        f"| {t.sections.matched}/{t.sections.gold} ({t.sections.predicted} found) "
        f"| {_items_cell(t.chapters, t.chapters_any)} "
        f"| {d.kept}/{d.total} | {d.wrong_section} | {d.lost} | {_meta_cell(t.fields)} "
        f"| {_f(t.diary.f1) if t.diary.gold or t.diary.predicted else '-'} "
        f"| {_f(t.coverage.share)} | {t.numbers}/{t.numbers_total} |"
    )


HEADER = (
    "| {first} | docs | failed | § F1 page (any page) | § matched/gold | chapter F1 page (any) "
    "| decisions kept | wrong § | lost | metadata ok | diary F1 | coverage | corrupted numbers |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
)


def render_markdown(rows: Sequence[dict[str, Any]]) -> str:
    """The report: totals per producer and overall, per document, metadata per field, and the
    failures of each document."""
    per, overall = totals(rows)
    out = ["# Structure benchmark", "", "## Per producer and total", ""]
    out.append(HEADER.format(first="producer"))
    out += [_totals_row(name, t) for name, t in per.items()]
    out.append(_totals_row("**total**", overall))
    out += ["", "## Per document", "", HEADER.format(first="document")]
    for row in rows:
        one = Totals()
        one.add(row)
        out.append(_totals_row(f"{row['stem']} ({row['producer']})", one))
    out += ["", "## Metadata per field", "", "| field | right | scored |", "|---|---|---|"]
    for name, (ok, n) in sorted(overall.fields.items()):
        out.append(f"| {name} | {ok} | {n} |")
    d = overall.diary
    out.append(f"| diary_numbers (set P/R) | P {_f(d.precision)} R {_f(d.recall)} | {d.gold} |")
    out += ["", "## Failures per document", ""]
    for row in rows:
        out += _failures(row)
    return "\n".join(out) + "\n"


def _failures(row: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    if row.get("status") != STATUS_OK:
        lines.append(f"- status {row.get('status')}: {row.get('error', '')}")
    for problem in row.get("gold_problems", []):
        lines.append(f"- gold: {problem}")
    if "sections" in row:
        for kind in ("sections", "chapters"):
            s: scoring.ItemScore = row[kind]
            if s.wrong_page:
                lines.append(f"- {kind} on a wrong page: {', '.join(s.wrong_page[:12])}")
            miss = [m for m in s.missing if m not in s.wrong_page]
            if miss:
                lines.append(f"- {kind} missing: {', '.join(miss[:12])}")
            if s.extra:
                lines.append(f"- {kind} extra: {', '.join(s.extra[:12])}")
        for failure in row["decisions"].failures[: scoring.EXAMPLES]:
            lines.append(f"- decision {failure}")
        for name, value in row["metadata"].items():
            if name != "diary_numbers" and not value["ok"]:
                lines.append(f"- {name}: gold {value['gold']!r}, got {value['predicted']!r}")
        diary = row["metadata"].get("diary_numbers")
        if diary and (diary["missing"] or diary["extra"]):
            lines.append(f"- diary numbers missing {diary['missing']}, extra {diary['extra']}")
        if row.get("ocr_pages"):
            pages = ", ".join(map(str, row["ocr_pages"]))
            lines.append(f"- pages read by OCR, left out of coverage and numbers: {pages}")
        cov: scoring.Coverage = row["coverage"]
        if cov.lost:
            top = ", ".join(f"{w}×{n}" for w, n in cov.lost.most_common(10))
            lines.append(f"- coverage {_f(cov.share)}; most lost words: {top}")
        nums: Counter[str] = row["numbers"]
        if nums:
            lines.append(f"- corrupted numbers: {', '.join(list(nums)[: scoring.EXAMPLES])}")
    if not lines:
        return []
    return [f"### {row['stem']}", "", *lines, ""]


def to_json(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Everything as plain JSON: per document, per producer and totals."""
    per, overall = totals(rows)
    docs = []
    for row in rows:
        item = {k: v for k, v in row.items() if not isinstance(v, scoring.ItemScore | Counter)}
        if "sections" in row:
            for kind in ("sections", "chapters"):
                s: scoring.ItemScore = row[kind]
                item[kind] = {
                    "with_page": s.with_page.as_dict(),
                    "any_page": s.any_page.as_dict(),
                    "missing": s.missing,
                    "extra": s.extra,
                    "wrong_page": s.wrong_page,
                }
            item["decisions"] = {
                **row["decisions"].as_dict(),
                "failures": row["decisions"].failures,
            }
            meta = dict(row["metadata"])
            if "diary_numbers" in meta:
                meta["diary_numbers"] = {
                    **meta["diary_numbers"],
                    "counts": meta["diary_numbers"]["counts"].as_dict(),
                }
            item["metadata"] = meta
            cov: scoring.Coverage = row["coverage"]
            item["coverage"] = {
                "reference_words": cov.reference,
                "covered": cov.covered,
                "share": round(cov.share, 4),
                "most_lost": cov.lost.most_common(20),
            }
            item["corrupted_numbers"] = dict(row["numbers"])
            item.pop("numbers", None)
        docs.append(item)
    return {
        "documents": docs,
        "producers": {k: v.as_dict() for k, v in per.items()},
        "total": overall.as_dict(),
    }
