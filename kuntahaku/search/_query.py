"""The query language: words, "phrases", AND/OR/NOT, field:value, wildcards, fuzzy~, ranges.

A query is parsed by our own small recursive-descent parser (one clear line for a user's mistake)
into the engine-neutral tree of `_qtree`, which each engine compiles. Each word is
analysed by every language's analyzer and looked up in that language's field. Diary numbers
(`HEL 2020-010811`, `VD/1545/00.04.00/2017`, `Dnro ...`) are recognised before parsing.

A word with no letters or digits in it (`§`, `+`, `–`) searches for nothing and is left out, as
the indexer leaves it out of the text. Hostile or runaway queries are bounded here (length,
words, nesting depth, fuzzy word length; see `_bounds` for wildcard expansion and time): each
bound gives a QuerySyntaxError that says which one and what to do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from kuntahaku.errors import QuerySyntaxError
from kuntahaku.search import _entities as entity_stage
from kuntahaku.search import _qtree as qt
from kuntahaku.search._analysis import query_terms
from kuntahaku.search._dates import date_bound, date_prefix
from kuntahaku.search._diary import DIARY_RE, normalise_diary
from kuntahaku.search._doctypes import doc_type_query
from kuntahaku.search._fields import LANGS
from kuntahaku.text import compound_parts, is_known, lemmas, normalise_lang, tokenize
from kuntahaku.vocab.bodies import body_equivalents
from kuntahaku.vocab.terms import equivalents

MAX_QUERY_CHARS = 1000  # longer queries are refused (a script's runaway string, not a question)
MAX_QUERY_TERMS = 64  # words, phrases and field values in one query
MAX_DEPTH = 20  # nested parentheses
MAX_FUZZY_CHARS = 30  # fuzzy~ matching of longer words would walk most of the index's terms
MAX_ANALYSED_CHARS = 60  # longer words are looked up as written (as the indexer stores them)

TITLE_BOOST = 0.5
# The weight of a word's equivalents from the municipal vocabulary against the word itself.
EXPANSION_BOOST = 0.6
# `city:` and `issuer:` are the issuing municipality, `mentions:` one the document mentions.
FACET_FIELDS = {
    "city": "issuer",
    "issuer": "issuer",
    "mentions": "municipality",
    "municipality": "municipality",
    "region": "region",
    "fund": "fund",
    "theme": "theme",
    "org": "organisation",
    "organisation": "organisation",
}
KNOWN_FIELDS = (
    "body",
    "city",
    "date",
    "diary",
    "fund",
    "issuer",
    "lang",
    "mentions",
    "org",
    "region",
    "text",
    "theme",
    "title",
    "type",
    "year",
)
# A Finnish or Swedish inflection after a colon (`EU:n`, `ALV:ssa`, `FN:s`): part of a word.
_COLON_ENDING = re.compile(
    r"^(?:n|a|ä|t|s|na|nä|ta|tä|ssa|ssä|sta|stä|lla|llä|lta|ltä|lle|ksi|in|ien|iin|ihin|"
    r"h[aeiouyäö]n|[aeiouyäö]{2}n|ineen|itta|ittä|ksen|sen)$"
)
# Typographic quotes as Finnish and Swedish keyboards and word processors write them.
_QUOTES = str.maketrans({"”": '"', "“": '"', "„": '"', "»": '"', "«": '"'})
_FIELD_WORD = re.compile(r"^([A-Za-z_]+):(.*)$", re.S)
_FUZZY = re.compile(r"^(.+?)~([0-2])?$")


@dataclass
class _Tok:
    kind: str  # word | phrase | lparen | rparen | field | range | diary | op
    text: str
    slop: int = 1


@dataclass
class ParsedQuery:
    """A parsed query: the query tree (None for an empty query) and the plain words in it."""

    query: qt.Node | None
    words: list[str] = field(default_factory=list)
    fields_used: set[str] = field(default_factory=set)
    expanded: dict[str, list[str]] = field(default_factory=dict)  # word -> equivalents searched


def _unknown_field(name: str) -> QuerySyntaxError:
    return QuerySyntaxError(f"unknown field '{name}:'; known fields: {', '.join(KNOWN_FIELDS)}")


def _has_word(text: str) -> bool:
    """Whether `text` holds a word the index could contain (punctuation alone does not)."""
    return next(tokenize(text), None) is not None


def _lex(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        m = DIARY_RE.match(text, i)
        if m and (i == 0 or not text[i - 1].isalnum()):
            toks.append(_Tok("diary", m.group(0)))
            i = m.end()
            continue
        if ch == "(":
            toks.append(_Tok("lparen", ch))
            i += 1
            continue
        if ch == ")":
            toks.append(_Tok("rparen", ch))
            i += 1
            continue
        if ch == '"':
            end = text.find('"', i + 1)
            if end < 0:
                raise QuerySyntaxError('unbalanced quote (") in query')
            tok = _Tok("phrase", text[i + 1 : end])
            i = end + 1
            slop = re.match(r"~(\d{1,2})", text[i:])
            if slop:
                tok.slop = max(1, int(slop.group(1)))
                i += slop.end()
            toks.append(tok)
            continue
        if ch == "[":
            end = text.find("]", i + 1)
            if end < 0:
                raise QuerySyntaxError("unbalanced bracket in range; write date:[2021 TO 2022]")
            toks.append(_Tok("range", text[i + 1 : end]))
            i = end + 1
            continue
        m = re.compile(r"[^\s()\"\[]+").match(text, i)
        assert m is not None
        word = m.group(0)
        i = m.end()
        fm = _FIELD_WORD.match(word)
        if fm and _is_field(fm.group(1), fm.group(2)):
            toks.append(_Tok("field", fm.group(1).lower()))
            if fm.group(2):
                toks.append(_Tok("word", fm.group(2)))
            elif i >= n or text[i].isspace() or text[i] == ")":
                raise QuerySyntaxError(f"field '{fm.group(1)}:' needs a value")
            continue
        if word in ("AND", "OR", "NOT", "&&", "||"):
            toks.append(_Tok("op", {"&&": "AND", "||": "OR"}.get(word, word)))
            continue
        toks.append(_Tok("word", word))
    return toks


def _is_field(name: str, rest: str) -> bool:
    """Whether `name:rest` is a field query (and not `EU:n`); raises for unknown fields."""
    if name.lower() in KNOWN_FIELDS:
        return True
    if rest and _COLON_ENDING.match(rest.lower()):
        return False
    if name.isupper():
        return False
    raise _unknown_field(name)


class _Parser:
    """Recursive descent over the tokens; builds the query tree as it goes."""

    def __init__(self, toks: list[_Tok], expand: bool = True) -> None:
        self.toks = toks
        self.i = 0
        self.expand = expand
        self.expanded: dict[str, list[str]] = {}  # query word -> names searched with it
        self.words: list[str] = []
        self.fields_used: set[str] = set()
        self.depth = 0
        self.skipped: list[str] = []  # words left out: punctuation without a letter or digit

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def next(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def parse(self) -> Any:
        q = self.parse_or()
        tok = self.peek()
        if tok is not None:
            if tok.kind == "rparen":
                raise QuerySyntaxError("unbalanced parenthesis in query")
            raise QuerySyntaxError(f"unexpected {tok.text!r} in query")
        return q

    def parse_or(self) -> Any:
        items = [self.parse_and()]
        while (tok := self.peek()) is not None and tok.kind == "op" and tok.text == "OR":
            self.next()
            if self._at_end_of_group():
                raise QuerySyntaxError("'OR' needs a search term on both sides")
            items.append(self.parse_and())
        kept = [q for q in items if q is not None]
        if not kept:
            return None
        return kept[0] if len(kept) == 1 else qt.Or(tuple(kept))

    def _at_end_of_group(self) -> bool:
        tok = self.peek()
        return tok is None or tok.kind == "rparen" or (tok.kind == "op" and tok.text != "NOT")

    def parse_and(self) -> Any:
        if self._at_end_of_group():
            tok = self.peek()
            if tok is not None and tok.kind == "op":
                raise QuerySyntaxError(f"'{tok.text}' needs a search term on both sides")
            if tok is not None and tok.kind == "rparen":
                raise QuerySyntaxError("unbalanced parenthesis in query")
            raise QuerySyntaxError("empty query")
        positive: list[Any] = []
        negative: list[Any] = []
        while not self._at_end_of_group() or self._peek_op("AND"):
            if self._peek_op("AND"):
                self.next()
                if self._at_end_of_group():
                    raise QuerySyntaxError("'AND' needs a search term on both sides")
                continue
            q, negated = self.parse_unary()
            if q is not None:
                (negative if negated else positive).append(q)
        pos = positive[0] if len(positive) == 1 else qt.And(tuple(positive)) if positive else None
        if not negative:
            return pos
        neg = negative[0] if len(negative) == 1 else qt.Or(tuple(negative))
        return qt.AndNot(pos, neg) if pos is not None else qt.Not(neg)

    def _peek_op(self, op: str) -> bool:
        tok = self.peek()
        return tok is not None and tok.kind == "op" and tok.text == op

    def parse_unary(self) -> tuple[Any, bool]:
        negated = False
        while (tok := self.peek()) is not None and tok.kind == "op" and tok.text == "NOT":
            self.next()
            if self._at_end_of_group():
                raise QuerySyntaxError("'NOT' needs a search term after it")
            negated = not negated
        q, minus = self._parse_signed()
        return q, negated != minus

    def _parse_signed(self) -> tuple[Any, bool]:
        tok = self.peek()
        if (
            tok is not None
            and tok.kind == "word"
            and tok.text.startswith("-")
            and len(tok.text) > 1
        ):
            tok.text = tok.text[1:]
            return self.parse_primary(), True
        if (
            tok is not None
            and tok.kind == "word"
            and tok.text.startswith("+")
            and len(tok.text) > 1
        ):
            tok.text = tok.text[1:]
        return self.parse_primary(), False

    def parse_primary(self) -> Any:
        tok = self.next()
        if tok.kind == "lparen":
            if self.peek() is None or self.peek().kind == "rparen":  # type: ignore[union-attr]
                if self.peek() is None:
                    raise QuerySyntaxError("unbalanced parenthesis in query")
                raise QuerySyntaxError("empty parentheses in query")
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise QuerySyntaxError(
                    f"query nests parentheses too deeply (more than {MAX_DEPTH} levels)"
                )
            q = self.parse_or()
            closing = self.peek()
            if closing is None or closing.kind != "rparen":
                raise QuerySyntaxError("unbalanced parenthesis in query")
            self.next()
            self.depth -= 1
            return q
        if tok.kind == "rparen":
            raise QuerySyntaxError("unbalanced parenthesis in query")
        if tok.kind == "field":
            return self.parse_field(tok.text)
        if tok.kind == "phrase":
            if not _has_word(tok.text):
                self.skipped.append(f'"{tok.text}"')
                return None
            return self._with_equivalents(tok.text, phrase_query(tok.text, tok.slop))
        if tok.kind == "diary":
            return diary_query(tok.text)
        if tok.kind == "range":
            raise QuerySyntaxError("a range needs a field, e.g. date:[2021-01-01 TO 2021-12-31]")
        if "*" not in tok.text and "?" not in tok.text and not _has_word(tok.text):
            self.skipped.append(tok.text)
            return None
        self.words.append(tok.text)
        return self._with_equivalents(tok.text, word_query(tok.text))

    def _with_equivalents(self, text: str, query: qt.Node) -> qt.Node:
        """The word's query, or'ed with the other names of its concept in the municipal
        vocabulary (other languages, other forms of the name), at a lower weight."""
        if not self.expand or len(text) > MAX_ANALYSED_CHARS or "*" in text or "?" in text:
            return query
        if _FUZZY.match(text):
            return query
        forms = [form for lang in ("fi", "sv") for form in lemmas(text, lang)]
        names = equivalents(text, forms)
        if not names:
            return query
        self.expanded[text] = names
        others = _or([text_query(name, title=False) for name in names])
        return qt.Or((query, qt.with_boost(others, EXPANSION_BOOST)))

    def parse_field(self, name: str) -> Any:
        self.fields_used.add(name)
        value = self.peek()
        if value is None or value.kind in ("rparen", "op"):
            raise QuerySyntaxError(f"field '{name}:' needs a value")
        self.next()
        if value.kind == "range":
            return range_query(name, value.text)
        if value.kind == "lparen":
            raise QuerySyntaxError(f"field '{name}:' takes one value, a \"phrase\" or a [range]")
        if name in ("title", "text") and not _has_word(value.text):
            raise QuerySyntaxError(
                f"field '{name}:' needs a word to search for; {value.text!r} has no letter or digit"
            )
        return field_query(name, value.text, phrase=value.kind == "phrase")


# -- building the query tree ---------------------------------------------------------------------


def _or(items: list[Any]) -> qt.Node:
    return qt.any_of(items)


def _lang_terms(text: str, lang: str) -> list[list[str]]:
    return query_terms(text, lang)


def _field_phrase(fieldname: str, positions: list[list[str]], slop: int) -> qt.Node | None:
    if not positions:
        return None
    if len(positions) == 1:
        return _or([qt.Term(fieldname, t) for t in positions[0]])
    return qt.Phrase(fieldname, tuple(tuple(p) for p in positions), slop=slop)


def _lemma_only(terms: list[str]) -> list[str]:
    """Phrase terms: base forms only (every indexed word carries its base form)."""
    return terms[1:] if len(terms) > 1 else terms


def _all_lang_positions(text: str, phrase: bool) -> list[list[str]]:
    """Per token, the union of every language's terms (for the multi-language title field)."""
    slots: list[list[str]] = []
    for lang in LANGS:
        positions = _lang_terms(text, lang)
        if phrase and len(positions) > 1:
            positions = [_lemma_only(p) for p in positions]
        while len(slots) < len(positions):
            slots.append([])
        for slot, terms in zip(slots, positions, strict=False):
            slot.extend(t for t in terms if t not in slot)
    return slots


