"""Cleaning stage: page text and blocks from the raw text every handler produced.

For each page: characters repaired (`glyphs`), running headers, footers and page numbers moved to
`page.header`/`page.footer`/`page.label` (`furniture`: by the page's top and bottom bands where
it has layout lines), lines assembled into paragraphs with
words broken at line ends repaired (`paragraphs`, `hyphen`), and flags set for glyphs without
Unicode (`cid_glyphs`), U+FFFD (`replacement_chars`) and garbled text layers
(`broken_text_layer`, `garble`). `page.text` holds one paragraph per line, blocks separated by
blank lines; table rows and list items keep a line each.
"""

from __future__ import annotations

from kuntahaku.config import Settings
from kuntahaku.ingest.clean import furniture, garble, glyphs, paragraphs
from kuntahaku.ingest.clean.hyphen import Lexicon
from kuntahaku.models import (
    FLAG_BROKEN_TEXT_LAYER,
    FLAG_CID_GLYPHS,
    FLAG_OCR,
    FLAG_REPLACEMENT_CHARS,
    Block,
    Document,
    Page,
)

__all__ = ["run"]


def run(doc: Document, settings: Settings) -> Document:
    """Fill `page.text`, page furniture and flags, and `doc.blocks`."""
    raw_lines = [_split(page.raw_text) for page in doc.pages]
    for page, lines in zip(doc.pages, raw_lines, strict=True):
        _flag_glyphs(page, "\n".join(lines))
    lines_per_page = [[glyphs.normalise_line(line) for line in lines] for lines in raw_lines]
    if doc.format == "pdf":
        _strip_furniture(doc.pages, lines_per_page)
    lexicon = Lexicon.from_lines([line for lines in lines_per_page for line in lines])
    doc.blocks = []
    for page, lines in zip(doc.pages, lines_per_page, strict=True):
        blank_separated = doc.format != "pdf" or FLAG_OCR in page.flags
        pieces = paragraphs.build_blocks(lines, lexicon, blank_separated)
        page.text = "\n\n".join(
            (glyphs.BULLET + " " if p.kind == paragraphs.LIST_ITEM else "") + "\n".join(p.lines)
            for p in pieces
        )
        if FLAG_OCR not in page.flags and garble.is_garbled(page.text):
            _add_flag(page, FLAG_BROKEN_TEXT_LAYER)
        for piece in pieces:
            doc.blocks.append(Block(page=page.number, text="\n".join(piece.lines), kind=piece.kind))
    return doc


def _strip_furniture(pages: list[Page], lines_per_page: list[list[str]]) -> None:
    """Move running headers, footers and page numbers out of each page's lines (see
    `furniture`): by band and height on pages with layout, by a strict edge rule elsewhere."""
    laid_out = [
        furniture.has_layout(page, lines) for page, lines in zip(pages, lines_per_page, strict=True)
    ]
    banded = furniture.running_lines([p for p, ok in zip(pages, laid_out, strict=True) if ok])
    plain = [lines for lines, ok in zip(lines_per_page, laid_out, strict=True) if not ok]
    repeated = furniture.repeated_keys(plain) if plain else set()
    for i, page in enumerate(pages):
        if laid_out[i]:
            body, found = furniture.strip_layout_page(page, lines_per_page[i], banded, len(pages))
        else:
            body, found = furniture.strip_plain_page(lines_per_page[i], repeated, len(pages))
        lines_per_page[i] = body
        page.header = "\n".join(found.header)
        page.footer = "\n".join(found.footer)
        page.label = found.label


def _split(raw: str) -> list[str]:
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [part for line in lines for part in furniture.split_glued_footer(line)]


def _flag_glyphs(page: Page, text: str) -> None:
    if glyphs.has_cid(text):
        _add_flag(page, FLAG_CID_GLYPHS)
    if "\ufffd" in text:
        _add_flag(page, FLAG_REPLACEMENT_CHARS)


def _add_flag(page: Page, flag: str) -> None:
    if flag not in page.flags:
        page.flags.append(flag)
