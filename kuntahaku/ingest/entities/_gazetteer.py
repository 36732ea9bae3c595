"""Gazetteer matching on lemmas: aliases compiled into token patterns, matched on whole tokens.

A document token offers keys: its lower-cased surface, the base forms of every analysis
("Porissa" -> pori, pora), the head of a hyphen compound ("EAKR-rahoitusta" -> eakr), the stem
left by stripping a case ending from a word the analyser does not know ("Finlandilta" -> finland),
for municipalities the tail of a compound of names ("Helsinki-Vantaan" -> vantaa) and, for themes
only, compound parts ("vetyhanke" -> vety). A pattern token matches when one of
its keys is among them and its case agrees: an upper-case alias (EAKR) needs an upper-case
word, a capitalised one (Espoo) a capitalised word that is not a two- or three-letter
all-caps token ("II vaihe" is not Ii). Names are never found inside a compound word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import spacy

from kuntahaku.gazetteer._data import Entry, catalogue
from kuntahaku.ingest.entities._lemmas import analyze
from kuntahaku.text.lemmas import simplemma_known, voikko_available

# Kinds of key, in order of preference; the rule name says which one matched.
SURFACE, LEMMA, STRIP, PREFIX, TAIL, PART = "surface", "lemma", "strip", "prefix", "tail", "part"
_ORDER = (SURFACE, LEMMA, STRIP, PREFIX, TAIL, PART)
_FI_CASES_TEXT = "n a ä ta tä na nä ssa ssä sta stä lla llä lta ltä lle ksi in iin ineen han hin"
_FI_CASES = _FI_CASES_TEXT.split(" ")
_FI_ENDINGS = sorted({e for c in _FI_CASES for e in (c, "i" + c)}, key=len, reverse=True)
_SV_ENDINGS = ("ens", "ets", "s", "en", "et")
_COLON_SUFFIX = re.compile(r"^(.+?):(\w{1,5})$")  # VTT:n, EU:n, Oy:n, EU:s
_MINEN = re.compile(
    r"^(.{3,}m)(isen|ista|istä|isessa|isessä|iseen|isella|isellä|iselle|isesta|isestä|iset"
    r"|isten|isia|isiä|isiin|isissa|isissä|iseksi|isena|isenä)$"
)
_COMPANY = {"oy", "oyj", "ab", "abp", "ltd", "inc", "corporation", "ky", "ry", "rf"}
_SENTENCE_END = {".", "!", "?", ";", "•", "–", "-", "*", "·", ")"}


@dataclass(frozen=True)
class PatternToken:
    """One token of an alias: the keys it accepts and its case."""

    keys: frozenset[str]
    case: str  # upper | title | any


@dataclass(frozen=True)
class Pattern:
    """An alias compiled to tokens, pointing at its entry."""

    tokens: tuple[PatternToken, ...]
    entry: Entry
    alias: str


@dataclass(frozen=True)
class TokenKeys:
    """What a document token can match: key -> (kind, surface segment it came from)."""

    keys: dict[str, tuple[str, str]]
    first_name: bool
    common: bool = False  # only a common word to Voikko (not a name)
    surname: bool = False  # a surname to Voikko (class sukunimi)
    first_base: str = ""  # the base form of a person's name word ("Riinan" -> "Riina")
    name_only: bool = False  # Voikko reads it only as a proper name
    surname_base: str = ""


@dataclass(frozen=True)
class Match:
    """A gazetteer hit over tokens [start, end)."""

    start: int
    end: int
    entry: Entry
    kind: str
    alias: str
    caps: bool = False  # a capitalised name written in capitals (EURA, ESPOON)

    @property
    def rule(self) -> str:
        """The rule name stored on the mention; ".weak" marks a general theme term."""
        weak = ".weak" if self.alias.lower() in self.entry.weak else ""
        return f"gazetteer.{self.kind}:{self.entry.facet}{weak}"


def _case(text: str) -> str:
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return "upper"
    return "title" if text[:1].isupper() else "any"


def case_agrees(case: str, segment: str) -> bool:
    """Whether a document word (segment) may stand for an alias word of this case."""
    if case == "upper":
        letters = [c for c in segment if c.isalpha()]
        return bool(letters) and all(c.isupper() for c in letters)
    if case == "title":
        if not segment[:1].isupper():
            return False
        letters = [c for c in segment if c.isalpha()]
        return not (len(letters) <= 3 and all(c.isupper() for c in letters))
    return True


@cache
def blank(lang: str) -> spacy.language.Language:
    """The one spaCy `Language` of a language in this process, made blank: its tokenizer splits
    the aliases here, and `_pipeline.pipeline` adds the tagging components to it (once)."""
    return spacy.blank(lang)


def _alias_tokens(text: str, lang: str) -> list[str]:
    return [t.text for t in blank(lang).make_doc(text) if not t.is_space]


class Gazetteer:
    """Patterns for every alias of every entry, indexed by the keys of their first token.

    `Gazetteer.build(entries)` compiles the aliases (spaCy tokens, base forms); the compiled
    patterns and vocabulary are what `_cache` keeps between processes.
    """

    def __init__(self, patterns: Iterable[Pattern], vocab: Iterable[str]) -> None:
        self.patterns: list[Pattern] = list(patterns)
        self.vocab: set[str] = set(vocab)  # every alias word, lower-cased
        self.first: dict[str, list[int]] = {}
        for index, pattern in enumerate(self.patterns):
            for key in pattern.tokens[0].keys:
                self.first.setdefault(key, []).append(index)

    @classmethod
    def build(cls, entries: Iterable[Entry]) -> Gazetteer:
        """Compile every alias of every entry into a pattern."""
        patterns: list[Pattern] = []
        vocab: set[str] = set()
        for entry in entries:
            for alias, lang in entry.aliases:
                words = _alias_tokens(alias, lang)
                if not words:
                    continue
                tokens = []
                for w in words:
                    keys = {w.lower()}
                    if len(words) > 1:
                        keys |= analyze(w, lang).lemmas
                    tokens.append(PatternToken(frozenset(keys), _case(w)))
                    vocab.add(w.lower())
                patterns.append(Pattern(tuple(tokens), entry, alias))
        return cls(patterns, vocab)

    def token_keys(self, text: str, lang: str) -> TokenKeys:
        """The keys a document word offers to the patterns."""
        keys: dict[str, tuple[str, str]] = {}

        def add(key: str, kind: str, segment: str) -> None:
            if key and (key not in keys or _ORDER.index(kind) < _ORDER.index(keys[key][0])):
                keys[key] = (kind, segment)

        add(text.lower(), SURFACE, text)
        core = text
        colon = _COLON_SUFFIX.match(text)
        if colon:
            core = colon.group(1)
            add(core.lower(), SURFACE, core)
        info = analyze(core, lang)
        for lemma in sorted(info.lemmas):
            add(lemma, LEMMA, core)
        if not info.known or lang != "fi":
            for stem in _stems(core, lang):
                if stem.lower() in self.vocab:
                    add(stem.lower(), STRIP, stem)
        if core.endswith("-") and len(core) > 3:  # "yrittäjyys- ja innovaatiopääkaupunki"
            head = core[:-1]
            add(head.lower(), PREFIX, head)
            for lemma in sorted(analyze(head, lang).lemmas):
                add(lemma, PREFIX, head)
        if "-" in core.strip("-"):
            head, tail = core.split("-", 1)
            add(head.lower(), PREFIX, head)
            tail_lemmas = sorted(analyze(tail, lang).lemmas)
            for lemma in tail_lemmas:
                add(f"{head.lower()}-{lemma}", LEMMA, core)
            if head[:1].isupper():  # "Helsinki-Vantaan" -> vantaa (municipalities only)
                for lemma in [tail.lower(), *tail_lemmas]:
                    add(lemma, TAIL, tail)
        for part in sorted(info.parts):
            add(part, PART, core)
        if lang == "fi":
            derived = _MINEN.match(core.lower())
            if derived:  # "liikkumisen" -> liikkuminen (Voikko gives only the verb liikkua)
                add(derived.group(1) + "inen", LEMMA, core)
        for word in sorted({core.lower(), *info.lemmas}):
            for part in self._compound_parts(word, lang):
                add(part, PART, core)
        fi_info = info if lang == "fi" else analyze(core, "fi")
        if lang != "fi" and core[:1].isupper():  # a Finnish place name in a Swedish passage
            for place in sorted(fi_info.places):
                add(place, LEMMA, core)
        first_name = fi_info.first_name
        if "-" in core.strip("-"):  # Marja-Leena (but not the empty pieces of "Marja--Leena")
            pieces = [p for p in core.split("-") if p]
            first_name = all(analyze(p, "fi").first_name for p in pieces)
        return TokenKeys(
            keys,
            first_name,
            fi_info.common,
            surname=fi_info.surname and not fi_info.places,
            first_base=fi_info.first_base,
            surname_base=fi_info.surname_base,
            name_only=fi_info.name_only,
        )

    def _compound_parts(self, word: str, lang: str) -> list[str]:
        """Gazetteer words at either end of a compound whose other end is a word too:
        "energibolag" -> energi, "kommunalbudget" -> budget, and Finnish compounds that Voikko
        splits into smaller atoms ("hiilineutraaliustavoite" -> hiilineutraalius); but not
        "konstaterar" -> konst."""
        found = []
        for i in range(4, len(word) - 2):
            head, tail = word[:i], word[i:]
            if head in self.vocab and is_word(tail, lang):
                found.append(head)
            if len(tail) >= 4 and tail in self.vocab and is_word(head, lang):
                found.append(tail)
        return found

    def match(self, words: Sequence[TokenKeys]) -> list[Match]:
        """Every pattern hit on a token sequence, before overlap resolution and filters."""
        hits: list[Match] = []
        for i, tk in enumerate(words):
            seen: set[int] = set()
            for key in tk.keys:
                for index in self.first.get(key, ()):
                    if index in seen:
                        continue
                    seen.add(index)
                    hit = self._match_at(self.patterns[index], words, i)
                    if hit:
                        hits.append(hit)
        return hits

    def _match_at(self, pattern: Pattern, words: Sequence[TokenKeys], i: int) -> Match | None:
        n = len(pattern.tokens)
        if i + n > len(words):
            return None
        kinds = []
        caps = False
        for j, pt in enumerate(pattern.tokens):
            found = _token_kind(pt, words[i + j], last=j == n - 1, single=n == 1)
            if found is None:
                return None
            kinds.append(found[0])
            caps = caps or (pt.case == "title" and _all_caps(found[1]))
        kind = max(kinds, key=_ORDER.index)
        if kind == PART and pattern.entry.facet != "theme":
            return None
        if kind == TAIL and (n > 1 or pattern.entry.facet != "municipality"):
            return None
        return Match(i, i + n, pattern.entry, kind, pattern.alias, caps)


def _all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _token_kind(
    pt: PatternToken, tk: TokenKeys, last: bool, single: bool
) -> tuple[str, str] | None:
    """The best kind of key by which a document token matches a pattern token, and its text."""
    best: tuple[str, str] | None = None
    for key in pt.keys:
        got = tk.keys.get(key)
        if got is None:
            continue
        kind, segment = got
        if kind == PREFIX and not last:
            continue
        if kind == PART and not single:
            continue
        if not case_agrees(pt.case, segment):
            continue
        if best is None or _ORDER.index(kind) < _ORDER.index(best[0]):
            best = (kind, segment)
    return best


@lru_cache(maxsize=100_000)
def is_word(text: str, lang: str) -> bool:
    """Whether the analyser knows `text` as a word (or, in Swedish, after a linking s)."""
    if len(text) < 3:
        return False
    if lang == "fi" and voikko_available():
        return analyze(text, "fi").known
    code = lang if lang in ("sv", "en") else "en"
    return simplemma_known(text, code) or (
        code == "sv" and text.startswith("s") and simplemma_known(text[1:], code)
    )


def _stems(word: str, lang: str) -> list[str]:
    endings = _FI_ENDINGS if lang == "fi" else _SV_ENDINGS
    return [word[: -len(e)] for e in endings if word.endswith(e) and len(word) - len(e) >= 3]


def sentence_initial(texts: Sequence[str], i: int, line_starts: set[int]) -> bool:
    """Whether word i starts a sentence, a line or a list item."""
    if i == 0 or i in line_starts:
        return True
    prev = texts[i - 1]
    return prev in _SENTENCE_END or prev.rstrip(".").isdigit()


def keep(
    hit: Match, words: Sequence[TokenKeys], texts: Sequence[str], line_starts: set[int]
) -> bool:
    """Context filters for name-like entities: sentence starts, persons and company names."""
    facet = hit.entry.facet
    if facet in ("theme", "fund"):
        return True
    if hit.entry.strict and sentence_initial(texts, hit.start, line_starts):
        return False
    if hit.caps and not any(
        0 <= j < len(texts) and _all_caps(texts[j]) for j in (hit.start - 1, hit.end)
    ):
        return False  # "EURA-järjestelmä" is a system; "ESPOON KAUPUNKI" in a heading is a city
    if hit.end - hit.start == 1 and facet in ("municipality", "region", "organisation"):
        for j in (hit.start - 1, hit.end):
            if not (0 <= j < len(texts) and texts[j][:1].isupper()):
                continue
            if (j == hit.end and j in line_starts) or (j < hit.start and hit.start in line_starts):
                continue  # a name does not run over a line break
            if words[j].first_name or words[j].surname:
                return False  # "Jukka Salo", "Salo Jukka", "Simo Ikola": a person
    nxt = texts[hit.end].lower() if hit.end < len(texts) else ""
    return not (facet == "municipality" and nxt in _COMPANY)


def resolve_overlaps(hits: list[Match]) -> list[Match]:
    """Longest match first within a facet (within a theme for themes); no overlaps there.

    A theme inside a fund or organisation name is dropped.
    """
    kept: list[Match] = []
    taken: dict[tuple[str, str | bool], set[int]] = {}
    for hit in sorted(hits, key=lambda h: (h.start - h.end, h.start)):
        # Themes overlap each other; "Helsinki-Vantaan" is two municipalities in one word.
        group = (
            hit.entry.facet,
            hit.entry.value if hit.entry.facet == "theme" else hit.kind == TAIL,
        )
        used = taken.setdefault(group, set())
        span = set(range(hit.start, hit.end))
        if used & span:
            continue
        used |= span
        kept.append(hit)
    names = [h for h in kept if h.entry.facet in ("fund", "organisation")]
    kept = [
        h
        for h in kept
        if h.entry.facet != "theme" or not any(n.start < h.end and h.start < n.end for n in names)
    ]  # "Business" in "Business Finland" is not the business theme
    return sorted(kept, key=lambda h: (h.start, h.end))


WEAK_WEIGHT = 0.5


def supported_themes(hits: list[Match]) -> list[Match]:
    """Drop a passage's theme hits unless a trigger, or two different general terms, name the
    theme: one "budget" repeated in a project's budget table is not municipal finance."""
    score: dict[str, float] = {}
    weak_seen: set[tuple[str, str]] = set()
    for h in hits:
        if h.entry.facet != "theme":
            continue
        alias = h.alias.lower()
        if alias not in h.entry.weak:
            score[h.entry.value] = score.get(h.entry.value, 0.0) + 1.0
        elif (h.entry.value, alias) not in weak_seen:
            weak_seen.add((h.entry.value, alias))
            score[h.entry.value] = score.get(h.entry.value, 0.0) + WEAK_WEIGHT
    return [h for h in hits if h.entry.facet != "theme" or score[h.entry.value] >= 1.0]


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer of every facet, compiled once per process (or read from `_cache`)."""
    from kuntahaku.ingest.entities import _cache

    return _cache.load_or_build(catalogue(), Gazetteer.build)


@lru_cache(maxsize=200_000)
def token_keys(text: str, lang: str) -> TokenKeys:
    """`Gazetteer.token_keys` of the process-wide gazetteer, cached per word and language."""
    return gazetteer().token_keys(text, lang)