def text_query(text: str, slop: int = 1, title: bool = True) -> qt.Node:
    """A word or phrase over every language field (and the title, with a lower weight)."""
    alternatives = []
    for lang in LANGS:
        positions = _lang_terms(text, lang)
        if len(positions) > 1:
            positions = [_lemma_only(p) for p in positions]
        alternatives.append(_field_phrase(f"text_{lang}", positions, slop))
        if len(positions) == 1:
            alternatives.append(_decompounded(text, lang))
    if title:
        tq = _field_phrase("title", _all_lang_positions(text, True), slop)
        if tq is not None:
            alternatives.append(qt.with_boost(tq, TITLE_BOOST))
    return _or(alternatives)


def _decompounded(word: str, lang: str) -> qt.Node | None:
    """An unknown Swedish compound typed as one word (`protokollsjusterare`) also matches its
    parts in one passage (`protokolljusterare`, `justerare av protokollet`)."""
    if lang != "sv" or len(word) > MAX_ANALYSED_CHARS or is_known(word, lang):
        return None
    parts = compound_parts(word, lang)[:2]
    if len(parts) < 2:
        return None
    return qt.And(tuple(qt.Term(f"text_{lang}", p) for p in parts))


def word_query(word: str) -> qt.Node:
    """A bare word: wildcard, fuzzy or analysed term."""
    if word.strip("*?") == "":
        return qt.Every()
    if "*" in word or "?" in word:
        pattern = word.lower()
        return _or([qt.Wildcard(f"text_{lang}", pattern) for lang in LANGS])
    fuzzy = _FUZZY.match(word)
    if fuzzy:
        base, dist = fuzzy.group(1), int(fuzzy.group(2) or 1)
        if len(base) > MAX_FUZZY_CHARS:
            raise QuerySyntaxError(
                f"fuzzy~ works on words of up to {MAX_FUZZY_CHARS} characters; "
                f"'{base[:20]}…' is {len(base)}"
            )
        variants = {base.lower(), *(t for lang in LANGS for t in lemmas(base, lang))}
        return _or(
            [
                qt.Fuzzy(f"text_{lang}", v, maxdist=dist, prefix=1)
                for lang in LANGS
                for v in sorted(variants)
            ]
        )
    return text_query(word)


