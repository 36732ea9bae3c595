"""Turning ingest reports, documents and stats into terminal text and JSON for the CLI.

What comes from a document (or a file name) is passed through `terminal_safe` before it is
styled, so that escape sequences in a document never reach the terminal."""

from __future__ import annotations

import sys
from collections import Counter
from typing import TYPE_CHECKING, Any

import click

from kuntahaku.models import (
    FLAG_IMAGE_ONLY,
    FLAG_OCR,
    FLAG_OCR_UNAVAILABLE,
    Document,
)
from kuntahaku.safe_text import terminal_safe

if TYPE_CHECKING:  # not imported at run time: `search` and `show` must not load the ingest stages
    from kuntahaku.ingest.batch import IngestReport, Outcome
    from kuntahaku.ingest.reindex import ReindexReport
    from kuntahaku.store import DocumentStore

FLAG_TEXT = {
    FLAG_IMAGE_ONLY: "no text layer (image only)",
    FLAG_OCR: "text from OCR",
    FLAG_OCR_UNAVAILABLE: "not OCRed: Tesseract is not installed, page text is missing",
    "ocr_unreadable": "OCR read no language (a picture, a map or a bad scan): text not indexed",
    "ocr_rotated": "scanned sideways or upside down, turned upright for OCR",
    "cid_glyphs": "glyphs without Unicode mapping, (cid:N)",
    "replacement_chars": "replacement characters U+FFFD in text layer",
    "broken_text_layer": "garbled text layer",
}


class Progress:
    """A progress line on a terminal (stderr); silent otherwise."""

    def __init__(self, enabled: bool, unit: str = "file") -> None:
        self.enabled = enabled
        self.unit = unit
        self._bar: Any = None

    def __enter__(self) -> Progress:
        if self.enabled:
            from tqdm import tqdm

            self._bar = tqdm(unit=self.unit, file=sys.stderr, leave=False, dynamic_ncols=True)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.close()

    def advance(self, outcome: Outcome) -> None:
        """Count one finished file."""
        if self._bar is not None:
            self._bar.set_postfix_str(outcome.path.rsplit("/", 1)[-1][-40:])
            self._bar.update(1)

    def count(self, done: int, total: int) -> None:
        """Show `done` of `total`."""
        if self._bar is not None:
            self._bar.total = total
            self._bar.n = done
            self._bar.refresh()

    def write(self, line: str) -> None:
        """Print a line on stderr without breaking the bar."""
        if self._bar is not None:
            self._bar.write(line, file=sys.stderr)
        else:
            click.echo(line, err=True)


def reindex_summary(report: ReindexReport) -> str:
    """One line: what the rebuilt index holds."""
    carried = f", {report.resumed} of them built before an interruption" if report.resumed else ""
    engine = f" ({report.engine})" if report.engine else ""
    return (
        f"Reindexed {report.documents} document(s) ({report.passages} passages{carried}); the"
        f" new index{engine} is in use."
    )


def reindex_json(report: ReindexReport) -> dict[str, Any]:
    """The outcome of a rebuild for `reindex --json`."""
    return {
        "documents": report.documents,
        "total": report.total,
        "resumed": report.resumed,
        "passages": report.passages,
        "engine": report.engine,
        "interrupted": report.interrupted,
    }


def report_summary(report: IngestReport) -> str:
    """One line: what was ingested, unchanged and failed."""
    done = [o for o in report.outcomes if o.status == "ingested"]
    pages = sum(o.pages for o in done)
    passages = sum(o.passages for o in done)
    return (
        f"Ingested {len(done)} document(s) ({pages} pages, {passages} passages), "
        f"{report.count('unchanged')} unchanged, {len(report.failed)} failed."
    )


def report_json(report: IngestReport) -> dict[str, Any]:
    """The ingest outcome for scripts."""
    return {
        "ingested": report.count("ingested"),
        "unchanged": report.count("unchanged"),
        "failed": len(report.failed),
        "files": [o.__dict__ for o in report.outcomes],
    }


def entity_counts(doc: Document) -> dict[str, dict[str, int]]:
    """A document's entities by type, each value with its number of mentions."""
    by_type: dict[str, Counter[str]] = {}
    for m in doc.mentions:
        by_type.setdefault(m.type, Counter())[m.value] += 1
    return {t: dict(c.most_common()) for t, c in sorted(by_type.items())}


def document_json(doc: Document) -> dict[str, Any]:
    """A document for `show --json`: metadata, languages, flags, entities and passages."""
    meta = doc.metadata
    return {
        "doc_id": doc.doc_id,
        "path": doc.path,
        "format": doc.format,
        "sha256": doc.sha256,
        "status": doc.status,
        "title": meta.title,
        "doc_type": meta.doc_type,
        "date": meta.date,
        "dates": meta.dates,
        "diary_numbers": meta.diary_numbers,
        "body": meta.body,
        "municipality": meta.municipality,
        "meeting_number": meta.meeting_number,
        "period": meta.period,
        "system": doc.system,
        "sections": [s.__dict__ for s in meta.sections],
        "lang": doc.lang,
        "languages": doc.languages,
        "pages": len(doc.pages),
        "flagged_pages": {str(k): v for k, v in doc.flagged_pages.items()},
        "warnings": doc.warnings,
        "entities": entity_counts(doc),
        "passages": [
            {
                "passage_id": p.passage_id,
                "pages": p.pages,
                "section": p.section,
                "heading_path": p.heading_path,
                "lang": p.lang,
                "text": p.text,
                "entities": p.entities,
            }
            for p in doc.passages
        ],
        "ingested_at": doc.ingested_at,
    }


