"""spaCy pipelines per language (fi, sv, en) with our components, registered under versioned names.

Each pipeline is a blank tokenizer plus (spaCy forbids dots in component names, hence "_v1"):
  kuntahaku_lemma_keys_v1  the match keys of every token (Voikko / simplemma base forms)
  kuntahaku_gazetteer_v1   gazetteer hits on those keys, filtered by context
  kuntahaku_money_v1       amounts normalised to euros
  kuntahaku_dates_v1       dates normalised to ISO
Every component writes spans to `doc.spans["kuntahaku"]`: label = entity type, kb_id = the
canonical or normalised value, id = the rule that produced it. Pipelines are built once per
process and language.
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from kuntahaku.ingest.entities import _amounts
from kuntahaku.ingest.entities._gazetteer import (
    TokenKeys,
    gazetteer,
    keep,
    resolve_overlaps,
    supported_themes,
    token_keys,
)
from kuntahaku.ingest.entities._persons import find_persons

SPANS_KEY = "kuntahaku"
LANGS = ("fi", "sv", "en")

if not Doc.has_extension("kh_keys"):
    Doc.set_extension("kh_keys", default=None)  # one TokenKeys per token


def _spans(doc: Doc) -> list[Span]:
    if SPANS_KEY not in doc.spans:
        doc.spans[SPANS_KEY] = []
    return list(doc.spans[SPANS_KEY])


def _add_spans(doc: Doc, new: list[Span]) -> None:
    doc.spans[SPANS_KEY] = _spans(doc) + new


@Language.component("kuntahaku_lemma_keys_v1")
def lemma_keys(doc: Doc) -> Doc:
    """Attach the match keys (surface, base forms, stems, compound parts) of every token."""
    lang = doc.lang_
    empty = TokenKeys({}, False)
    keys = []
    for token in doc:
        if token.is_space or token.is_punct:
            keys.append(empty)
            continue
        tk = token_keys(token.text, lang)
        keys.append(tk)
        lemma = next((k for k, (kind, _) in tk.keys.items() if kind == "lemma"), "")
        if lemma:
            token.lemma_ = lemma
    doc._.kh_keys = keys
    return doc


@Language.component("kuntahaku_gazetteer_v1")
def gazetteer_component(doc: Doc) -> Doc:
    """Gazetteer hits for every facet (longest match, then context filters), and persons.

    Whitespace tokens (line breaks) are skipped, so that a name broken over two lines is found.
    """
    tokens = list(doc)
    all_keys = doc._.kh_keys or [TokenKeys({}, False)] * len(tokens)
    index = [t.i for t in tokens if not t.is_space]
    words = [all_keys[i] for i in index]
    texts = [tokens[i].text for i in index]
    line_starts = {n for n, i in enumerate(index) if i > 0 and "\n" in tokens[i - 1].text_with_ws}
    gaz = gazetteer()
    hits = resolve_overlaps([h for h in gaz.match(words) if keep(h, words, texts, line_starts)])
    hits = supported_themes(hits)
    taken = {i for h in hits if h.entry.facet != "theme" for i in range(h.start, h.end)}
    persons = [
        Span(doc, index[a], index[b - 1] + 1, label="person", kb_id=name, span_id="rule.person")
        for a, b, name in find_persons(words, texts, line_starts, taken)
    ]
    new = [
        Span(
            doc,
            index[h.start],
            index[h.end - 1] + 1,
            label=h.entry.facet,
            kb_id=h.entry.value,
            span_id=h.rule,
        )
        for h in hits
    ]
    _add_spans(doc, new + persons)
    return doc


def _regex_spans(doc: Doc, found: list[_amounts.Found], label: str) -> list[Span]:
    out = []
    for f in found:
        span = doc.char_span(
            f.start, f.end, label=label, kb_id=f.value, span_id=f.rule, alignment_mode="expand"
        )
        if span is not None:
            out.append(span)
    return out


@Language.component("kuntahaku_money_v1")
def money_component(doc: Doc) -> Doc:
    """Amounts of money, value in euros (or with a currency code)."""
    _add_spans(doc, _regex_spans(doc, list(_amounts.money(doc.text)), "money"))
    return doc


@Language.component("kuntahaku_dates_v1")
def dates_component(doc: Doc) -> Doc:
    """Dates normalised to ISO."""
    _add_spans(doc, _regex_spans(doc, list(_amounts.dates(doc.text)), "date"))
    return doc


@cache
def pipeline(lang: str) -> Language:
    """The tagging pipeline of a language (fi, sv or en), built once per process."""
    if lang not in LANGS:
        raise ValueError(f"no entity pipeline for language {lang!r}; supported: {', '.join(LANGS)}")
    nlp = spacy.blank(lang)
    for name in (
        "kuntahaku_lemma_keys_v1",
        "kuntahaku_gazetteer_v1",
        "kuntahaku_money_v1",
        "kuntahaku_dates_v1",
    ):
        nlp.add_pipe(name)
    return nlp
