"""Language stage: the language of every block (fi, sv or en) and of the document.

langdetect is run with only the Finnish, Swedish and English profiles loaded, so its answer is
always one of the three, and with a fixed seed, so the same text gives the same answer in every
process (`_langdetect` computes exactly langdetect's answer, at a fraction of its cost). Blocks
too short to judge take the language of their nearest long neighbour on the page (function
words break a tie), else the document's main language.
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import re
from collections import Counter
from dataclasses import dataclass

from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

from kuntahaku.config import Settings
from kuntahaku.ingest._langdetect import FastDetector
from kuntahaku.models import Block, Document

LANGUAGES: tuple[str, ...] = ("fi", "sv", "en")

# A block shorter than this is judged by its context, not by langdetect.
MIN_WORDS = 6
MIN_LETTERS = 40
# langdetect reads at most this many characters of a block: enough to decide, and bounded cost.
MAX_DETECT_CHARS = 1200
# A long block with at least this many function words, all of one language, skips langdetect.
CLEAR_VOTES = 4
# A language counts as present in a document when its prose blocks (long blocks with at least
# two of its function words) hold this share of the letters and at least this many letters.
MIN_PRESENT_SHARE = 0.003
MIN_PRESENT_LETTERS = 300

# Frequent function words that only one of the three languages uses.
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "fi": frozenset(
        [
            "ja",
            "on",
            "että",
            "ei",
            "ovat",
            "oli",
            "sekä",
            "tai",
            "myös",
            "kuin",
            "jos",
            "mutta",
            "joka",
            "jonka",
            "mukaan",
            "osalta",
            "tämä",
            "tämän",
            "se",
            "sen",
            "ne",
            "niiden",
            "hän",
            "kun",
            "vain",
            "jo",
            "vielä",
            "sitä",
            "siitä",
            "olla",
            "ole",
        ]
    ),
    "sv": frozenset(
        [
            "och",
            "att",
            "för",
            "är",
            "som",
            "det",
            "den",
            "en",
            "ett",
            "med",
            "till",
            "på",
            "av",
            "om",
            "inte",
            "har",
            "var",
            "vid",
            "eller",
            "också",
            "från",
            "enligt",
            "skall",
            "ska",
            "kan",
            "samt",
            "efter",
            "under",
        ]
    ),
    "en": frozenset(
        [
            "the",
            "and",
            "of",
            "to",
            "is",
            "are",
            "that",
            "for",
            "with",
            "by",
            "this",
            "was",
            "were",
            "be",
            "from",
            "which",
            "has",
            "have",
            "not",
            "or",
            "on",
            "as",
            "an",
            "at",
        ]
    ),
}

_WORD_RE = re.compile(r"[^\W\d_]+")
# Addresses say nothing about the language around them.
_NOISE_RE = re.compile(r"\S+@\S+|\S+\(at\)\S+|(?:https?://|www\.)\S+|\S+\.(?:fi|se|com|org)\b")
_LETTER_RE = re.compile(r"[^\W\d_]")


@functools.lru_cache(maxsize=1)
def _factory() -> DetectorFactory:
    """A langdetect factory holding only the fi/sv/en profiles (loaded once per process)."""
    factory = DetectorFactory()
    profiles = []
    for lang in LANGUAGES:
        with open(os.path.join(PROFILES_DIRECTORY, lang), encoding="utf-8") as fh:
            profiles.append(json.dumps(json.load(fh)))
    factory.load_json_profile(profiles)
    return factory


def letters(text: str) -> int:
    """Number of letters (any script) in `text`."""
    return len(_LETTER_RE.findall(text))


def strip_noise(text: str) -> str:
    """`text` without e-mail and web addresses."""
    return _NOISE_RE.sub(" ", text)


def is_short(text: str) -> bool:
    """True for text too short for a statistical guess: few words, few letters or no letters."""
    text = strip_noise(text)
    return len(_WORD_RE.findall(text)) < MIN_WORDS or letters(text) < MIN_LETTERS


def function_word_votes(text: str) -> Counter[str]:
    """How many words of `text` are function words of each language."""
    votes: Counter[str] = Counter()
    for word in _WORD_RE.findall(text.lower()):
        for lang, words in FUNCTION_WORDS.items():
            if word in words:
                votes[lang] += 1
    return votes


@functools.lru_cache(maxsize=1)
def _detector() -> FastDetector:
    """langdetect's detection over the fi/sv/en profiles, without its per-character overhead."""
    return FastDetector(_factory())


