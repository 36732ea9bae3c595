"""Synthetic council documents for benchmarks at 10^3..10^5 passages, reproducible from a seed.

The text comes from word-bigram chains learnt from the bundled real corpus (`corpus/`), one chain
per language, so that term frequencies, word forms and sentence lengths look like real Finnish and
Swedish minutes. Each document gets the structure of real minutes (numbered § items with
headings, a body, a date, diary numbers) and each passage names municipalities, funds, themes and
organisations whose canonical values go into `passage.entities`, as the entity stage would.
Nothing is written to disk: `generate_documents` is a generator that yields exactly N passages.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import itertools
import math
import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Generic, TypeVar

import pypdfium2 as pdfium

from bench.speed import gazetteer as gz
from kuntahaku.models import STATUS_OK, Document, Metadata, Page, Passage, Section

T = TypeVar("T")
CORPUS = Path(__file__).resolve().parents[2] / "corpus"
LANGS = ("fi", "sv")
_END = "\x00"  # end-of-sentence marker in the chains
_SV_WORDS = frozenset(
    [
        "och",
        "att",
        "som",
        "för",
        "det",
        "är",
        "av",
        "på",
        "med",
        "till",
        "den",
        "har",
        "inte",
        "om",
        "ett",
        "kommunen",
    ]
)
_FI_WORDS = frozenset(
    [
        "ja",
        "on",
        "että",
        "sekä",
        "ovat",
        "tai",
        "kaupungin",
        "kunnan",
        "mukaan",
        "ei",
        "se",
        "myös",
        "oli",
    ]
)
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?:])\s+(?=[A-ZÅÄÖ0-9§])")
_HYPHEN_BREAK = re.compile(r"(\w)- ?\r?\n\s*(\w)")
_LETTERS = re.compile(r"[A-Za-zÅÄÖåäö]")
# Share of documents per language and of document types: roughly that of the real corpus.
_LANG_WEIGHTS = (0.75, 0.25)
_DOC_TYPES = (
    ("minutes", 0.55),
    ("agenda", 0.2),
    ("decision", 0.15),
    ("agreement", 0.05),
    ("report", 0.05),
)
_TITLE_FI = {
    "minutes": "pöytäkirja",
    "agenda": "esityslista",
    "decision": "päätös",
    "agreement": "sopimus",
    "report": "raportti",
}
_TITLE_SV = {
    "minutes": "protokoll",
    "agenda": "föredragningslista",
    "decision": "beslut",
    "agreement": "avtal",
    "report": "rapport",
}


@dataclass(frozen=True)
class LanguageModel:
    """Word-bigram chain and heading lines of one language, learnt from real text."""

    starts: tuple[str, ...]  # sentence-initial words, with repetition (frequency-weighted)
    successors: dict[str, tuple[str, ...]]  # word -> following words, with repetition
    headings: tuple[str, ...]  # short capitalised lines from the real documents
    words: int  # tokens read


@dataclass(frozen=True)
class CorpusModel:
    """One `LanguageModel` per language."""

    langs: dict[str, LanguageModel]


def read_texts(corpus: Path = CORPUS) -> list[tuple[str, str]]:
    """(language, text) of every text and PDF file of the corpus, in path order."""
    out: list[tuple[str, str]] = []
    for path in sorted(corpus.rglob("*")):
        suffix = path.suffix.lower()
        if suffix == ".txt":
            text = path.read_text(encoding="utf-8", errors="replace")
        elif suffix == ".pdf":
            text = _pdf_text(path)
        else:
            continue
        out.append((_language_of(path.name, text), text))
    return out


def _pdf_text(path: Path) -> str:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(pdf[i].get_textpage().get_text_bounded() for i in range(len(pdf)))
    finally:
        pdf.close()


def _language_of(name: str, text: str) -> str:
    """Language from the file-name prefix (fi_/sv_) or, failing that, from function words."""
    prefix = name[:3]
    if prefix in ("fi_", "sv_"):
        return prefix[:2]
    words = text.lower().split()
    sv = sum(w in _SV_WORDS for w in words)
    fi = sum(w in _FI_WORDS for w in words)
    return "sv" if sv > fi else "fi"


def sentences_of(text: str) -> list[list[str]]:
    """Sentences (as token lists) worth learning from: 4-60 tokens, mostly words."""
    text = _HYPHEN_BREAK.sub(r"\1\2", text.replace("\u200b", ""))
    out: list[list[str]] = []
    for para in re.split(r"\n\s*\n", text):
        flat = " ".join(para.split())
        for sent in _SENTENCE_SPLIT.split(flat):
            toks = sent.split()
            if not 4 <= len(toks) <= 60:
                continue
            wordy = sum(1 for t in toks if _LETTERS.search(t))
            if wordy / len(toks) >= 0.7 and "...." not in sent:
                out.append(toks)
    return out


def headings_of(text: str) -> list[str]:
    """Short lines that read like item headings: capitalised, 2-8 words, no trailing period."""
    out = []
    for line in text.splitlines():
        line = " ".join(line.split())
        toks = line.split()
        if (
            2 <= len(toks) <= 8
            and line[:1].isupper()
            and not line.endswith((".", ",", ":"))
            and sum(1 for t in toks if t.isalpha()) >= len(toks) - 1
            and "...." not in line
        ):
            out.append(line)
    return out


def build_model(texts: Sequence[tuple[str, str]]) -> CorpusModel:
    """Learn the per-language chains from (language, text) pairs."""
    langs: dict[str, LanguageModel] = {}
    for lang in LANGS:
        starts: list[str] = []
        succ: dict[str, list[str]] = {}
        heads: list[str] = []
        words = 0
        for text_lang, text in texts:
            if text_lang != lang:
                continue
            heads.extend(headings_of(text))
            for toks in sentences_of(text):
                words += len(toks)
                starts.append(toks[0])
                for a, b in itertools.pairwise([*toks, _END]):
                    succ.setdefault(a, []).append(b)
        if not starts:
            raise ValueError(f"no {lang} sentences in the corpus to learn from")
        langs[lang] = LanguageModel(
            starts=tuple(starts),
            successors={k: tuple(v) for k, v in succ.items()},
            headings=tuple(dict.fromkeys(heads)),
            words=words,
        )
    return CorpusModel(langs=langs)


@functools.lru_cache(maxsize=2)
def corpus_model(corpus: Path = CORPUS) -> CorpusModel:
    """The model of a corpus folder, built once per process."""
    return build_model(read_texts(corpus))


class _Weighted(Generic[T]):
    """Draw items with given weights, fast (bisect over cumulative weights)."""

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        self.items = list(items)
        self.cum = list(itertools.accumulate(weights))

    def draw(self, rng: random.Random) -> T:
        return self.items[bisect.bisect(self.cum, rng.random() * self.cum[-1])]


class _Writer:
    """Everything one generator run draws from; holds the seeded random state."""

    def __init__(self, model: CorpusModel, seed: int) -> None:
        self.model = model
        self.rng = random.Random(seed)
        self.seed = seed
        # Zipf-like use: big towns are named far more often than small ones.
        self.munis = _Weighted(gz.MUNICIPALITIES, [math.sqrt(m[2]) for m in gz.MUNICIPALITIES])
        funds = list(gz.FUNDS)
        self.funds = _Weighted(funds, [1 / (i + 1) for i in range(len(funds))])
        themes = list(gz.THEMES)
        self.themes = _Weighted(themes, [1 / (i + 1) ** 0.7 for i in range(len(themes))])
        self.doc_types = _Weighted([d for d, _ in _DOC_TYPES], [w for _, w in _DOC_TYPES])

    # -- text ----------------------------------------------------------------------------------

    def sentence(self, lang: str) -> list[str]:
        lm = self.model.langs[lang]
        rng = self.rng
        out = [lm.starts[int(rng.random() * len(lm.starts))]]
        while len(out) < 45:
            nxt = lm.successors.get(out[-1])
            if not nxt:
                break
            w = nxt[int(rng.random() * len(nxt))]
            if w == _END:
                break
            out.append(w)
        return out

    def heading(self, lang: str) -> str:
        heads = self.model.langs[lang].headings
        if heads and self.rng.random() < 0.7:
            return heads[int(self.rng.random() * len(heads))]
        return " ".join(self.sentence(lang)[:6]).rstrip(".,:;")

    def passage_length(self) -> int:
        """Characters of a passage: log-normal around 700, within the segmenter's 200..2400."""
        return max(200, min(2400, int(self.rng.lognormvariate(math.log(700), 0.6))))

    # -- facts ---------------------------------------------------------------------------------

    def day(self) -> date:
        """A meeting date, 2005-2025, recent years more likely."""
        year = 2025 - min(20, int(self.rng.expovariate(1 / 5)))
        return date(year, 1, 1) + timedelta(days=self.rng.randrange(365))

    def diary_number(self, lang: str, muni: str, year: int) -> str:
        n = self.rng.randrange(1, 2500)
        if lang == "sv":
            return f"Dnr {year}/{n}"
        rng = self.rng
        code = f"{rng.randrange(15):02d}.{rng.randrange(10):02d}.0{rng.randrange(10)}"
        return f"{muni[:4].upper()}/{n}/{code}/{year}"

    def money(self, lang: str) -> str:
        amount = self.rng.choice((500, 1000, 2500, 12000, 50000, 150000, 1200000))
        amount = int(amount * (0.5 + self.rng.random()))
        grouped = f"{amount:,}".replace(",", " ")
        return f"{grouped} euroa" if lang == "fi" else f"{grouped} euro"


