"""Finding renditions of the same text (a .txt and its PDFs, one decision from two producers).

Two documents are renditions of one text when the Jaccard similarity of their character
8-gram shingles, taken over the passage text with everything but letters and digits removed,
reaches `THRESHOLD`. Dropping spaces and punctuation makes the measure blind to what differs
between renditions: hyphenated line breaks ("kehittämishank- keen"), words split by a PDF
producer ("palve lukehitys"), running headers, and (mostly) two-column pages read across both
columns. Measured on the bundled corpus: renditions score 0.70-1.00 (the low end is a two-column
PDF against its plain text), the most similar distinct documents 0.09; 12-grams gave 0.61 and
0.04, word shingles fell apart on split words.

Shared text is not enough: decisions of one body share long boilerplate (the appeal
instructions, the meeting's header), so two grants of one meeting can reach the threshold on
the boilerplate alone. So two documents are compared by their substance (`Boilerplate`): their
text without the sentences that the index's other documents also hold (`BOILERPLATE_DOCS` or
more of them beyond the two compared: a third rendition of a text is one document, the appeal
instructions of a city are in all its minutes). Renditions of one text keep their own sentences
and still fold; two decisions that share only boilerplate do not.

Renditions of one text are one decision, so they also never name different decisions: two
documents whose § numbers (sections of kind `paragraph_sign`), or diary numbers, or sums of
money, are both known and have nothing in common are distinct, however similar (`distinct`).
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Protocol

from kuntahaku.models import Document

SHINGLE_CHARS = 8
THRESHOLD = 0.4
# Renditions must agree this much on substance: those of the bundled corpus score 0.98-1.00,
# two grants of one meeting written to one template and sharing real appeal instructions 0.42.
SUBSTANCE_THRESHOLD = 0.55
# A sentence (letters and digits) shorter than this is never boilerplate: "Ehdotus hyväksyttiin".
MIN_SENTENCE = 40
# A sentence found in this many of the index's documents beyond those compared is boilerplate.
BOILERPLATE_DOCS = 2
# Substance shorter than this (letters and digits) on both sides: compare the whole text.
MIN_SUBSTANCE = 200
# The documents whose sentences count (an even sample of a larger index).
BACKGROUND_DOCS = 500
_NOT_WORD = re.compile(r"[\W_]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*\n")


def _text(doc: Document) -> str:
    return " ".join(p.text for p in doc.passages)


def sentence_keys(text: str) -> list[str]:
    """The text's sentences, lower-case, letters and digits only (as `shingles` reads them)."""
    keys = (_NOT_WORD.sub("", s.lower()) for s in _SENTENCE_END.split(text))
    return [k for k in keys if k]


def letters_and_digits(text: str) -> str:
    """The text as `shingles` reads it: lower-case letters and digits only."""
    return _NOT_WORD.sub("", text.lower())


def shingles(doc: Document) -> set[int]:
    """Hashed character shingles of a document's passage text (letters and digits only)."""
    return stream_shingles(letters_and_digits(_text(doc)))


def stream_shingles(stream: str) -> set[int]:
    """Hashed character shingles of a letters-and-digits stream."""
    if len(stream) <= SHINGLE_CHARS:
        return {zlib.crc32(stream.encode("utf-8"))} if stream else set()
    return {
        zlib.crc32(stream[i : i + SHINGLE_CHARS].encode("utf-8"))
        for i in range(len(stream) - SHINGLE_CHARS + 1)
    }


def jaccard(a: set[int], b: set[int]) -> float:
    """|a ∩ b| / |a ∪ b|, 0 for two empty sets."""
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


def _paragraphs(doc: Document) -> set[str]:
    return {s.number for s in doc.metadata.sections if s.kind == "paragraph_sign" and s.number}


def _diaries(doc: Document) -> set[str]:
    numbers = set(doc.metadata.diary_numbers)
    numbers |= {s.diary_number for s in doc.metadata.sections if s.diary_number}
    return {_NOT_WORD.sub("", n).lower() for n in numbers if n}


def _money(doc: Document) -> set[str]:
    return {m.value for m in doc.mentions if m.type == "money" and m.value}


