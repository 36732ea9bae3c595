"""Markdown export: a heading per group, a numbered heading per document, quotes as block
quotes with their citation line under them."""

from __future__ import annotations

import re

from kuntahaku.readinglist.cite import citation
from kuntahaku.readinglist.layout import View, facts, title

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def escape(text: str) -> str:
    """Text with Markdown's active characters backslash-escaped, on one line."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def render(view: View) -> str:
    """The list as Markdown."""
    lst = view.lst
    out = [f"# {escape(lst.title)}", "", f"*{escape(lst.request.describe())}* · {view.summary()}"]
    for group, rows in view.numbered():
        if group.label:
            out += ["", f"## {escape(group.label)} ({len(rows)})"]
        for n, e in rows:
            out += ["", f"### {n}. {escape(title(e))}", ""]
            meta = " · ".join(f"{k}: {escape(v)}" for k, v in facts(e))
            if meta:
                out.append(meta + "  ")
            source = f"Source: `{view.shown_path(e.path)}`"
            if e.also:
                source += " (also: " + ", ".join(f"`{view.shown_path(r.path)}`" for r in e.also)
                source += ")"
            out.append(source)
            for q in e.quotes:
                out += ["", f"> {escape(q.text)}", f"> — *{escape(citation(e, q))}*"]
            if e.added_by_hand:
                out += ["", "*Added by hand.*"]
            if e.note:
                out += ["", f"**Note:** {escape(e.note)}"]
    return "\n".join(out) + "\n"