def prepare() -> None:
    """Load langdetect's profiles now, not on first use."""
    _detector()


def detect(text: str, seed: int) -> str:
    """The most probable of fi/sv/en for `text`; "" when langdetect cannot judge (no letters)."""
    # Lower case: langdetect's n-gram profiles are lower-case, and headings in capitals mislead it.
    probabilities = _detector().probabilities(strip_noise(text).lower(), seed, MAX_DETECT_CHARS)
    best = [lang for lang, _ in probabilities if lang in LANGUAGES]
    return best[0] if best else ""


def _clear_by_function_words(votes: Counter[str]) -> str:
    """The language of a block whose function words all belong to one language and are many
    (prose); "" when langdetect has to decide. Saves langdetect's cost on most paragraphs."""
    if not votes:
        return ""
    top, n = votes.most_common(1)[0]
    return top if n >= CLEAR_VOTES and n == sum(votes.values()) else ""


@dataclass
class _Judged:
    lang: str
    letters: int
    long: bool
    prose: bool = False  # long, with at least two function words of its language


def _judge_long_blocks(blocks: list[Block], seed: int) -> list[_Judged]:
    """Detect the language of every long block; short blocks are left undecided ("")."""
    judged: list[_Judged] = []
    for block in blocks:
        n = letters(block.text)
        if is_short(block.text):
            judged.append(_Judged("", n, False))
        else:
            votes = function_word_votes(block.text)
            lang = _clear_by_function_words(votes) or detect(block.text, seed)
            prose = votes[lang] >= 2
            judged.append(_Judged(lang, n, True, prose))
    return judged


def _main_language(judged: list[_Judged]) -> tuple[str, Counter[str]]:
    """Main language by letters of long blocks, and the letters per language in prose blocks."""
    share: Counter[str] = Counter()
    prose: Counter[str] = Counter()
    for j in judged:
        if j.long and j.lang:
            share[j.lang] += j.letters
            if j.prose:
                prose[j.lang] += j.letters
    if not share:
        return "", prose
    return share.most_common(1)[0][0], prose


def _neighbour(blocks: list[Block], judged: list[_Judged], i: int, step: int) -> tuple[str, int]:
    """Language of the nearest long block on the same page in direction `step`, and distance."""
    page = blocks[i].page
    j = i + step
    while 0 <= j < len(blocks) and blocks[j].page == page:
        if judged[j].long and judged[j].lang:
            return judged[j].lang, abs(j - i)
        j += step
    return "", 0


def _short_block_language(blocks: list[Block], judged: list[_Judged], i: int, main: str) -> str:
    """Language of a short block from its neighbours; function words settle disagreements."""
    before, d_before = _neighbour(blocks, judged, i, -1)
    after, d_after = _neighbour(blocks, judged, i, +1)
    if blocks[i].kind == "heading" and after:
        before, d_before = after, d_after  # a heading belongs to the text it introduces
    votes = function_word_votes(blocks[i].text)
    if votes:
        (top, top_n), *rest = [*votes.most_common(2), ("", 0)]
        clear = top_n >= 2 and top_n > rest[0][1] * 2
    else:
        top, clear = "", False
    if before and after and before != after:
        if top in (before, after):
            return top
        return before if d_before <= d_after else after
    context = before or after or main
    if clear and top != context:
        return top
    return context or top


