"""The query language: words, "phrases", AND/OR/NOT, field:value, wildcards, fuzzy~, ranges.

A query is parsed by our own small recursive-descent parser (whoosh's parser never reports
errors, and we want one clear line for a user's mistake) into a whoosh query. Each word is
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

from whoosh import query as wq
from whoosh.query.spans import SpanNear2, SpanOr

from kuntahaku.errors import QuerySyntaxError
from kuntahaku.search import _entities as entity_stage
from kuntahaku.search._analysis import query_terms
from kuntahaku.search._dates import date_bound, date_prefix
from kuntahaku.search._diary import DIARY_RE, normalise_diary
from kuntahaku.search._doctypes import resolve_doc_type
from kuntahaku.search._schema import LANGS
from kuntahaku.text import compound_parts, is_known, lemmas, normalise_lang, tokenize
from kuntahaku.vocab.bodies import body_equivalents

MAX_QUERY_CHARS = 1000  # longer queries are refused (a script's runaway string, not a question)
MAX_QUERY_TERMS = 64  # words, phrases and field values in one query
MAX_DEPTH = 20  # nested parentheses
MAX_FUZZY_CHARS = 30  # fuzzy~ matching of longer words would walk most of the index's terms
MAX_ANALYSED_CHARS = 60  # longer words are looked up as written (as the indexer stores them)

TITLE_BOOST = 0.5
FACET_FIELDS = {
    "city": "municipality",
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
    "lang",
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
    """A parsed query: the whoosh query (None for an empty query) and the plain words in it."""

    query: Any
    words: list[str] = field(default_factory=list)
    fields_used: set[str] = field(default_factory=set)


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
    """Recursive descent over the tokens; builds whoosh queries as it goes."""

    def __init__(self, toks: list[_Tok]) -> None:
        self.toks = toks
        self.i = 0
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
        return kept[0] if len(kept) == 1 else wq.Or(kept)

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
        pos = positive[0] if len(positive) == 1 else wq.And(positive) if positive else None
        if not negative:
            return pos
        neg = negative[0] if len(negative) == 1 else wq.Or(negative)
        return wq.AndNot(pos, neg) if pos is not None else wq.Not(neg)

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
            return phrase_query(tok.text, tok.slop)
        if tok.kind == "diary":
            return diary_query(tok.text)
        if tok.kind == "range":
            raise QuerySyntaxError("a range needs a field, e.g. date:[2021-01-01 TO 2021-12-31]")
        if "*" not in tok.text and "?" not in tok.text and not _has_word(tok.text):
            self.skipped.append(tok.text)
            return None
        self.words.append(tok.text)
        return word_query(tok.text)

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


# -- building whoosh queries ---------------------------------------------------------------------


class _SpanOr(SpanOr):  # type: ignore[misc]
    """SpanOr that can estimate its size (whoosh's raises NotImplementedError inside an Or)."""

    def estimate_size(self, ixreader: Any) -> int:
        return int(sum(q.estimate_size(ixreader) for q in self.subqs))


def _or(items: list[Any]) -> Any:
    items = [q for q in items if q is not None]
    if not items:
        return wq.NullQuery
    return items[0] if len(items) == 1 else wq.Or(items)


def _lang_terms(text: str, lang: str) -> list[list[str]]:
    return query_terms(text, lang)


def _field_phrase(fieldname: str, positions: list[list[str]], slop: int) -> Any:
    if not positions:
        return None
    if len(positions) == 1:
        return _or([wq.Term(fieldname, t) for t in positions[0]])
    if all(len(p) == 1 for p in positions):
        return wq.Phrase(fieldname, [p[0] for p in positions], slop=slop)
    spans = [
        _SpanOr([wq.Term(fieldname, t) for t in p]) if len(p) > 1 else wq.Term(fieldname, p[0])
        for p in positions
    ]
    return SpanNear2(spans, slop=slop, ordered=True)


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


def text_query(text: str, slop: int = 1, title: bool = True) -> Any:
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
            tq.boost = TITLE_BOOST
            alternatives.append(tq)
    return _or(alternatives)


def _decompounded(word: str, lang: str) -> Any:
    """An unknown Swedish compound typed as one word (`protokollsjusterare`) also matches its
    parts in one passage (`protokolljusterare`, `justerare av protokollet`)."""
    if lang != "sv" or len(word) > MAX_ANALYSED_CHARS or is_known(word, lang):
        return None
    parts = compound_parts(word, lang)[:2]
    if len(parts) < 2:
        return None
    return wq.And([wq.Term(f"text_{lang}", p) for p in parts])


def word_query(word: str) -> Any:
    """A bare word: wildcard, fuzzy or analysed term."""
    if word.strip("*?") == "":
        return wq.Every()
    if "*" in word or "?" in word:
        pattern = word.lower()
        return _or([wq.Wildcard(f"text_{lang}", pattern) for lang in LANGS])
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
                wq.FuzzyTerm(f"text_{lang}", v, maxdist=dist, prefixlength=1)
                for lang in LANGS
                for v in sorted(variants)
            ]
        )
    return text_query(word)


def phrase_query(text: str, slop: int = 1) -> Any:
    """A quoted phrase: its words at consecutive positions (within `slop`)."""
    return text_query(text, slop=slop)


def diary_query(text: str) -> Any:
    """A diary number: the normalised number in the `diary` field, or as written in the text."""
    return _or([wq.Term("diary", normalise_diary(text)), text_query(text, title=False)])


def _facet_term(facet: str, value: str) -> Any:
    return wq.Term(facet, entity_stage.resolve(facet, value))


def field_query(name: str, value: str, phrase: bool = False) -> Any:
    """`name:value` for one of KNOWN_FIELDS."""
    if name == "text":
        return text_query(value, title=False)
    if name == "title":
        return _field_phrase("title", _all_lang_positions(value, phrase), 1)
    if name in FACET_FIELDS:
        return _facet_term(FACET_FIELDS[name], value)
    if name == "type":
        return wq.Term("doc_type", resolve_doc_type(value))
    if name == "lang":
        return wq.Term("lang", normalise_lang(value))
    if name == "body":
        return body_query(value)
    if name == "year":
        if not re.fullmatch(r"\d{4}", value):
            raise QuerySyntaxError(f"bad year {value!r}; write four digits, e.g. year:2021")
        return wq.Term("year", value)
    if name == "date":
        prefix = date_prefix(value)
        return wq.Term("date", prefix) if len(prefix) == 10 else wq.Prefix("date", prefix)
    if name == "diary":
        return diary_query(value)
    raise _unknown_field(name)


def body_query(value: str) -> Any:
    """A decision-making body in any inflected form and in any of our languages:
    `kaupunginhallituksen` finds it too, and so do `stadsstyrelsen` and `kommunstyrelsen`."""
    text = " ".join(value.split()).lower()
    forms = {text, *(lemma for lang in ("fi", "sv") for lemma in lemmas(text, lang))}
    forms |= {same for form in forms for same in body_equivalents(form)}
    return _or([wq.Term("body", f) for f in sorted(forms)])


def range_query(name: str, text: str) -> Any:
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
            return wq.TermRange("year", lo, hi)
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
    return wq.TermRange("date", lo, hi)


def parse_query(text: str) -> ParsedQuery:
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
    parser = _Parser(_lex(text.translate(_QUOTES)))
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
    return ParsedQuery(q, parser.words, parser.fields_used)
