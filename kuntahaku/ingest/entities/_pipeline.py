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

from dataclasses import dataclass
from functools import cache, lru_cache

from spacy.attrs import IS_PUNCT, IS_SPACE, ORTH, SPACY
from spacy.language import Language
from spacy.tokens import Doc, Span

from kuntahaku.ingest.entities import _amounts
from kuntahaku.ingest.entities._gazetteer import LEMMA as LEMMA_KEY
from kuntahaku.ingest.entities._gazetteer import (
    TokenKeys,
    blank,
    gazetteer,
    keep,
    resolve_overlaps,
    supported_themes,
    token_keys,
)
from kuntahaku.ingest.entities._orgs import drop_places_inside, find_organisations
from kuntahaku.ingest.entities._persons import find_persons

SPANS_KEY = "kuntahaku"
LANGS = ("fi", "sv", "en")
_NO_KEYS = TokenKeys({}, False)

if not Doc.has_extension("kh_keys"):
    Doc.set_extension("kh_keys", default=None)  # one TokenKeys per token
if not Doc.has_extension("kh_words"):
    Doc.set_extension("kh_words", default=None)  # the Words of the doc, read once


@dataclass(frozen=True)
class Words:
    """Every token's text and whether it is whitespace, and the doc's text, read from the doc
    once for all components (each pass over a spaCy doc makes a Python object per token, and
    `doc.text` is such a pass)."""

    texts: list[str]
    is_space: list[bool]
    text: str


def _words(doc: Doc) -> Words:
    """The Words of a doc, from its token arrays (no per-token objects)."""
    found: Words | None = doc._.kh_words
    if found is not None:
        return found
    rows = doc.to_array([ORTH, IS_SPACE, SPACY]).tolist() if len(doc) else []
    strings = doc.vocab.strings
    texts = [strings[orth] for orth, _, _ in rows]
    text = "".join(t + " " if ws else t for t, (_, _, ws) in zip(texts, rows, strict=True))
    words = Words(texts, [bool(space) for _, space, _ in rows], text)
    doc._.kh_words = words
    return words


@lru_cache(maxsize=200_000)
def _keys_and_lemma(text: str, lang: str) -> tuple[TokenKeys, str]:
    """A word's match keys and the base form shown as its spaCy lemma ("" when none)."""
    keys = token_keys(text, lang)
    lemma = next((k for k, (kind, _) in keys.keys.items() if kind == LEMMA_KEY), "")
    return keys, lemma


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
    if not len(doc):
        doc._.kh_keys = []
        return doc
    punct = doc.to_array(IS_PUNCT).tolist()
    words = _words(doc)
    keys: list[TokenKeys] = []
    lemmas: list[tuple[int, str]] = []  # set afterwards, on those tokens only
    for i, (text, space, is_punct) in enumerate(
        zip(words.texts, words.is_space, punct, strict=True)
    ):
        if space or is_punct:
            keys.append(_NO_KEYS)
            continue
        tk, lemma = _keys_and_lemma(text, lang)
        keys.append(tk)
        if lemma:
            lemmas.append((i, lemma))
    for i, lemma in lemmas:
        doc[i].lemma_ = lemma
    doc._.kh_keys = keys
    return doc


@Language.component("kuntahaku_gazetteer_v1")
def gazetteer_component(doc: Doc) -> Doc:
    """Gazetteer hits for every facet (longest match, then context filters), and persons.

    Whitespace tokens (line breaks) are skipped, so that a name broken over two lines is found.
    """
    tokens = _words(doc)
    all_keys = doc._.kh_keys or [_NO_KEYS] * len(tokens.texts)
    index = [i for i, space in enumerate(tokens.is_space) if not space]
    words = [all_keys[i] for i in index]
    texts = [tokens.texts[i] for i in index]
    # A token's trailing whitespace is one space at most, so a line break is in its text.
    line_starts = {n for n, i in enumerate(index) if i > 0 and "\n" in tokens.texts[i - 1]}
    gaz = gazetteer()
    hits = resolve_overlaps([h for h in gaz.match(words) if keep(h, words, texts, line_starts)])
    hits = supported_themes(hits)
    in_orgs = {i for h in hits if h.entry.facet == "organisation" for i in range(h.start, h.end)}
    orgs = find_organisations(words, texts, line_starts, in_orgs)
    hits = drop_places_inside(hits, orgs)
    taken = {i for h in hits if h.entry.facet != "theme" for i in range(h.start, h.end)}
    taken |= {i for a, b, _ in orgs for i in range(a, b)}
    persons = [
        Span(doc, index[a], index[b - 1] + 1, label="person", kb_id=name, span_id="rule.person")
        for a, b, name in find_persons(words, texts, line_starts, taken)
    ]
    persons += [
        Span(doc, index[a], index[b - 1] + 1, label="organisation", kb_id=v, span_id="rule.org")
        for a, b, v in orgs
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
    _add_spans(doc, _regex_spans(doc, list(_amounts.money(_words(doc).text)), "money"))
    return doc


@Language.component("kuntahaku_dates_v1")
def dates_component(doc: Doc) -> Doc:
    """Dates normalised to ISO."""
    _add_spans(doc, _regex_spans(doc, list(_amounts.dates(_words(doc).text)), "date"))
    return doc


@cache
def pipeline(lang: str) -> Language:
    """The tagging pipeline of a language (fi, sv or en), built once per process."""
    if lang not in LANGS:
        raise ValueError(f"no entity pipeline for language {lang!r}; supported: {', '.join(LANGS)}")
    nlp = blank(lang)
    for name in (
        "kuntahaku_lemma_keys_v1",
        "kuntahaku_gazetteer_v1",
        "kuntahaku_money_v1",
        "kuntahaku_dates_v1",
    ):
        nlp.add_pipe(name)
    return nlp