# A block is read sentence by sentence when a second language has at least this many of its
# own function words in it and this share of the first language's.
MIXED_VOTES = 3
MIXED_SHARE = 0.2
# A stretch of sentences of another language becomes a block of its own when it has this many
# letters; shorter stretches (a quoted name, a title) stay in their paragraph.
MIN_SPLIT_LETTERS = 120
# A heading line: at most this many letters and words.
HEADING_LETTERS = 30
HEADING_WORDS = 4
_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[\"”(]?[A-ZÅÄÖ])")
_AMBIGUOUS = frozenset(
    w
    for lang, words in FUNCTION_WORDS.items()
    for w in words
    if any(w in other for o, other in FUNCTION_WORDS.items() if o != lang)
)


def _own_votes(text: str) -> Counter[str]:
    """Function-word votes without the words two languages share ("on", "en")."""
    votes: Counter[str] = Counter()
    for word in _WORD_RE.findall(text.lower()):
        if word in _AMBIGUOUS:
            continue
        for lang, words in FUNCTION_WORDS.items():
            if word in words:
                votes[lang] += 1
    return votes


def _looks_mixed(text: str) -> bool:
    """True when a block holds many function words of two languages (a paragraph that runs
    from one language into another, as when an abstract's translations are joined)."""
    ranked = _own_votes(text).most_common(2)
    if len(ranked) < 2:
        return False
    (_, first), (_, second) = ranked
    return second >= MIXED_VOTES and second >= MIXED_SHARE * first


def _sentence_language(text: str, seed: int) -> str:
    """The language of one sentence, "" when it is too short to tell."""
    if is_short(text):
        return ""
    votes = function_word_votes(text)
    return _clear_by_function_words(votes) or detect(text, seed)


def _heading_lines(raw_text: str) -> dict[str, list[str]]:
    """Short lines that stand alone in a page's raw text ("Abstract", "E S I P U H E"), by
    their first word: where the source set a heading, even if cleaning ran it into a
    paragraph."""
    found: dict[str, list[str]] = {}
    for raw in raw_text.split("\n"):
        words = raw.split()
        line = " ".join(words)
        if (
            line
            and line[0].isupper()
            and len(words) <= HEADING_WORDS
            and letters(line) <= HEADING_LETTERS
            and not line.endswith((".", ",", ":", ";", "-"))
        ):
            options = found.setdefault(words[0], [])
            if line not in options:
                options.append(line)
    return found


_WORD_SPAN_RE = re.compile(r"\S+")


def _units(text: str, headings: dict[str, list[str]]) -> list[tuple[str, bool]]:
    """`text` cut at sentence ends and around heading lines: (unit, is a heading line)."""
    cuts = {0, len(text)}
    marks: set[int] = set()
    for match in _SENTENCE_RE.finditer(text):
        cuts.update((match.start(), match.end()))
    for word in _WORD_SPAN_RE.finditer(text):
        for heading in headings.get(word.group(), ()):
            end = word.start() + len(heading)
            if text.startswith(heading, word.start()) and (end == len(text) or text[end].isspace()):
                cuts.update((word.start(), end))
                marks.add(word.start())
    ordered = sorted(cuts)
    units = []
    for lo, hi in itertools.pairwise(ordered):
        part = text[lo:hi]
        if part.strip():
            units.append((part.strip(), lo in marks))
    return units


def _headings_part_languages(units: list[tuple[str, bool]], seed: int) -> bool:
    """True when heading lines inside a block part text of different languages."""
    parts: list[list[str]] = [[]]
    for unit, heading in units:
        if heading and parts[-1]:
            parts.append([])
        if not heading:
            parts[-1].append(unit)
    if len(parts) < 2:
        return False
    langs = {_sentence_language(" ".join(part)[:MAX_DETECT_CHARS], seed) for part in parts}
    return len(langs - {""}) > 1