def phrase_query(text: str, slop: int = 1) -> qt.Node:
    """A quoted phrase: its words at consecutive positions (within `slop`)."""
    return text_query(text, slop=slop)


def diary_query(text: str) -> qt.Node:
    """A diary number: the normalised number in the `diary` field, or as written in the text."""
    return _or([qt.Term("diary", normalise_diary(text)), text_query(text, title=False)])


def _facet_term(facet: str, value: str) -> qt.Node:
    return qt.Term(facet, entity_stage.resolve(facet, value))


def field_query(name: str, value: str, phrase: bool = False) -> qt.Node:
    """`name:value` for one of KNOWN_FIELDS."""
    if name == "text":
        return text_query(value, title=False)
    if name == "title":
        return _field_phrase("title", _all_lang_positions(value, phrase), 1) or qt.Null()
    if name in FACET_FIELDS:
        return _facet_term(FACET_FIELDS[name], value)
    if name == "type":
        return doc_type_query(value)
    if name == "lang":
        return qt.Term("lang", normalise_lang(value))
    if name == "body":
        return body_query(value)
    if name == "year":
        if not re.fullmatch(r"\d{4}", value):
            raise QuerySyntaxError(f"bad year {value!r}; write four digits, e.g. year:2021")
        return qt.Term("year", value)
    if name == "date":
        prefix = date_prefix(value)
        return qt.Term("date", prefix) if len(prefix) == 10 else qt.Prefix("date", prefix)
    if name == "diary":
        return diary_query(value)
    raise _unknown_field(name)


