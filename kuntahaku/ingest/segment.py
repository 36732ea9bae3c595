"""Segmentation stage: passages that follow the document's own structure.

A passage belongs to one numbered item (a § of minutes, a chapter of a report, an idea), or to
the text before the first item (meeting data, attendance). Items longer than
`settings.max_passage_chars` are split at paragraph boundaries, then at line and sentence ends;
fragments under `settings.min_passage_chars` join a neighbour of the same item. Every block's
text lands in exactly one passage; a block is cut only where an item starts inside it.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass

from kuntahaku.config import Settings
from kuntahaku.ingest.metadata import SectionStart, section_starts
from kuntahaku.models import Document, Passage, Section

_SENTENCE_END_RE = re.compile(r"(?<=[.!?:;])\s+(?=[A-ZÅÄÖ0-9\"”(])")


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


def _split_text(text: str, limit: int) -> list[str]:
    """Cut `text` into parts of at most `limit` characters: at blank lines, then line ends,
    then sentence ends, and only as a last resort inside a sentence."""
    if len(text) <= limit:
        return [text]
    for separator in ("\n\n", "\n", None):
        parts = _SENTENCE_END_RE.split(text) if separator is None else text.split(separator)
        if len(parts) < 2:
            continue
        joiner = " " if separator is None else separator
        chunks: list[str] = []
        current = ""
        for part in parts:
            candidate = f"{current}{joiner}{part}" if current else part
            if len(candidate) <= limit or not current:
                current = candidate
            else:
                chunks.append(current)
                current = part
        if current:
            chunks.append(current)
        if len(chunks) > 1:
            return [c for chunk in chunks for c in _split_text(chunk, limit)]
    return [text[i : i + limit] for i in range(0, len(text), limit)]


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


def _majority_language(pieces: list[_Piece], fallback: str) -> str:
    letters: Counter[str] = Counter()
    for piece in pieces:
        if piece.lang:
            letters[piece.lang] += sum(ch.isalpha() for ch in piece.text)
    return letters.most_common(1)[0][0] if letters else fallback


def _pack(pieces: list[_Piece], settings: Settings) -> list[list[_Piece]]:
    """Group an item's pieces into passages of bounded size; merge a small last group."""
    limit = settings.max_passage_chars
    units: list[_Piece] = []
    for piece in pieces:
        for part in _split_text(piece.text, limit):
            units.append(_Piece(piece.page, part, piece.lang, piece.item))
    groups: list[list[_Piece]] = []
    size = 0
    for unit in units:
        if groups and size + len(unit.text) + 2 <= limit:
            groups[-1].append(unit)
            size += len(unit.text) + 2
        else:
            groups.append([unit])
            size = len(unit.text)
    if len(groups) > 1:
        tail = sum(len(u.text) for u in groups[-1])
        if tail < settings.min_passage_chars:
            groups[-2].extend(groups.pop())
    return groups


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
        for group in _pack(pieces[index:end], settings):
            ordinal = len(doc.passages)
            doc.passages.append(
                Passage(
                    passage_id=f"{doc.doc_id}:{ordinal:04d}",
                    doc_id=doc.doc_id,
                    ordinal=ordinal,
                    text="\n\n".join(p.text.strip("\n") for p in group),
                    pages=sorted({p.page for p in group}),
                    heading_path=_heading_path(section, by_number) if section else [],
                    lang=_majority_language(group, doc.lang),
                    section=_label(section) if section else "",
                )
            )
        index = end
    return doc