def split_by_language(
    block: Block, seed: int, headings: dict[str, list[str]] | None = None
) -> list[Block]:
    """`block`, or its sentences grouped into blocks of one language each where the block runs
    from one language into another; a heading line between them goes with the text after it.
    Text is kept; only the spaces at the cuts change."""
    text = block.text
    if letters(text) < 2 * MIN_SPLIT_LETTERS:
        return [block]
    units = _units(text, headings or {})
    if not _looks_mixed(text) and not _headings_part_languages(units, seed):
        return [block]
    langs = ["" if heading else _sentence_language(unit, seed) for unit, heading in units]
    # A heading takes the language of the text after it; a sentence too short to tell, the
    # language of the text before it.
    for k in range(len(units) - 1, -1, -1):
        if units[k][1] and k + 1 < len(units):
            langs[k] = langs[k + 1]
    groups: list[tuple[str, bool, list[str]]] = []  # (language, starts at a heading, units)
    for (unit, heading), lang in zip(units, langs, strict=True):
        if groups and (not lang or lang == groups[-1][0] or not groups[-1][0]):
            groups[-1] = (groups[-1][0] or lang, groups[-1][1], [*groups[-1][2], unit])
        else:
            groups.append((lang, heading, [unit]))
    # A short stretch of another language stays with the text before it, unless a heading
    # line starts it.
    merged: list[tuple[str, bool, list[str]]] = []
    for lang, heading, part in groups:
        short = letters(" ".join(part)) < MIN_SPLIT_LETTERS and not heading
        if merged and (short or lang == merged[-1][0]):
            merged[-1] = (merged[-1][0], merged[-1][1], [*merged[-1][2], *part])
        else:
            merged.append((lang, heading, part))
    if len(merged) < 2:
        return [block]
    return [Block(block.page, " ".join(part), block.kind) for _, _, part in merged]


_TAIL_RE = re.compile(r"(?<=[.!?])\s+(?P<tail>[A-ZÅÄÖ][^.!?:;,\n]*)$")


def _split_heading_tails(blocks: list[Block]) -> list[Block]:
    """A heading that cleaning ran onto the end of a paragraph ("... impacts. E S I P U H E")
    goes with the text after it when that text is in another language."""
    out: list[Block] = []
    for i, block in enumerate(blocks):
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        match = _TAIL_RE.search(block.text)
        if (
            match
            and nxt is not None
            and nxt.lang
            and nxt.lang != block.lang
            and letters(match.group("tail")) <= HEADING_LETTERS
            and len(match.group("tail").split()) <= 2 * HEADING_WORDS
        ):
            out.append(Block(block.page, block.text[: match.start()], block.kind, block.lang))
            out.append(Block(block.page, match.group("tail"), "heading", nxt.lang))
            continue
        out.append(block)
    return out


def run(doc: Document, settings: Settings) -> Document:
    """Set `block.lang` for every block, `doc.lang` (main by letters) and `doc.languages`;
    a block that runs from one language into another is first split where the language
    changes."""
    headings = {page.number: _heading_lines(page.raw_text) for page in doc.pages}
    seed = settings.language_seed
    doc.blocks = [
        part
        for block in doc.blocks
        for part in split_by_language(block, seed, headings.get(block.page))
    ]
    blocks = doc.blocks
    judged = _judge_long_blocks(blocks, settings.language_seed)
    main, share = _main_language(judged)
    if not main:
        # Nothing long enough: judge the whole text at once, then function words, then Finnish.
        whole = "\n".join(b.text for b in blocks)
        votes = function_word_votes(whole)
        main = detect(whole, settings.language_seed) if letters(whole) >= MIN_LETTERS else ""
        main = main or (votes.most_common(1)[0][0] if votes else "fi")
    for i, block in enumerate(blocks):
        if judged[i].long and judged[i].lang:
            block.lang = judged[i].lang
        else:
            block.lang = _short_block_language(blocks, judged, i, main)
    total = sum(share.values())
    present = [
        lang
        for lang, n in share.most_common()
        if lang != main and n >= MIN_PRESENT_LETTERS and n >= MIN_PRESENT_SHARE * total
    ]
    doc.blocks = _split_heading_tails(doc.blocks)
    doc.lang = main
    doc.languages = [main, *present]
    return doc
