"""Document type (minutes, agenda, decision, agreement, report, financial statement, budget,
strategy, statement, motion, instruction, other) from the terms listed in
`kuntahaku/data/doc_types.csv`, weighted by where they stand: a term alone at the start of a
front line ("Pöytäkirja 9/2025", "Päätösehdotus") says more than a term inside the text."""

from __future__ import annotations

import csv
import functools
import logging
import re
from collections import Counter
from importlib import resources

from kuntahaku.ingest.metadata._lines import Line

log = logging.getLogger(__name__)

# Weights: a term in the letterhead (first lines) / starting a later line of the first page /
# starting a line further on (capped, so that "Päätös" before every § does not outvote it).
LETTERHEAD_LINES = 6
LETTERHEAD_WEIGHT = 6
LETTERHEAD_START_BONUS = 2
LETTERHEAD_MAX_CHARS = 70  # a letterhead line is short; a long one is prose
FRONT_START_WEIGHT = 2
FRONT_CAP = 4  # a contents list naming ten motions is still an agenda: cap the front's lines
BODY_START_WEIGHT = 1
BODY_CAP = 3
# A document needs at least this score to get a type other than "other".
MIN_SCORE = 3
# How many lines of the text (after the front) are read for weak evidence.
BODY_LINES = 400

_WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


@functools.lru_cache(maxsize=1)
def _terms() -> list[tuple[str, str, bool]]:
    """(term, doc_type, compound_head): "*sopimus" also matches "ekosysteemisopimus"."""
    text = resources.files("kuntahaku.data").joinpath("doc_types.csv").read_text("utf-8")
    rows = []
    for row in csv.DictReader(text.splitlines()):
        term = row["term"].lower()
        rows.append((term.lstrip("*"), row["doc_type"], term.startswith("*")))
    return rows


def _types_of(word: str) -> list[str]:
    """Document types whose term is this word (or, for compound heads, ends it)."""
    word = word.lower()
    return [t for term, t, head in _terms() if word == term or (head and word.endswith(term))]


def score_types(front: list[Line], lines: list[Line]) -> Counter[str]:
    """Evidence for each document type."""
    scores: Counter[str] = Counter()
    starts: Counter[str] = Counter()
    first_page = front[0].page if front else 1
    front = [line for line in front if line.page == first_page]
    for n, line in enumerate(front):
        words = _WORD_RE.findall(line.text)
        for position, word in enumerate(words):
            for doc_type in set(_types_of(word)):
                if n < LETTERHEAD_LINES and len(line.text) <= LETTERHEAD_MAX_CHARS:
                    bonus = LETTERHEAD_START_BONUS if position == 0 else 0
                    scores[doc_type] += LETTERHEAD_WEIGHT + bonus
                elif position == 0:
                    starts[doc_type] += FRONT_START_WEIGHT
    for doc_type, n in starts.items():
        scores[doc_type] += min(n, FRONT_CAP)
    front_set = set(front)
    weak: Counter[str] = Counter()
    for line in lines[:BODY_LINES]:
        if line in front_set:
            continue
        words = _WORD_RE.findall(line.text)
        if words:
            for doc_type in set(_types_of(words[0])):
                weak[doc_type] += BODY_START_WEIGHT
    for doc_type, n in weak.items():
        scores[doc_type] += min(n, BODY_CAP)
    return scores


def doc_type(front: list[Line], lines: list[Line]) -> str:
    """The most likely document type, "other" when the evidence is too weak."""
    scores = score_types(front, lines)
    if not scores:
        return "other"
    best, score = scores.most_common(1)[0]
    log.debug("doc_type %r chosen with score %d of %s", best, score, dict(scores))
    return best if score >= MIN_SCORE else "other"
