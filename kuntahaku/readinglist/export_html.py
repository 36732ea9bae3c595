"""HTML export: one self-contained file (inline CSS, no scripts, no external assets) that reads
well on screen and prints well: entries are not split across pages, groups start new pages."""

from __future__ import annotations

from collections import Counter
from html import escape

from kuntahaku.readinglist.cite import citation
from kuntahaku.readinglist.layout import View, facts, title

CSS = """
body { font: 15px/1.5 Georgia, "Times New Roman", serif; color: #111; max-width: 50rem;
       margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.7rem; margin-bottom: .2rem; }
h2 { font-size: 1.3rem; border-bottom: 1px solid #999; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .3rem; }
.summary, .facts, .source { font: 13px/1.4 Helvetica, Arial, sans-serif; color: #444; }
.facts span + span::before { content: " · "; }
.source code { font-size: 12px; word-break: break-all; }
blockquote { margin: .6rem 0 .6rem 1rem; padding-left: .8rem; border-left: 3px solid #bbb; }
blockquote p { margin: 0; }
blockquote cite { display: block; font: italic 13px Helvetica, Arial, sans-serif; color: #333; }
.note { background: #f6f3e6; padding: .3rem .6rem; font-size: 14px; }
.entry { break-inside: avoid; page-break-inside: avoid; }
@media print {
  body { font-size: 11pt; max-width: none; margin: 0; }
  h2 { break-before: page; page-break-before: always; }
  h2:first-of-type { break-before: auto; page-break-before: auto; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  .note { background: none; border: 1px solid #999; }
  @page { margin: 2cm; }
}
"""


def _language(view: View) -> str:
    """The language most entries are in (fi when there are none)."""
    langs = Counter(e.lang for e in view.lst.entries if e.lang in ("fi", "sv", "en"))
    return langs.most_common(1)[0][0] if langs else "fi"


def render(view: View) -> str:
    """The list as a complete HTML document."""
    lst = view.lst
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{_language(view)}">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{escape(lst.title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{escape(lst.title)}</h1>",
        f'<p class="summary"><em>{escape(lst.request.describe())}</em> · '
        f"{escape(view.summary())}</p>",
    ]
    for group, rows in view.numbered():
        if group.label:
            out.append(f"<h2>{escape(group.label)} ({len(rows)})</h2>")
        for n, e in rows:
            out.append(f'<section class="entry" id="doc-{escape(e.doc_id)}">')
            out.append(f"<h3>{n}. {escape(title(e))}</h3>")
            spans = "".join(f"<span>{escape(k)}: {escape(v)}</span>" for k, v in facts(e))
            if spans:
                out.append(f'<p class="facts">{spans}</p>')
            source = f"Source: <code>{escape(view.shown_path(e.path))}</code>"
            if e.also:
                also = ", ".join(f"<code>{escape(view.shown_path(r.path))}</code>" for r in e.also)
                source += f" (also: {also})"
            out.append(f'<p class="source">{source}</p>')
            for q in e.quotes:
                out.append(
                    f"<blockquote><p>{escape(q.text)}</p>"
                    f"<cite>— {escape(citation(e, q))}</cite></blockquote>"
                )
            if e.added_by_hand:
                out.append('<p class="source"><em>Added by hand.</em></p>')
            if e.note:
                out.append(f'<p class="note"><strong>Note:</strong> {escape(e.note)}</p>')
            out.append("</section>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
