"""The plain page form every structured format writes: blocks, `# ` headings, `• ` items, rows.

HTML, Word, OpenDocument, RTF and legacy Word files all reach the cleaning stage in the same form
(blocks separated by blank lines, headings as `# Heading`, list items as `• item`, a table row as
one line with its cells joined by ` | `), split into pages where the format records page breaks.
`PageWriter` collects that form while a reader walks a document.
"""

from __future__ import annotations

import re

from kuntahaku.errors import EmptyFile
from kuntahaku.models import Page

_SPACES = re.compile(r"[ \t\u00a0]+")


def squeeze(text: str) -> str:
    """Runs of spaces, tabs and no-break spaces as one space, trimmed."""
    return _SPACES.sub(" ", text).strip()


class PageWriter:
    """Collects blocks and page breaks; `pages()` returns the numbered pages."""

    def __init__(self) -> None:
        self._pages: list[list[str]] = [[]]

    def paragraph(self, text: str) -> None:
        """A paragraph; explicit line breaks inside it are kept."""
        lines = [squeeze(line) for line in text.split("\n")]
        block = "\n".join(line for line in lines if line)
        if block:
            self._pages[-1].append(block)

    def heading(self, text: str) -> None:
        """A heading, as `# Heading`."""
        text = squeeze(text.replace("\n", " "))
        if text:
            self._pages[-1].append("# " + text)

    def list_item(self, text: str) -> None:
        """An item of a bulleted or numbered list, as `• item`."""
        text = squeeze(text.replace("\n", " "))
        if text:
            self._pages[-1].append("• " + text)

    def table(self, rows: list[list[str]]) -> None:
        """A table: one line per row, cells joined by ` | `, empty cells dropped."""
        lines = []
        for row in rows:
            cells = [squeeze(cell.replace("\n", " ")) for cell in row]
            line = " | ".join(cell for cell in cells if cell)
            if line:
                lines.append(line)
        if lines:
            self._pages[-1].append("\n".join(lines))

    def page_break(self) -> None:
        """Start a new page (a break before any text on the current page is ignored)."""
        if self._pages[-1]:
            self._pages.append([])

    def pages(self, what: str) -> list[Page]:
        """The pages, 1-based; EmptyFile naming `what` when there is no text at all."""
        chunks = [page for page in self._pages if page]
        if not chunks:
            raise EmptyFile(f"no text in the {what}")
        return [
            Page(number=i + 1, raw_text="\n\n".join(blocks) + "\n")
            for i, blocks in enumerate(chunks)
        ]
