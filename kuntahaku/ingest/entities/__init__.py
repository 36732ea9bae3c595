"""Entity stage: municipalities, regions, funds, themes, organisations, money and dates.

`run` tags every passage with the spaCy pipeline of its language (gazetteer rules on lemmas plus
money and date rules), stores every `Mention` on the document and the canonical facet values on
each passage. `resolve`, `known_values`, `theme_terms` and `label` come from `kuntahaku.gazetteer`,
the entity data below both ingestion and search.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from kuntahaku.config import Settings
from kuntahaku.errors import UnknownEntityType
from kuntahaku.gazetteer import (
    FACETS,
    LANGS,
    TYPES,
    entries,
    known_values,
    label,
    resolve,
    theme_terms,
)
from kuntahaku.models import Document, Mention, Passage

__all__ = [
    "FACETS",
    "TYPES",
    "document_counts",
    "known_values",
    "label",
    "prepare",
    "resolve",
    "run",
    "tag_passages",
    "theme_terms",
]

BATCH_SIZE = 32


def _lang(passage: Passage, doc_lang: str) -> str:
    for lang in (passage.lang, doc_lang):
        if lang in LANGS:
            return lang
    return "fi"


def tag_passages(passages: list[Passage], doc_lang: str = "") -> list[Mention]:
    """Tag passages in place (their `entities`) and return their mentions in text order."""
    # spaCy is imported here, not at module level: filters and `resolve` must not pay for it.
    from kuntahaku.ingest.entities._pipeline import SPANS_KEY, pipeline

    mentions: list[Mention] = []
    by_lang: dict[str, list[Passage]] = {}
    for p in passages:
        by_lang.setdefault(_lang(p, doc_lang), []).append(p)
    parents = {e.value: e.parent for e in entries("fund") if e.parent}
    labels = {(e.facet, e.value): e.labels for f in FACETS for e in entries(f)}
    for lang, group in by_lang.items():
        docs = pipeline(lang).pipe((p.text for p in group), batch_size=BATCH_SIZE)
        for passage, sdoc in zip(group, docs, strict=True):
            found: list[Mention] = []
            for span in sorted(sdoc.spans[SPANS_KEY], key=lambda s: (s.start_char, s.end_char)):
                shown = labels.get((span.label_, span.kb_id_), {}).get(lang, "")
                found.append(
                    Mention(
                        type=span.label_,
                        value=span.kb_id_,
                        text=span.text,
                        passage_id=passage.passage_id,
                        start=span.start_char,
                        end=span.end_char,
                        rule=span.id_,
                        label=shown if shown != span.kb_id_ else "",
                    )
                )
            mentions.extend(found)
    mentions = _in_document(mentions, passages, doc_lang)
    by_passage: dict[str, list[Mention]] = {}
    for m in mentions:
        by_passage.setdefault(m.passage_id, []).append(m)
    for passage in passages:
        passage.entities = _facet_values(by_passage.get(passage.passage_id, []), parents)
    order = {p.passage_id: n for n, p in enumerate(passages)}
    mentions.sort(key=lambda m: (order[m.passage_id], m.start, m.end))
    return mentions


def _in_document(mentions: list[Mention], passages: list[Passage], doc_lang: str) -> list[Mention]:
    """What the document as a whole decides about its mentions: one base form per person
    ("Riina Turjaa" -> "Riina Turja" when both occur), and in a document from Sweden no
    Finnish institution behind a Swedish name that Sweden's own institution shares."""
    from kuntahaku.ingest.entities._country import from_sweden
    from kuntahaku.ingest.entities._persons import merge_inflected

    merged = merge_inflected([m.value for m in mentions if m.type == "person"])
    for m in mentions:
        if m.type == "person":
            m.value = merged[m.value]
    langs = {p.passage_id: _lang(p, doc_lang) for p in passages}
    main = doc_lang or (Counter(langs.values()).most_common(1)[0][0] if langs else "")
    if not from_sweden((p.text for p in passages), main):
        return mentions
    homonyms = {e.value for e in entries("organisation") if e.extra.get("sweden_homonym")}
    return [
        m
        for m in mentions
        if not (m.type == "organisation" and m.value in homonyms and langs[m.passage_id] == "sv")
    ]


def _facet_values(mentions: list[Mention], parents: dict[str, str]) -> dict[str, list[str]]:
    values: dict[str, set[str]] = {}
    for m in mentions:
        if m.type in FACETS:
            values.setdefault(m.type, set()).add(m.value)
            if m.type == "fund" and m.value in parents:
                values["fund"].add(parents[m.value])
    return {facet: sorted(v) for facet, v in values.items()}


def prepare() -> None:
    """Build the tagging pipelines of every language and the gazetteer now, not on first use."""
    from kuntahaku.ingest.entities._gazetteer import gazetteer
    from kuntahaku.ingest.entities._pipeline import pipeline

    for lang in LANGS:
        pipeline(lang)
    gazetteer()


def run(doc: Document, settings: Settings) -> Document:
    """Fill `doc.mentions` and every `passage.entities`."""
    doc.mentions = tag_passages(doc.passages, doc.lang)
    return doc


def document_counts(docs: Iterable[Document], type_: str) -> list[tuple[str, int]]:
    """Values of an entity type with the number of documents mentioning each, most first."""
    if type_ not in TYPES:
        raise UnknownEntityType(type_, TYPES)
    counts: Counter[str] = Counter()
    for doc in docs:
        counts.update({m.value for m in doc.mentions if m.type == type_})
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
