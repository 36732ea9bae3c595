"""Search results and facet counts as JSON (the CLI contract) and as terminal text.

Everything that comes from a document or the query is passed through `terminal_safe` before it
is styled, so that escape sequences in a document never reach the terminal."""

from __future__ import annotations

import re
import shutil
import textwrap
from typing import Any

import click

from kuntahaku.safe_text import terminal_safe
from kuntahaku.search._fields import FACETS
from kuntahaku.search._search import Hit, SearchResult
from kuntahaku.search._snippet import MARK_CLOSE, MARK_OPEN

_MARKED = re.compile(re.escape(MARK_OPEN) + r"(.*?)" + re.escape(MARK_CLOSE))
FACET_VALUES_SHOWN = 8


HIT_FIELDS = (
    "doc_id",
    "path",
    "title",
    "doc_type",
    "date",
    "lang",
    "page",
    "pages",
    "score",
    "text",
    "snippet",
    "entities",
    "passage_id",
    "section",
    "heading_path",
    "body",
    "diary_numbers",
    "matches",
)


def hit_json(hit: Hit) -> dict[str, Any]:
    """One hit in the `search --json` shape (DESIGN.md), with a few extra fields (copies of
    its lists, read field by field: `asdict` copied them deeply, at a cost per request)."""
    out: dict[str, Any] = {k: getattr(hit, k) for k in HIT_FIELDS}
    for k in ("pages", "heading_path", "diary_numbers"):
        out[k] = list(out[k])
    out["entities"] = {k: list(v) for k, v in hit.entities.items()}
    return out


def result_json(result: SearchResult) -> dict[str, Any]:
    """`search --json`: query, total documents, hits, facets, suggestions, and the
    vocabulary's equivalents searched with the query's words."""
    return {
        "query": result.query,
        "total": result.total,
        "passages": result.passages,
        "hits": [hit_json(h) for h in result.hits],
        "facets": result.facets,
        "suggestions": result.suggestions,
        "expanded": result.expanded,
    }


def facets_json(query: str, facets: dict[str, dict[str, int]]) -> dict[str, Any]:
    """`facets --json`."""
    return {"query": query, "facets": facets}


def expanded_text(expanded: dict[str, list[str]]) -> list[str]:
    """The line saying which equivalents were searched with which words ([] for none)."""
    if not expanded:
        return []
    said = "; ".join(
        f"{terminal_safe(word)} = {', '.join(terminal_safe(n) for n in names)}"
        for word, names in expanded.items()
    )
    return [f"Also searched for: {said} (--no-expand searches the words alone)"]


def _width() -> int:
    return max(40, min(shutil.get_terminal_size((100, 24)).columns, 120))


def _styled_snippet(snippet: str, width: int, indent: str) -> list[str]:
    """Wrap a snippet to the terminal, then turn `<<marks>>` into bold yellow."""
    lines = textwrap.wrap(snippet, width=width - len(indent) + 4, break_on_hyphens=False)
    out = []
    for line in lines:
        # Marks may be split by wrapping; re-balance per line so every line is well-formed.
        if line.count(MARK_OPEN) > line.count(MARK_CLOSE):
            line += MARK_CLOSE
        styled = _MARKED.sub(lambda m: click.style(m.group(1), bold=True, fg="yellow"), line)
        out.append(indent + styled.replace(MARK_OPEN, "").replace(MARK_CLOSE, ""))
    return out


def _pages(pages: list[int]) -> str:
    if not pages:
        return ""
    return f"p. {pages[0]}" if len(pages) == 1 else f"p. {pages[0]}–{pages[-1]}"


def _meta_line(hit: Hit) -> str:
    parts = [
        hit.date or "no date",
        hit.doc_type,
        hit.body,
        hit.lang,
        _pages(hit.pages),
        hit.section,  # "§ 45" for minutes, "3.2" for a chapter, "12" for an idea
    ]
    return terminal_safe(" · ".join(p for p in parts if p))


def result_text(result: SearchResult, show_facets: bool = True) -> str:
    """A readable list: one block per hit, numbered by document."""
    width = _width()
    query = f' "{terminal_safe(result.query)}"' if result.query else ""
    if result.total == 0:
        lines = [f"No documents match{query}.", *expanded_text(result.expanded)]
        if result.suggestions:
            lines.append(
                "Did you mean: "
                + ", ".join(click.style(terminal_safe(s), bold=True) for s in result.suggestions)
                + "?"
            )
        return "\n".join(lines)
    lines = [
        click.style(
            f"{result.total} document(s) match{query} ({result.passages} passage(s))", bold=True
        )
    ]
    lines.extend(expanded_text(result.expanded))
    rank = 0
    last_doc = ""
    for hit in result.hits:
        if hit.doc_id != last_doc:
            rank += 1
            last_doc = hit.doc_id
            title = terminal_safe(hit.title or hit.path.rsplit("/", 1)[-1])
            lines.append("")
            lines.append(f"{rank:>2}. " + click.style(title[: width - 4], bold=True, fg="cyan"))
        lines.append(
            "    "
            + click.style(_meta_line(hit), fg="green")
            + click.style(f"  score {hit.score:.2f}", dim=True)
        )
        lines.extend(_styled_snippet(terminal_safe(hit.snippet), width, "    "))
        if hit.matches > 1:
            lines.append(
                click.style(f"    {hit.matches} matching passages in this document", dim=True)
            )
        lines.append(click.style("    " + terminal_safe(hit.path), dim=True))
    if show_facets and result.facets:
        lines.append("")
        lines.append(facets_text(result.facets, compact=True))
    return "\n".join(lines)


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)].rstrip(" ,") + "…"


def facets_text(facets: dict[str, dict[str, int]], compact: bool = False) -> str:
    """Facet counts (documents per value), one facet per line."""
    lines = [] if compact else [click.style("Documents per facet value", bold=True)]
    for facet in FACETS:
        counts = facets.get(facet, {})
        if not counts:
            if not compact:
                lines.append(f"  {facet:<13} -")
            continue
        shown = terminal_safe(
            ", ".join(f"{v} ({n})" for v, n in list(counts.items())[:FACET_VALUES_SHOWN])
        )
        more = (
            f", … {len(counts) - FACET_VALUES_SHOWN} more"
            if len(counts) > FACET_VALUES_SHOWN
            else ""
        )
        line = _fit(f"{shown}{more}", _width() - 16)
        lines.append(f"  {click.style(f'{facet:<13}', fg='magenta')} {line}")
    return "\n".join(lines)