def _pages_label(pages: list[int]) -> str:
    if not pages:
        return "-"
    return f"s. {pages[0]}" if len(pages) == 1 else f"s. {pages[0]}-{pages[-1]}"


def bold(text: str) -> str:
    """Bold on a terminal (click drops the style when not a tty)."""
    return click.style(text, bold=True)


def document_text(doc: Document, full_text: bool = False) -> str:
    """A document for `show`: a header of metadata, then flags, entities and passages."""
    meta = doc.metadata
    safe = terminal_safe
    lines = [
        bold(safe(meta.title or doc.path)),
        f"  id        {doc.doc_id}",
        f"  path      {safe(doc.path)}",
        safe(f"  type      {meta.doc_type}    format {doc.format}    pages {len(doc.pages)}"),
        safe(
            f"  date      {meta.date or '-'}    body {meta.body or '-'}"
            f"    municipality {meta.municipality or '-'}"
        ),
    ]
    if meta.meeting_number:
        lines.append(safe(f"  meeting   {meta.meeting_number}"))
    if meta.period:
        lines.append(safe(f"  period    {meta.period.replace('/', ' - ')}"))
    if doc.system:
        lines.append(safe(f"  system    {doc.system}"))
    if meta.diary_numbers:
        lines.append(safe(f"  diary no  {', '.join(meta.diary_numbers)}"))
    lines.append(f"  language  {doc.lang or '-'} (present: {', '.join(doc.languages) or '-'})")
    for w in doc.warnings:
        lines.append(click.style(safe(f"  warning   {w}"), fg="yellow"))
    flagged = doc.flagged_pages
    if flagged:
        lines.append(bold(f"Flagged pages ({len(flagged)})"))
        for n, flags in flagged.items():
            lines.append(f"  p. {n}: " + "; ".join(FLAG_TEXT.get(f, f) for f in flags))
    if meta.sections:
        lines.append(bold(f"Sections ({len(meta.sections)})"))
        for s in meta.sections:
            mark = "§ " if s.kind == "paragraph_sign" else ""
            lines.append(safe(f"  {mark}{s.number} {s.heading}  (p. {s.page})"))
    ents = entity_counts(doc)
    if ents:
        lines.append(bold("Entities"))
        for t, counts in ents.items():
            shown = ", ".join(f"{v} ({n})" for v, n in list(counts.items())[:12])
            more = f" and {len(counts) - 12} more" if len(counts) > 12 else ""
            lines.append(safe(f"  {t}: {shown}{more}"))
    lines.append(bold(f"Passages ({len(doc.passages)})"))
    for p in doc.passages:
        head = safe(" > ".join(p.heading_path)) if p.heading_path else ""
        lines.append(
            click.style(f"  [{p.ordinal}] {_pages_label(p.pages)} {p.lang} {head}", fg="cyan")
        )
        body = safe(p.text if full_text else _shorten(p.text, 160))
        lines.extend("      " + ln for ln in body.splitlines())
    return "\n".join(lines)


def _shorten(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def stats_json(store: DocumentStore) -> dict[str, Any]:
    """Counts for `stats --json`, with the failed files and the documents with flagged pages."""
    data = store.stats()
    flagged = 0
    by_type: Counter[str] = Counter()
    by_lang: Counter[str] = Counter()
    for doc in store.documents():
        flagged += len(doc.flagged_pages)
        by_type[doc.metadata.doc_type] += 1
        by_lang[doc.lang or "-"] += 1
    data["flagged_pages"] = flagged
    data["by_type"] = dict(by_type.most_common())
    data["by_lang"] = dict(by_lang.most_common())
    data["failed_files"] = store.failures()
    return data


def stats_text(data: dict[str, Any]) -> str:
    """Counts for `stats`."""
    lines = [
        f"documents      {data['documents']}",
        f"pages          {data['pages']}",
        f"flagged pages  {data['flagged_pages']}",
        f"passages       {data['passages']}",
        f"failures       {data['failures']}",
    ]
    if data["by_type"]:
        lines.append("by type        " + ", ".join(f"{k} {v}" for k, v in data["by_type"].items()))
    if data["by_lang"]:
        lines.append("by language    " + ", ".join(f"{k} {v}" for k, v in data["by_lang"].items()))
    for f in data["failed_files"]:
        lines.append(terminal_safe(f"failed: {f['path']}: {f['error']}"))
    return "\n".join(lines)
