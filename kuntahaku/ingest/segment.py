"""Segmentation stage: passages that follow the document's own structure.

A passage belongs to one numbered item (a § of minutes, a chapter of a report, an idea), or to
the text before the first item (meeting data, attendance), and is in one language: a change of
language starts a new passage. A run of one language longer than `settings.max_passage_chars`
is cut into even parts at sentence ends, measured without whitespace, so that the same text gives
the same passages whatever its rendition (text file, line-broken or reflowed PDF). Every block's
text lands in exactly one passage; a block is cut only where an item starts inside it.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from kuntahaku.config import Settings
from kuntahaku.ingest.metadata import SectionStart, section_starts
from kuntahaku.models import Document, Passage, Section


@dataclass
class _Piece:
    """A block, or the part of a block from one item start to the next."""

    page: int
    text: str
    lang: str
    item: int  # index into the section starts, -1 before the first item


def _pieces(doc: Document, starts: list[SectionStart]) -> list[_Piece]:
    """Blocks cut where items start, each tagged with the item it belongs to."""
    cuts: dict[int, list[tuple[int, int]]] = {}
    for k, start in enumerate(starts):
        cuts.setdefault(start.line.block, []).append((start.line.index, k))
    pieces: list[_Piece] = []
    item = -1
    for bi, block in enumerate(doc.blocks):
        if not block.text.strip():
            continue
        if bi not in cuts:
            pieces.append(_Piece(block.page, block.text, block.lang, item))
            continue
        raw_lines = block.text.split("\n")
        bounds = sorted(cuts[bi])
        edges = [0, *(index for index, _ in bounds), len(raw_lines)]
        owners = [item, *(k for _, k in bounds)]
        for (lo, hi), owner in zip(itertools.pairwise(edges), owners, strict=False):
            text = "\n".join(raw_lines[lo:hi])
            if text.strip():
                pieces.append(_Piece(block.page, text, block.lang, owner))
        item = owners[-1]
    return pieces


def _heading_path(section: Section, by_number: dict[str, Section]) -> list[str]:
    """["§ 45 Heading"], or the chapter with its parents: ["3 Arviointi", "3.2 Vaikuttavuus"]."""
    if section.kind == "paragraph_sign":
        return [f"§ {section.number} {section.heading}".strip()]
    path = []
    parts = section.number.split(".")
    for depth in range(1, len(parts)):
        parent = by_number.get(".".join(parts[:depth]))
        if parent is not None:
            path.append(f"{parent.number} {parent.heading}")
    path.append(f"{section.number} {section.heading}")
    return path


def _label(section: Section) -> str:
    return f"§ {section.number}" if section.kind == "paragraph_sign" else section.number


# Where a passage may be cut inside a run of text: after a sentence end, before a capital.
_CUT_RE = re.compile(r"(?<=[.!?:;])\s+(?=[A-ZÅÄÖ0-9\"”(•–-])")
_LINE_CUT_RE = re.compile(r"\n+")
_SPACE_CUT_RE = re.compile(r"\s+")


def _language_runs(pieces: list[_Piece]) -> list[list[_Piece]]:
    """Consecutive pieces of one language: a change of language starts a new passage."""
    runs: list[list[_Piece]] = []
    for piece in pieces:
        if runs and (piece.lang == runs[-1][-1].lang or not piece.lang):
            runs[-1].append(piece)
        else:
            runs.append([piece])
    return runs


def _cuts(text: str, limit: int) -> list[int]:
    """Offsets where `text` is cut into parts of at most `limit` characters, as even as the
    sentence ends allow. Targets are measured in non-space characters and cuts fall at
    sentence ends, so the same text cut in another rendition (other line and page breaks)
    gives the same parts."""
    if len(text) <= limit:
        return []
    solid = [0]  # solid[i]: non-space characters in text[:i]
    for ch in text:
        solid.append(solid[-1] + (not ch.isspace()))
    cuts: list[int] = []
    start = 0
    while len(text) - start > limit:
        parts = -(-(len(text) - start) // limit)
        target = solid[start] + (solid[-1] - solid[start]) / parts
        window = text[start : start + limit + 1]
        best: int | None = None
        for pattern in (_CUT_RE, _LINE_CUT_RE, _SPACE_CUT_RE):
            options = [start + m.start() for m in pattern.finditer(window) if m.start() > 0]
            if options:
                best = min(options, key=lambda o: (abs(solid[o] - target), o))
                break
        cut = best if best is not None else start + limit
        cuts.append(cut)
        start = cut
    return cuts


def _passage_parts(run: list[_Piece], limit: int) -> list[tuple[str, list[int]]]:
    """The text of one language run cut into bounded parts, each with the pages it stands on."""
    texts = [p.text.strip("\n") for p in run]
    spans: list[tuple[int, int, int]] = []  # (start, end, page) of each piece in the run text
    offset = 0
    for piece, text in zip(run, texts, strict=True):
        spans.append((offset, offset + len(text), piece.page))
        offset += len(text) + 2
    whole = "\n\n".join(texts)
    bounds = [0, *_cuts(whole, limit), len(whole)]
    parts: list[tuple[str, list[int]]] = []
    for lo, hi in itertools.pairwise(bounds):
        part = whole[lo:hi]
        if not part.strip():
            continue
        lead = len(part) - len(part.lstrip())
        lo, hi = lo + lead, lo + len(part.rstrip())
        pages = sorted({page for s, e, page in spans if s < hi and e > lo})
        parts.append((whole[lo:hi], pages))
    return parts


def run(doc: Document, settings: Settings) -> Document:
    """Fill `doc.passages` from the blocks and the numbered items found by the metadata stage."""
    starts = section_starts(doc)
    sections = [s.section for s in starts]
    by_number = {s.number: s for s in sections}
    pieces = _pieces(doc, starts)
    doc.passages = []
    index = 0
    while index < len(pieces):
        item = pieces[index].item
        end = index
        while end < len(pieces) and pieces[end].item == item:
            end += 1
        section = sections[item] if item >= 0 else None
        for run in _language_runs(pieces[index:end]):
            lang = run[0].lang or doc.lang
            for text, pages in _passage_parts(run, settings.max_passage_chars):
                ordinal = len(doc.passages)
                doc.passages.append(
                    Passage(
                        passage_id=f"{doc.doc_id}:{ordinal:04d}",
                        doc_id=doc.doc_id,
                        ordinal=ordinal,
                        text=text,
                        pages=pages,
                        heading_path=_heading_path(section, by_number) if section else [],
                        lang=lang,
                        section=_label(section) if section else "",
                    )
                )
        index = end
    return doc
