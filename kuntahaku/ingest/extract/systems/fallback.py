"""HTML that no publishing-system adapter knows: its main content by trafilatura, so that a
site's menus, breadcrumbs and footers never reach a passage.

trafilatura scores the page's blocks by text density and link density and keeps the main
content with its headings, lists and tables; it is asked for Markdown, which maps one to one
onto the plain form (`# ` headings, `• ` items, `a | b` rows). A page where it keeps nothing (a
page that is only a list of links, a form) is read whole by the generic reader instead.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from kuntahaku.ingest.extract.html import element_to_text
from kuntahaku.ingest.extract.systems.base import Reading

_TABLE_RULE_RE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")
_EMPHASIS_RE = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
# trafilatura logs every page it finds too short at WARNING; the fallback handles that case.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
# A soft hyphen before white space is a word broken at a line end; trafilatura drops soft
# hyphens, which would leave the word's two halves apart, so they are joined first.
_SOFT_BREAK_RE = re.compile(r"(?:\u00ad|&shy;|&#173;|&#[xX][aA][dD];)\s+")


def markdown_to_plain(markdown: str) -> str:
    """trafilatura's Markdown in the plain form: headings `# `, items `• `, rows `a | b`."""
    blocks: list[str] = []
    lines: list[str] = []
    for raw in markdown.splitlines():
        line = raw.strip()
        if not line:
            if lines:
                blocks.append("\n".join(lines))
                lines = []
            continue
        if _TABLE_RULE_RE.match(line):
            continue
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            line = " | ".join(c for c in cells if c)
        elif re.match(r"^#{1,6}\s", line):
            line = "# " + line.lstrip("#").strip()
        elif re.match(r"^[-*+]\s", line):
            line = "• " + line[2:].strip()
        line = _EMPHASIS_RE.sub(r"\2", line)
        if line:
            lines.append(line)
    if lines:
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def main_content(markup: str) -> str:
    """The page's main content in the plain form, or "" when trafilatura keeps nothing."""
    import trafilatura

    markdown = trafilatura.extract(
        _SOFT_BREAK_RE.sub("", markup),
        output_format="markdown",
        include_tables=True,
        include_comments=False,
        include_links=False,
        include_images=False,
        favor_recall=True,
        deduplicate=False,
    )
    return markdown_to_plain(markdown) if markdown and markdown.strip() else ""


def read(root: Any, markup: str) -> Reading:
    """The main content by trafilatura, else the whole page by the generic reader."""
    text = main_content(markup)
    if not text.strip():
        return Reading("generic", element_to_text(root))
    return Reading("main-content", text)
