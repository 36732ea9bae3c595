"""Choosing short quotes: the sentence of a passage that says most about what was asked.

Terms come from the query, the theme trigger terms and the words search marked in its snippets
(`<<kiertotalouden>>`: exact surface forms, whatever the language). Finnish inflects and
compounds, so a long term matches by its stem (all but its last two letters) anywhere in a word:
"kiertotalous" finds "kiertotalouden" and "kiertotalousohjelma".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from kuntahaku.models import Document, Passage
from kuntahaku.readinglist.cite import locate
from kuntahaku.readinglist.model import Quote

MAX_QUOTE_CHARS = 320
MIN_SENTENCE_WORDS = 6
_MARK = re.compile(r"<<(.+?)>>")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“”'(]?[A-ZÅÄÖÉÜ0-9])")
_SOFT_HYPHEN = re.compile(r"\u00ad\s*")
_LEADERS = re.compile(r"(?:\.\s*){4,}|(?:§\s*\d+\D{3,60}){3,}")  # "....." or "§ 1 x § 2 y § 3"
_PARAGRAPH = re.compile(r"\n\s*\n")
_WORD = re.compile(r"\w+")
# Abbreviations after which a full stop does not end a sentence (fi, sv).
_ABBREVIATIONS_TEXT = (
    "n. noin. mm. esim. ns. milj. mrd. klo. s. sid. ks. vrt. yms. jne. ym. t. tms. huom. puh. "
    "p. v. kpl. nro. dnro. bl.a. t.ex. o.s.v. ca. kl. st. nr. tel. resp. fr.o.m. t.o.m. jfr. "
    "enl. kr. sek. min. tn. ao. em. yht."
)
ABBREVIATIONS = frozenset(_ABBREVIATIONS_TEXT.split())


def marked_terms(snippets: Iterable[str]) -> list[str]:
    """The words search highlighted as `<<word>>` in its snippets, lower-case, once each."""
    found: dict[str, None] = {}
    for snippet in snippets:
        for m in _MARK.finditer(snippet or ""):
            found.setdefault(m[1].strip().lower(), None)
    return [t for t in found if t]


def query_terms(query: str) -> list[str]:
    """Plain words of a query, without operators, field names or quotes."""
    words = []
    for w in _WORD.findall(query):
        if w.upper() in {"AND", "OR", "NOT"} or w.isdigit():
            continue
        words.append(w.lower())
    return words


class TermMatcher:
    """Counts the terms a sentence contains, by stem for long terms, by whole word for short."""

    def __init__(self, terms: Iterable[str]) -> None:
        self._patterns: list[list[re.Pattern[str]]] = []
        seen: set[str] = set()
        for term in terms:
            term = " ".join(term.lower().split())
            if not term or term in seen:
                continue
            seen.add(term)
            self._patterns.append([_word_pattern(w) for w in term.split(" ")])

    def __bool__(self) -> bool:
        return bool(self._patterns)

    def score(self, text: str) -> float:
        """Distinct terms found (a phrase counts when all its words are there), plus a little
        for repeats."""
        low = text.lower()
        distinct, total = 0, 0
        for words in self._patterns:
            counts = [len(p.findall(low)) for p in words]
            if all(counts):
                distinct += 1
                total += min(counts)
        return distinct + 0.1 * total

    def first_match(self, text: str) -> int:
        """Offset of the first term found in text, -1 if none."""
        low = text.lower()
        starts = [m.start() for words in self._patterns for p in words if (m := p.search(low))]
        return min(starts) if starts else -1


def _word_pattern(word: str) -> re.Pattern[str]:
    if len(word) <= 3:
        return re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
    stem = word[: max(4, len(word) - 2)]
    return re.compile(re.escape(stem))


def sentences(text: str) -> list[str]:
    """Sentences of a passage: paragraphs (blank-line separated) split after . ! ?"""
    out: list[str] = []
    para_start = True
    for para in _PARAGRAPH.split(text):
        flat = " ".join(_SOFT_HYPHEN.sub("", para).split())
        pieces = [s.strip() for s in _SENTENCE_END.split(flat) if s.strip()]
        for piece in pieces:
            if out and _continues(out[-1], piece) and not para_start:
                out[-1] += " " + piece
            else:
                out.append(piece)
            para_start = False
        para_start = True
    return out


def _continues(previous: str, piece: str) -> bool:
    """Whether a split after `previous` fell on an abbreviation ("n. 60,2 milj. euroa")."""
    last = previous.rsplit(" ", 1)[-1].lower()
    if last in ABBREVIATIONS:
        return True
    return piece[:1].isdigit() and len(last) <= 6 and last[:-1].isalpha() and last[:1].islower()


def shorten(sentence: str, focus: int, limit: int = MAX_QUOTE_CHARS) -> str:
    """At most `limit` characters around offset `focus`, cut at spaces, marked with "…"."""
    if len(sentence) <= limit:
        return sentence
    start = max(0, min(focus - limit // 3, len(sentence) - limit))
    if start:
        space = sentence.find(" ", start)
        start = space + 1 if 0 <= space < start + 40 else start
    end = start + limit
    if end < len(sentence):
        space = sentence.rfind(" ", start, end)
        end = space if space > start + limit // 2 else end
    piece = sentence[start:end].strip()
    return ("…" if start else "") + piece + ("…" if end < len(sentence) else "")


def prose_penalty(sentence: str) -> float:
    """How much a sentence looks like a table row, a table of contents, a heading, a list of
    figures or a piece of a garbled two-column line rather than prose. Above 2 a sentence
    never beats prose, however many terms it names."""
    chars = [c for c in sentence if not c.isspace()]
    digits = sum(c.isdigit() for c in chars) / max(len(chars), 1)
    penalty = 2.5 if "|" in sentence or _LEADERS.search(sentence) else 0.0
    if digits > 0.15:
        penalty += 1.0
    if len(_WORD.findall(sentence)) < MIN_SENTENCE_WORDS:
        penalty += 2.5  # headings and fragments only when nothing better is there
    if not sentence[:1].isupper() and not sentence[:1].isdigit():
        penalty += 0.5  # starts mid-sentence
    if not sentence.rstrip("…").endswith((".", "!", "?", ":", ";", ")", '"', "”")):
        penalty += 0.5  # a heading or a cut line
    return penalty


def best_sentence(passage: Passage, matcher: TermMatcher) -> tuple[str, float, float]:
    """The passage's best sentence (shortened), its term score (0 when no term is in it) and
    its rank (the term score, capped, less the prose penalty).

    Prose that names the terms beats table rows and headings that name them more often.
    """
    best, best_rank, best_score = "", -99.0, 0.0
    for s in sentences(passage.text):
        score = matcher.score(s) if matcher else 0.0
        rank = min(score, 2.0) - prose_penalty(s)
        if rank > best_rank:
            best, best_rank, best_score = s, rank, score
    if not best:
        return "", 0.0, best_rank
    focus = matcher.first_match(best) if matcher else 0
    return shorten(best, max(focus, 0)), best_score, best_rank


def quote_quality(quotes: Sequence[Quote], matcher: TermMatcher) -> float:
    """How well a set of quotes reads: terms named in prose score, tables and fragments cost."""
    return sum(min(matcher.score(q.text), 2.0) - prose_penalty(q.text) for q in quotes)


def pick_quotes(
    doc: Document,
    scored_passages: Sequence[tuple[str, float]],
    matcher: TermMatcher,
    n: int,
) -> list[Quote]:
    """Up to `n` quotes from the best passages of `doc`, in the document's own order.

    `scored_passages` are (passage_id, search score) of the passages search found; when it is
    empty (a document added by hand) every passage is a candidate, ranked by its terms.
    """
    if n <= 0:
        return []
    by_id = {p.passage_id: p for p in doc.passages}
    search_score = {pid: s for pid, s in scored_passages if pid in by_id}
    candidates = [by_id[pid] for pid in search_score] or list(doc.passages)
    ranked: list[tuple[bool, float, float, int, Passage, str]] = []
    for p in candidates:
        text, term_score, rank = best_sentence(p, matcher)
        if text:
            hit = search_score.get(p.passage_id, 0.0)
            ranked.append((term_score > 0, hit, rank, -p.ordinal, p, text))
    # Quotes that name a term first; clean prose (rank >= 1), then prose with a flaw, before
    # tables and headings; then search's order.
    ranked.sort(key=lambda r: (r[0], r[2] >= 1, r[2] > 0, r[1], r[2], r[3]), reverse=True)
    if ranked and ranked[0][0]:
        ranked = [r for r in ranked if r[0]]  # only quotes that name what was asked
    else:
        n = 1  # nothing names a term: one quote to show what the document is
    if ranked and ranked[0][2] > 0:
        ranked = [r for r in ranked if r[2] > 0]  # prose only, when there is prose
    chosen: list[tuple[Passage, str]] = []
    seen: set[str] = set()
    for *_, p, text in ranked:
        if text not in seen:
            seen.add(text)
            chosen.append((p, text))
        if len(chosen) >= n:
            break
    chosen.sort(key=lambda c: c[0].ordinal)
    quotes = []
    for p, text in chosen:
        page, page_end = locate(doc, text, p.pages)
        heading = p.heading_path[-1] if p.heading_path else ""
        quotes.append(
            Quote(
                text=text,
                page=page,
                page_end=page_end,
                passage_id=p.passage_id,
                passage_pages=list(p.pages),
                section=p.section,
                heading=heading,
            )
        )
    return quotes
