"""A document's passages as index records, the same for every engine: one record per passage,
the document's fields and document-level facet values copied on it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kuntahaku.errors import KuntahakuError
from kuntahaku.models import Document, Passage
from kuntahaku.search import _entities as entity_stage
from kuntahaku.search._diary import diary_index_terms, find_diary_numbers, normalise_diary
from kuntahaku.search._fields import ENTITY_FACETS, LANGS


def _canonical(facet: str, value: str) -> str | None:
    try:
        return entity_stage.resolve(facet, value)
    except KuntahakuError:
        return None


def document_facets(doc: Document) -> dict[str, list[str]]:
    """Canonical entity values of the whole document (those its passages mention) and its
    issuing municipality (`issuer`, from the document's metadata)."""
    out: dict[str, list[str]] = {f: [] for f in ENTITY_FACETS}
    for p in doc.passages:
        for facet in ENTITY_FACETS:
            out[facet].extend(p.entities.get(facet, []))
    issuer = (
        _canonical("municipality", doc.metadata.municipality) if doc.metadata.municipality else None
    )
    out["issuer"] = [issuer] if issuer else []
    return {f: list(dict.fromkeys(v for v in vals if v)) for f, vals in out.items()}


def _keywords(values: Iterable[str]) -> str:
    return ",".join(v.replace(",", " ") for v in values)


def _passage_diaries(doc: Document, p: Passage) -> list[str]:
    # A document's only diary number belongs to all of it; in minutes with many items each
    # number belongs to its own section (and is written in that passage).
    whole = doc.metadata.diary_numbers if len(doc.metadata.diary_numbers) == 1 else []
    numbers = [normalise_diary(d) for d in whole]
    numbers += [
        normalise_diary(s.diary_number)
        for s in doc.metadata.sections
        if s.diary_number and (not p.section or p.section.endswith(s.number))
    ]
    numbers += find_diary_numbers(p.text)
    return list(dict.fromkeys(n for n in numbers if n))


def _index_languages(lang: str, doc_languages: list[str]) -> list[str]:
    """The language fields a passage goes into: its own language and every other language of
    its document (a Finnish report's passage may hold its Swedish and English abstracts), or all
    of them when its language is unknown."""
    if lang not in LANGS:
        return list(LANGS)
    return list(dict.fromkeys([lang, *(code for code in doc_languages if code in LANGS)]))


def document_records(doc: Document) -> Iterable[dict[str, Any]]:
    """The index records of a document's passages."""
    meta = doc.metadata
    facets = document_facets(doc)
    year = meta.date[:4] if meta.date[:4].isdigit() else ""
    for p in doc.passages:
        lang = p.lang or doc.lang
        langs = _index_languages(lang, doc.languages)
        diaries = _passage_diaries(doc, p)
        record: dict[str, Any] = {
            "passage_id": p.passage_id,
            "doc_id": doc.doc_id,
            "ordinal": p.ordinal,
            "path": doc.path,
            "title": meta.title,
            "text": p.text,
            "pages": list(p.pages),
            "section": p.section,
            "heading_path": list(p.heading_path),
            "diary_numbers": list(meta.diary_numbers),
            "entities": {k: list(v) for k, v in p.entities.items()},
            "diary": _keywords(t for d in diaries for t in diary_index_terms(d)),
            "doc_type": meta.doc_type or "other",
            "lang": lang or "",
            "langs": langs,
            "body": meta.body.lower(),
            "date": meta.date,
            "year": year,
        }
        for code in langs:
            record[f"text_{code}"] = p.text
        record["doc_facets"] = {
            **{f: facets[f] for f in ENTITY_FACETS},
            "issuer": facets["issuer"],
            "doc_type": [record["doc_type"]],
            "year": [year] if year else [],
            "body": [record["body"]] if record["body"] else [],
        }
        for facet in ENTITY_FACETS:
            record[facet] = _keywords(facets[facet])
            record[f"p_{facet}"] = _keywords(p.entities.get(facet, []))
        record["issuer"] = _keywords(facets["issuer"])
        yield {k: v for k, v in record.items() if v is not None and v != ""}
