"""Scoring of one ingested `Document` against one gold annotation: §s, chapters, decisions,
metadata, word coverage and corrupted numbers.

Every function here is pure (no pipeline, no files) so that the scoring rules can be tested on
hand-made documents; `bench.structure.__main__` runs the pipeline and feeds them.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from kuntahaku.models import Document, Section

DOC_TYPES = {
    "minutes",
    "agenda",
    "decision",
    "agreement",
    "report",
    "financial_statement",
    "budget",
    "strategy",
    "statement",
    "motion",
    "instruction",
    "other",
}
METADATA_FIELDS = ("title", "doc_type", "date", "body", "municipality")
TITLE_SIMILARITY = 0.8  # token-set Dice coefficient at or above which a title counts as right
HEADING_SIMILARITY = 0.5  # tie-breaker for unnumbered chapters on the same page
EXAMPLES = 8  # examples kept per failure list


@dataclass(frozen=True)
class Segment:
    """A run of words of one printed line standing close together (one column, one table cell),
    with its horizontal extent in points (synthetic for HTML and text)."""

    x0: float
    x1: float
    text: str


Line = tuple[Segment, ...]
_CELL_GAP = re.compile(r" {3,}")  # how a text line marks a gap between segments


def as_line(text: str) -> Line:
    """A text line as segments: runs of three or more spaces part them, the i-th segment
    standing at i * 1000 points (so that the i-th segments of consecutive lines overlap)."""
    parts = [p for p in _CELL_GAP.split(text.strip()) if p]
    return tuple(Segment(i * 1000.0, i * 1000.0 + 999.0, p) for i, p in enumerate(parts))


def line_text(line: Line | str) -> str:
    """The text of a line, segments parted by three spaces."""
    return line if isinstance(line, str) else "   ".join(seg.text for seg in line)


def _line(line: Line | str) -> Line:
    return as_line(line) if isinstance(line, str) else line


# Characters a reader does not see and that carry no text: removed before any comparison.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f]+")
_DASHES = re.compile(r"[\u2010\u2011\u2012\u2013\u2014\u2212]")
_WORD = re.compile(r"[^\W_]+(?:[-\u2010\u2011][^\W_]+)*")
_NUMBER = re.compile(
    # a year range, a negative number, or a number with thousands separated by spaces
    r"(?<![\d,.])(?:19|20)\d\d ?[-\u2013\u2014] ?(?:(?:19|20)\d\d|\d\d)(?![\d,])"
    r"|(?:(?<=\s)|^)[-\u2212\u2013]\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})*(?:,\d+)?(?![\d])"
    r"|(?<![\d,.\-])\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:,\d+)?(?![\d])"
)
_PAGE_NUMBER = re.compile(
    r"(?:sivu|sida|s\.|page)?\s*[-–]?\s*\d{1,4}\s*(?:\(\s*\d{1,4}\s*\)|/\s*\d{1,4}|[-–])?\s*",
    re.IGNORECASE,
)


def normalise_space(text: str) -> str:
    """Whitespace runs (any kind) to one space, invisible characters removed, ends stripped."""
    return _SPACES.sub(" ", text.translate(_INVISIBLE)).strip()


def loose(text: str) -> str:
    """Case- and whitespace-normalised form used for the exact metadata fields."""
    return normalise_space(text).casefold()


def words(text: str) -> list[str]:
    """Casefolded word tokens; a hyphen inside a word joins (EU-hanke and EUhanke are one
    token "euhanke"), so that only a word really split in two counts as changed."""
    return [
        re.sub(r"[-\u2010\u2011]", "", w)
        for w in _WORD.findall(text.translate(_INVISIBLE).casefold())
    ]


def similarity(a: str, b: str) -> float:
    """Token-set similarity of two texts (the fuzzywuzzy/rapidfuzz `token_set_ratio`, scaled
    to 0-1): the casefolded word sets are compared as sorted strings (common words; common
    words plus the rest of each), and the best of the three character-level ratios wins. One
    text's words all found in the other gives 1.0, so "Pöytäkirja 3/2025" matches
    "Hyvinvointilautakunta pöytäkirja 3/2025"."""
    sa, sb = set(words(a)), set(words(b))
    if not sa and not sb:
        return 1.0
    if not sa or not sb:
        return 0.0
    common = " ".join(sorted(sa & sb))
    one = " ".join(filter(None, [common, " ".join(sorted(sa - sb))]))
    two = " ".join(filter(None, [common, " ".join(sorted(sb - sa))]))

    def ratio(x: str, y: str) -> float:
        return difflib.SequenceMatcher(None, x, y).ratio() if x or y else 1.0

    return (
        max(ratio(common, one), ratio(common, two), ratio(one, two)) if common else ratio(one, two)
    )


@dataclass
class Counts:
    """Matched, gold and predicted counts of one kind of item, with precision, recall, F1."""

    matched: int = 0
    gold: int = 0
    predicted: int = 0

    def add(self, other: Counts) -> None:
        """Add another document's counts (micro-average over documents)."""
        self.matched += other.matched
        self.gold += other.gold
        self.predicted += other.predicted

    @property
    def precision(self) -> float:
        """Share of predicted items that are gold items (1.0 when nothing was predicted)."""
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        """Share of gold items that were predicted (1.0 when there is no gold item)."""
        return self.matched / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        """Plain form for JSON."""
        return {
            "matched": self.matched,
            "gold": self.gold,
            "predicted": self.predicted,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class ItemScore:
    """§ or chapter score of one document: with the right page, ignoring the page, and what
    was missed or extra (as "number@page" strings)."""

    with_page: Counts = field(default_factory=Counts)
    any_page: Counts = field(default_factory=Counts)
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    wrong_page: list[str] = field(default_factory=list)


def _label(number: str, page: int, heading: str = "") -> str:
    return f"{number or repr(heading[:30])}@{page}"


def _match(
    gold: Sequence[tuple[str, int, str]],
    predicted: Sequence[tuple[str, int, str]],
    same: Callable[[tuple[str, int, str], tuple[str, int, str]], float],
) -> tuple[int, list[int], list[int]]:
    """Greedy one-to-one matching: for each gold item in order, the unused predicted item with
    the highest positive `same` score. Returns matches and the unmatched indices of both."""
    used: set[int] = set()
    unmatched_gold: list[int] = []
    for gi, g in enumerate(gold):
        best, best_score = -1, 0.0
        for pi, p in enumerate(predicted):
            if pi in used:
                continue
            score = same(g, p)
            if score > best_score:
                best, best_score = pi, score
        if best < 0:
            unmatched_gold.append(gi)
        else:
            used.add(best)
    unmatched_pred = [i for i in range(len(predicted)) if i not in used]
    return len(gold) - len(unmatched_gold), unmatched_gold, unmatched_pred


def _score_items(
    gold: Sequence[tuple[str, int, str]], predicted: Sequence[tuple[str, int, str]]
) -> ItemScore:
    """Score gold against predicted (number, page, heading) items. A numbered item matches on
    number and page; an unnumbered one on page, the heading (loosely) breaking ties. The
    page-free score matches numbered items on number, unnumbered ones on heading."""

    def with_page(g: tuple[str, int, str], p: tuple[str, int, str]) -> float:
        if g[1] != p[1] or g[0] != p[0]:
            return 0.0
        if g[0]:
            return 1.0
        sim = similarity(g[2], p[2])
        return sim if sim >= HEADING_SIMILARITY else 0.0

    def any_page(g: tuple[str, int, str], p: tuple[str, int, str]) -> float:
        if g[0] != p[0]:
            return 0.0
        if g[0]:
            return 1.0 / (1 + abs(g[1] - p[1]))  # the nearest page first among repeats
        sim = similarity(g[2], p[2])
        return sim if sim >= TITLE_SIMILARITY else 0.0

    score = ItemScore()
    matched, miss, extra = _match(gold, predicted, with_page)
    score.with_page = Counts(matched, len(gold), len(predicted))
    score.missing = [_label(gold[i][0], gold[i][1], gold[i][2]) for i in miss]
    score.extra = [_label(predicted[i][0], predicted[i][1], predicted[i][2]) for i in extra]
    matched_any, miss_any, _ = _match(gold, predicted, any_page)
    score.any_page = Counts(matched_any, len(gold), len(predicted))
    score.wrong_page = [m for i, m in zip(miss, score.missing, strict=True) if i not in miss_any]
    return score


def score_sections(gold: Sequence[dict[str, Any]], sections: Sequence[Section]) -> ItemScore:
    """§ items: gold `sections` against the document's `paragraph_sign` sections."""
    g = [(str(s["number"]), int(s["page"]), str(s.get("heading") or "")) for s in gold]
    p = [(s.number, s.page, s.heading) for s in sections if s.kind == "paragraph_sign"]
    return _score_items(g, p)


def score_chapters(gold: Sequence[dict[str, Any]], sections: Sequence[Section]) -> ItemScore:
    """Chapters: gold `chapters` against the document's `chapter` sections."""
    g = [(str(c["number"]), int(c["page"]), str(c.get("heading") or "")) for c in gold]
    p = [(s.number, s.page, s.heading) for s in sections if s.kind == "chapter"]
    return _score_items(g, p)


@dataclass
class DecisionScore:
    """Gold decision sentences: in their own § passage, elsewhere in the document, or lost."""

    total: int = 0
    kept: int = 0
    wrong_section: int = 0
    lost: int = 0
    failures: list[str] = field(default_factory=list)  # "§ N: wrong § (§ M): sentence..."

    def add(self, other: DecisionScore) -> None:
        """Add another document's counts."""
        self.total += other.total
        self.kept += other.kept
        self.wrong_section += other.wrong_section
        self.lost += other.lost

    def as_dict(self) -> dict[str, Any]:
        """Plain form for JSON."""
        return {
            "total": self.total,
            "kept": self.kept,
            "wrong_section": self.wrong_section,
            "lost": self.lost,
            "share_kept": round(self.kept / self.total, 4) if self.total else 1.0,
        }


def score_decisions(gold: Sequence[dict[str, Any]], doc: Document) -> DecisionScore:
    """Each gold § decision must appear (whitespace-normalised, exact otherwise) in the text of
    the passages whose `section` is that §; else it is found elsewhere or lost."""
    by_section: dict[str, list[str]] = {}
    for passage in doc.passages:
        by_section.setdefault(passage.section, []).append(passage.text)
    texts = {k: normalise_space(" ".join(v)) for k, v in by_section.items()}
    whole = normalise_space(" ".join(p.text for p in doc.passages))
    score = DecisionScore()
    for item in gold:
        sentence = normalise_space(str(item.get("decision") or ""))
        if not sentence:
            continue
        score.total += 1
        label = f"§ {item['number']}"
        if sentence in texts.get(label, ""):
            score.kept += 1
            continue
        short = sentence if len(sentence) <= 70 else sentence[:67] + "..."
        if sentence in whole:
            score.wrong_section += 1
            where = [k or "no §" for k, v in texts.items() if sentence in v]
            score.failures.append(f"{label}: in {', '.join(where)}: {short}")
        else:
            score.lost += 1
            score.failures.append(f"{label}: lost: {short}")
    return score


def resolve_municipality(value: str) -> str:
    """Canonical municipality through kuntahaku's own alias table (Nykarleby = Uusikaarlepyy);
    a name it does not know is compared as written (loosely)."""
    from kuntahaku.ingest import entities

    try:
        return entities.resolve("municipality", value)
    except Exception:
        return loose(value)


def score_metadata(gold: dict[str, Any], doc: Document) -> dict[str, Any]:
    """Per field: {"gold", "predicted", "ok"} for every non-null gold field; diary numbers as
    set counts."""
    meta = doc.metadata
    result: dict[str, Any] = {}
    for name in METADATA_FIELDS:
        expected = gold.get(name)
        if expected is None:
            continue
        got = str(getattr(meta, name) or "")
        if name == "title":
            ok = similarity(str(expected), got) >= TITLE_SIMILARITY
        elif name == "municipality":
            ok = bool(got) and resolve_municipality(str(expected)) == resolve_municipality(got)
        else:
            ok = loose(str(expected)) == loose(got)
        result[name] = {"gold": expected, "predicted": got, "ok": ok}
    if gold.get("diary_numbers") is not None:
        want = {loose(d) for d in gold["diary_numbers"]}
        have = {loose(d) for d in meta.diary_numbers}
        result["diary_numbers"] = {
            "counts": Counts(len(want & have), len(want), len(have)),
            "missing": sorted(want - have)[:EXAMPLES],
            "extra": sorted(have - want)[:EXAMPLES],
        }
    return result


def furniture_patterns(examples: Iterable[str]) -> list[re.Pattern[str]]:
    """Each gold furniture example as a pattern in which digit runs may vary (page numbers,
    dates) and any whitespace may stand between its words, digits and signs."""
    patterns = []
    for example in examples:
        tokens = re.findall(r"\d+|[^\W\d_]+|\S", normalise_space(example))
        if tokens:
            body = r"\s*".join(r"\d+" if t.isdigit() else re.escape(t) for t in tokens)
            patterns.append(re.compile(body, re.IGNORECASE))
    return patterns


def is_page_number(line: str) -> bool:
    """A line that is only a page number ("12", "12 (95)", "Sivu 3 / 10", "- 4 -")."""
    return bool(line.strip()) and _PAGE_NUMBER.fullmatch(line.strip()) is not None


def _squeezed(text: str) -> str:
    """Text without whitespace, casefolded, every digit run as "0": for matching pieces."""
    return re.sub(r"\d+", "0", re.sub(r"\s+", "", text)).casefold()


def furniture_pieces(examples: Iterable[str]) -> list[str]:
    """The furniture examples in the form `wrapped_furniture` compares."""
    return [_squeezed(e) for e in examples if e.strip()]


def wrapped_furniture(line: str, following: str, pieces: Sequence[str]) -> bool:
    """Whether two consecutive lines together are one furniture example printed on two lines
    (a long footer wrapped as "... | Y-tunnus 1503388-4 | se-" / "naatti.fi")."""
    first = _squeezed(line)
    joined = first + _squeezed(following)
    unhyphenated = first.rstrip("-\u00ad") + _squeezed(following)
    return any(piece in (joined, unhyphenated) for piece in pieces)


def body_lines(
    page: str | Sequence[Line], furniture: Sequence[re.Pattern[str]], pieces: Sequence[str] = ()
) -> list[Line]:
    """The page's lines minus furniture: a line is dropped when, after removing every furniture
    pattern from it, nothing but a page number or nothing at all is left; two lines that
    together make one furniture example (`pieces`, wrapped) are dropped; a lone page number in
    the first or last three lines is dropped too. A page given as text is read line by line,
    runs of three spaces parting segments."""
    if isinstance(page, str):
        lines = [as_line(nfc(ln).translate(_INVISIBLE)) for ln in page.splitlines()]
    else:
        lines = [
            tuple(Segment(g.x0, g.x1, nfc(g.text).translate(_INVISIBLE)) for g in ln) for ln in page
        ]
    lines = [ln for ln in lines if normalise_space(line_text(ln))]
    kept: list[Line] = []
    skip = False
    for i, line in enumerate(lines):
        if skip:
            skip = False
            continue
        flat = normalise_space(line_text(line))
        rest = flat
        for pattern in furniture:
            rest = pattern.sub(" ", rest)
        rest = rest.strip()
        if rest != flat and (not rest or is_page_number(rest)):
            continue
        if i + 1 < len(lines) and wrapped_furniture(flat, line_text(lines[i + 1]), pieces):
            skip = True
            continue
        edge = i < 3 or i >= len(lines) - 3
        if edge and is_page_number(flat):
            continue
        kept.append(line)
    return kept


@dataclass
class Coverage:
    """Multiset word coverage of the reference body text by the passages."""

    reference: int = 0
    covered: int = 0
    lost: Counter[str] = field(default_factory=Counter)

    def add(self, other: Coverage) -> None:
        """Add another document's counts."""
        self.reference += other.reference
        self.covered += other.covered

    @property
    def share(self) -> float:
        """Covered share of the reference words (1.0 for an empty reference)."""
        return self.covered / self.reference if self.reference else 1.0


# Words after a line-end hyphen that show a suspended compound ("koulutus- ja osaamistasoon",
# "social- och hälsovård"): the two lines are not one word there.
CONJUNCTIONS = {"ja", "tai", "sekä", "eli", "että", "kuin", "och", "eller", "samt", "and", "or"}
_LINE_END_HYPHEN = re.compile(r"(?<=[^\W_])[-\u2010\u00ad]$")


def _below(line: Line, segment: Segment) -> int:
    """Index of the segment of `line` that stands under `segment` (overlapping it), or -1."""
    for i, other in enumerate(line):
        if max(other.x0, segment.x0) < min(other.x1, segment.x1):
            return i
    return -1


def reading_words(lines: Sequence[Line | str]) -> list[str]:
    """The reference lines' words as a reader reads them: a word broken with a hyphen at the end
    of a line (of a column, of a table cell) is one word with the first word of the segment
    standing under it on the next line (both "Luula- / jan" and "EU- / kynnysarvon" read as one
    word), unless that word is a conjunction ("koulutus- / ja osaamistasoon")."""
    rows = [_line(ln) for ln in lines]
    carry: dict[tuple[int, int], str] = {}
    out: list[str] = []
    for li, row in enumerate(rows):
        for si, segment in enumerate(row):
            text = carry.pop((li, si), "") + segment.text
            target = _below(rows[li + 1], segment) if li + 1 < len(rows) else -1
            if target >= 0 and _LINE_END_HYPHEN.search(text.rstrip()):
                below = rows[li + 1][target].text.lstrip()
                first = next(iter(words(below)), "")
                # "1.6.2025- / Kaupunginvaltuuston": a dash after a number, not a broken word
                after_number = text.rstrip()[-2:-1].isdigit() and below[:1].isupper()
                if first and first not in CONJUNCTIONS and not after_number:
                    head, _, last = text.rstrip()[:-1].rpartition(" ")
                    carry[(li + 1, target)] = carry.get((li + 1, target), "") + last
                    text = head
            out += words(text)
    for rest in carry.values():
        out += words(rest)
    return out


def coverage(reference: Sequence[Line | str], passages_text: str) -> Coverage:
    """How many of the reference lines' words, read as a reader reads them (see
    `reading_words`), occur in the passages' text, as multisets."""
    ref = Counter(reading_words(reference))
    got = Counter(words(passages_text))
    covered = sum(min(n, got[w]) for w, n in ref.items())
    lost = Counter({w: n - got[w] for w, n in ref.items() if n > got[w]})
    return Coverage(sum(ref.values()), covered, lost)


def _number_form(text: str) -> str:
    """A number or text in comparable form: one kind of space and dash, no space at dashes."""
    text = _DASHES.sub("-", normalise_space(text))
    return re.sub(r"(?<=\d) - (?=\d)", "-", text)


def numbers_in(lines: Iterable[Line | str]) -> Counter[str]:
    """Numbers with thousands separated by spaces, negative numbers and year ranges, each
    within one line, in comparable form."""
    found: Counter[str] = Counter()
    for line in lines:
        for m in _NUMBER.finditer(line_text(line)):
            found[_number_form(m.group(0))] += 1
    return found


def corrupted_numbers(reference: Sequence[Line | str], passages_text: str) -> Counter[str]:
    """Reference numbers that the passages hold fewer times than the reference (intact form,
    not glued to other digits)."""
    text = _number_form(passages_text)
    missing: Counter[str] = Counter()
    for number, n in numbers_in(reference).items():
        pattern = r"(?<![\d])" + re.escape(number).replace(r"\ ", " ") + r"(?![\d])"
        have = len(re.findall(pattern, text))
        if have < n:
            missing[number] = n - have
    return missing


def nfc(text: str) -> str:
    """NFC form (gold files and extracted text may differ in composed characters)."""
    return unicodedata.normalize("NFC", text)


def validate_gold(gold: dict[str, Any]) -> list[str]:
    """Problems of a gold annotation against the format (empty when it is well-formed)."""
    problems = []
    for key in ("source", "producer", "metadata", "sections", "chapters", "furniture"):
        if key not in gold:
            problems.append(f"missing key {key!r}")
    meta = gold.get("metadata") or {}
    doc_type = meta.get("doc_type")
    if doc_type is not None and doc_type not in DOC_TYPES:
        problems.append(f"unknown doc_type {doc_type!r}")
    date = meta.get("date")
    if date is not None and not re.fullmatch(r"\d{4}-\d\d-\d\d", str(date)):
        problems.append(f"date {date!r} is not ISO")
    for kind in ("sections", "chapters"):
        for item in gold.get(kind) or []:
            if not isinstance(item.get("page"), int) or item["page"] < 1:
                problems.append(f"{kind}: bad page in {item!r}")
            if "number" not in item:
                problems.append(f"{kind}: no number in {item!r}")
    return problems