def distinct(a: Document, b: Document) -> bool:
    """Whether the two documents are different decisions by what they say they are: both
    name § numbers and none is shared, or diary numbers, or sums of money."""
    for key in (_paragraphs, _diaries, _money):
        ka, kb = key(a), key(b)
        if ka and kb and not ka & kb:
            return True
    return False


class TextSource(Protocol):
    """Where the index's documents are read from (`DocumentStore`)."""

    def doc_ids(self) -> list[str]:
        """Ids of every stored document."""
        ...

    def passage_text(self, doc_id: str, limit: int = 0) -> str:
        """A document's passage text joined."""
        ...


class Boilerplate:
    """How many of the index's documents hold each long sentence, to tell a document's own
    text (its substance) from the text it shares with many others."""

    def __init__(self, texts: Iterable[tuple[str, str]]) -> None:
        """Count the long sentences of (doc_id, text) pairs, each once per document."""
        self.doc_ids: set[str] = set()
        self._count: Counter[int] = Counter()
        for doc_id, text in texts:
            self.doc_ids.add(doc_id)
            self._count.update({hash(k) for k in sentence_keys(text) if len(k) >= MIN_SENTENCE})

    @classmethod
    def of_store(cls, store: TextSource, most: int = BACKGROUND_DOCS) -> Boilerplate:
        """The sentences of the store's documents (of `most` of them, evenly spread)."""
        ids = store.doc_ids()
        if len(ids) > most:
            ids = [ids[i * len(ids) // most] for i in range(most)]
        return cls((doc_id, store.passage_text(doc_id)) for doc_id in ids)

    def substance(self, docs: Sequence[Document]) -> list[str]:
        """Each document's letters-and-digits stream without its boilerplate: the sentences
        found in `BOILERPLATE_DOCS` or more documents of the index besides `docs`."""
        keys = [sentence_keys(_text(d)) for d in docs]
        counted = [(d, {hash(k) for k in ks}) for d, ks in zip(docs, keys, strict=True)]
        counted = [(d, hs) for d, hs in counted if d.doc_id in self.doc_ids]

        def common(k: str) -> bool:
            if len(k) < MIN_SENTENCE:
                return False
            h = hash(k)
            outside = self._count[h] - sum(1 for _, hs in counted if h in hs)
            return outside >= BOILERPLATE_DOCS

        return ["".join(k for k in ks if not common(k)) for ks in keys]


def same_text(
    a: Document,
    b: Document,
    boilerplate: Boilerplate | None = None,
    threshold: float = THRESHOLD,
) -> bool:
    """Whether two documents are renditions of one text: their substance reaches
    `SUBSTANCE_THRESHOLD` (when both are almost all boilerplate, their whole text reaches
    `threshold`), and they do not name different decisions (`distinct`)."""
    if distinct(a, b):
        return False
    if boilerplate is not None:
        own = boilerplate.substance([a, b])
        if max(len(own[0]), len(own[1])) >= MIN_SUBSTANCE:
            return jaccard(stream_shingles(own[0]), stream_shingles(own[1])) >= max(
                threshold, SUBSTANCE_THRESHOLD
            )
    return jaccard(shingles(a), shingles(b)) >= threshold


def cluster(
    docs: Sequence[Document],
    threshold: float = THRESHOLD,
    boilerplate: Boilerplate | None = None,
) -> list[list[Document]]:
    """Groups of renditions, in the order of `docs`; each group's first member comes first.

    A document joins the first earlier group whose first member it resembles, so the order of
    `docs` decides which rendition leads a group. Whole texts are compared first (cheap); a
    pair that reaches `threshold` is compared again by substance when `boilerplate` is given.
    """
    groups: list[tuple[set[int], list[Document]]] = []
    for doc in docs:
        sh = shingles(doc)
        size = len(sh)
        for lead, members in groups:
            # Jaccard cannot reach the threshold when the sizes differ too much: skip cheaply.
            small, big = sorted((size, len(lead)))
            if big and small / big < threshold:
                continue
            if jaccard(sh, lead) < threshold or distinct(doc, members[0]):
                continue
            if boilerplate is None or same_text(doc, members[0], boilerplate, threshold):
                members.append(doc)
                break
        else:
            groups.append((sh, [doc]))
    return [members for _, members in groups]