def body_query(value: str) -> qt.Node:
    """A decision-making body in any inflected form and in any of our languages:
    `kaupunginhallituksen` finds it too, and so do `stadsstyrelsen` and `kommunstyrelsen`."""
    text = " ".join(value.split()).lower()
    forms = {text, *(lemma for lang in ("fi", "sv") for lemma in lemmas(text, lang))}
    forms |= {same for form in forms for same in body_equivalents(form)}
    return _or([qt.Term("body", f) for f in sorted(forms)])


def range_query(name: str, text: str) -> qt.Node:
    """`date:[A TO B]` or `year:[A TO B]`; `*` leaves an end open."""
    parts = re.split(r"\s+TO\s+", text.strip(), flags=re.I)
    shown = f"{name}:[{text}]"
    if name not in ("date", "year") or len(parts) != 2:
        if name not in ("date", "year"):
            raise QuerySyntaxError(f"bad range {shown!r}; ranges work on date: and year:")
        raise QuerySyntaxError(f"bad date range {shown!r}; write date:[YYYY-MM-DD TO YYYY-MM-DD]")
    lo_text, hi_text = (p.strip() for p in parts)
    try:
        if name == "year":
            for p in (lo_text, hi_text):
                if p != "*" and not re.fullmatch(r"\d{4}", p):
                    raise QuerySyntaxError("")
            lo = None if lo_text == "*" else lo_text
            hi = None if hi_text == "*" else hi_text
            return qt.Range("year", lo, hi)
        lo = None if lo_text == "*" else date_bound(lo_text, end=False)
        hi = None if hi_text == "*" else date_bound(hi_text, end=True)
    except QuerySyntaxError:
        kind = "year" if name == "year" else "date"
        raise QuerySyntaxError(
            f"bad {kind} range {shown!r}; write {name}:["
            + ("YYYY TO YYYY]" if name == "year" else "YYYY-MM-DD TO YYYY-MM-DD]")
        ) from None
    if lo and hi and lo > hi:
        raise QuerySyntaxError(f"bad date range {shown!r}: the start is after the end")
    return qt.Range("date", lo, hi)


def parse_query(text: str, expand: bool = True) -> ParsedQuery:
    """Parse a user query; an empty or blank query gives `query=None`.

    Raises QuerySyntaxError for a mistake, for a query past one of the bounds, and for a query
    of punctuation alone (which would otherwise match everything or nothing unasked).
    """
    if not text.strip():
        return ParsedQuery(None)
    if len(text) > MAX_QUERY_CHARS:
        raise QuerySyntaxError(
            f"query too long ({len(text)} characters; at most {MAX_QUERY_CHARS})"
        )
    parser = _Parser(_lex(text.translate(_QUOTES)), expand)
    if not parser.toks:
        return ParsedQuery(None)
    terms = sum(t.kind in ("word", "phrase", "diary", "range") for t in parser.toks)
    if terms > MAX_QUERY_TERMS:
        raise QuerySyntaxError(f"query has too many words ({terms}; at most {MAX_QUERY_TERMS})")
    q = parser.parse()
    if q is None:
        shown = " ".join(parser.skipped) or text.strip()
        raise QuerySyntaxError(
            f"nothing to search for in {shown!r}: a query needs a word with a letter or digit"
        )
    return ParsedQuery(q, parser.words, parser.fields_used, parser.expanded)