def generate_documents(
    n_passages: int, seed: int = 0, model: CorpusModel | None = None
) -> Iterator[Document]:
    """Yield documents holding exactly `n_passages` passages in total, the same for a seed."""
    if n_passages < 0:
        raise ValueError("n_passages must be >= 0")
    w = _Writer(model or corpus_model(), seed)
    made = 0
    for i in itertools.count():
        if made >= n_passages:
            return
        size = min(n_passages - made, max(1, int(w.rng.lognormvariate(math.log(12), 0.6))))
        doc = _document(w, i, size)
        made += len(doc.passages)
        yield doc


def _document(w: _Writer, index: int, n: int) -> Document:
    rng = w.rng
    lang = "fi" if rng.random() < _LANG_WEIGHTS[0] else "sv"
    muni_fi, muni_sv, _, _ = w.munis.draw(rng)
    muni = muni_fi if lang == "fi" else muni_sv
    bodies = gz.BODIES_FI if lang == "fi" else gz.BODIES_SV
    body, body_title = bodies[int(rng.random() * len(bodies))]
    doc_type = str(w.doc_types.draw(rng))
    day = w.day()
    meeting = f"{rng.randrange(1, 20)}/{day.year}"
    kind = (_TITLE_FI if lang == "fi" else _TITLE_SV)[doc_type]
    title = f"{muni} {body_title} {kind} {meeting}"
    doc_id = hashlib.sha1(f"bench:{w.seed}:{index}".encode()).hexdigest()[:12]
    first_section = rng.randrange(1, 300)
    passages: list[Passage] = []
    sections: list[Section] = []
    diaries: list[str] = []
    for k in range(n):
        number = str(first_section + k)
        heading = w.heading(lang)
        page = 1 + k // 2
        diary = w.diary_number(lang, muni_fi, day.year)
        diaries.append(diary)
        sections.append(Section(number=number, heading=heading, page=page, diary_number=diary))
        text, entities = _passage_text(w, lang, muni_fi, f"§ {number} {heading}", diary, day)
        passages.append(
            Passage(
                passage_id=f"{doc_id}:{k:04d}",
                doc_id=doc_id,
                ordinal=k,
                text=text,
                pages=[page],
                heading_path=[heading],
                lang=lang,
                section=f"§ {number}",
                entities=entities,
            )
        )
    n_pages = max(1, (n + 1) // 2)
    return Document(
        doc_id=doc_id,
        path=f"/generated/seed-{w.seed}/{index:06d}_{lang}_{body.replace(' ', '_')}.pdf",
        sha256=hashlib.sha256(doc_id.encode()).hexdigest(),
        format="pdf",
        size=2000 * n_pages,
        status=STATUS_OK,
        pages=[Page(number=p) for p in range(1, n_pages + 1)],
        lang=lang,
        languages=[lang],
        metadata=Metadata(
            title=title,
            doc_type=doc_type,
            date=day.isoformat(),
            dates=[day.isoformat()],
            diary_numbers=diaries,
            body=body,
            municipality=muni,
            meeting_number=meeting,
            sections=sections,
        ),
        passages=passages,
    )


def _passage_text(
    w: _Writer, lang: str, home: str, head: str, diary: str, day: date
) -> tuple[str, dict[str, list[str]]]:
    """A § passage: heading line, diary number, then chain sentences with entities woven in."""
    rng = w.rng
    target = w.passage_length()
    sentences: list[list[str]] = []
    size = len(head)
    while size < target or not sentences:  # a heading longer than the passage gets one too
        s = w.sentence(lang)
        sentences.append(s)
        size += sum(len(t) + 1 for t in s)
    found: dict[str, list[str]] = {}
    is_fi = lang == "fi"

    def weave(facet: str, value: str, surface: str) -> None:
        s = sentences[int(rng.random() * len(sentences))]
        s.insert(int(rng.random() * (len(s) + 1)), surface)
        if value not in found.setdefault(facet, []):
            found[facet].append(value)

    munis = [w.munis.draw(rng) for _ in range(_count(rng, 0.55, 3))]
    if rng.random() < 0.6:
        munis.append(next(m for m in gz.MUNICIPALITIES if m[0] == home))
    for fi_name, sv_name, _, region in munis:
        weave("municipality", fi_name, fi_name if is_fi else sv_name)
        if rng.random() < 0.3:
            weave("region", region, region if is_fi else gz.REGIONS_SV[region])
    for _ in range(_count(rng, 0.3, 2)):
        fund = str(w.funds.draw(rng))
        forms = gz.FUNDS[fund][0 if is_fi else 1]
        weave("fund", fund, forms[int(rng.random() * len(forms))])
    for _ in range(_count(rng, 0.45, 2)):
        theme = str(w.themes.draw(rng))
        forms = gz.THEMES[theme][0 if is_fi else 1]
        weave("theme", theme, forms[int(rng.random() * len(forms))])
    if rng.random() < 0.25:
        org = gz.ORGANISATIONS[int(rng.random() * len(gz.ORGANISATIONS))]
        weave("organisation", org, org)
    if rng.random() < 0.3:
        weave("money", "", w.money(lang))
    if rng.random() < 0.4:
        when = day - timedelta(days=rng.randrange(0, 200))
        weave("date", when.isoformat(), f"{when.day}.{when.month}.{when.year}")
    found.pop("money", None)  # woven for realism; not facets
    found.pop("date", None)
    body = " ".join(" ".join(s) for s in sentences)
    return f"{head}\n{diary}\n{body}", found


def _count(rng: random.Random, p: float, most: int) -> int:
    """How many of a kind a passage names: 0 with probability 1-p, else 1..most, fewer likelier."""
    if rng.random() >= p:
        return 0
    n = 1
    while n < most and rng.random() < 0.35:
        n += 1
    return n
