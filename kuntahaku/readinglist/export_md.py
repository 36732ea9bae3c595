"""Markdown export: a heading per group, a numbered heading per document, quotes as block
quotes with their citation line under them.

Everything that comes from a document or a user is escaped: text by backslash-escaping every
character Markdown gives a meaning to (so `<img onerror=...>` stays text), file names as code
spans whose fence is longer than any run of backticks in the name."""

from __future__ import annotations

import re

from kuntahaku.readinglist.cite import citation
from kuntahaku.readinglist.layout import View, facts, title
from kuntahaku.safe_text import terminal_safe

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#&!~])")


def escape(text: str) -> str:
    """Text with Markdown's active characters backslash-escaped, on one line, without control
    characters."""
    return _SPECIAL.sub(r"\\\1", " ".join(terminal_safe(text).split()))


def code_span(text: str) -> str:
    """`text` as an inline code span that no backtick in it can close (CommonMark: the fence
    is one backtick longer than the longest run inside, padded with spaces where needed)."""
    flat = " ".join(terminal_safe(text).split())
    longest = max((len(run) for run in re.findall(r"`+", flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") or longest else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


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
            source = f"Source: {code_span(view.shown_path(e.path))}"
            if e.also:
                source += " (also: " + ", ".join(code_span(view.shown_path(r.path)) for r in e.also)
                source += ")"
            out.append(source)
            for q in e.quotes:
                out += ["", f"> {escape(q.text)}", f"> — *{escape(citation(e, q))}*"]
            if e.added_by_hand:
                out += ["", "*Added by hand.*"]
            if e.note:
                out += ["", f"**Note:** {escape(e.note)}"]
    return "\n".join(out) + "\n"
