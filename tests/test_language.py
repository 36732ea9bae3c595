"""Language per block and per document: fi/sv/en only, deterministic, short blocks by context."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kuntahaku.config import Settings
from kuntahaku.ingest import clean, extract, language
from kuntahaku.ingest._langdetect import FastDetector
from kuntahaku.models import Block, Document

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpus" / "seeds"
REAL = ROOT / "corpus" / "real-docs"
SETTINGS = Settings(index_dir=Path("/nonexistent"), ocr=False)


def run_blocks(*texts: str, page: int = 1) -> Document:
    doc = Document(doc_id="t", path="t", blocks=[Block(page=page, text=t) for t in texts])
    return language.run(doc, SETTINGS)


def read(path: Path) -> Document:
    doc = Document(doc_id="t", path=str(path))
    for stage in (extract.run, clean.run, language.run):
        doc = stage(doc, SETTINGS)
    return doc


PARAGRAPHS = [
    (
        "fi",
        "Kaupunginhallitus päätti hyväksyä talousarvion toteutumisen ja merkitsi tiedoksi "
        "kaupungin talouden seurantaraportin.",
    ),
    (
        "fi",
        "Pöytäkirjan tarkastajiksi valittiin Helena Lahtinen ja Ritva-Leena Heikkinen sekä "
        "varatarkastajiksi Esa Rintala.",
    ),
    (
        "sv",
        "Stadsstyrelsen godkänner föredragningslistan och beslutar om eventuella "
        "tilläggsärenden som ska behandlas.",
    ),
    (
        "sv",
        "Ordförande öppnar sammanträdet och konstaterar om ungdomsfullmäktige är lagligt "
        "sammankallat och beslutfört.",
    ),
    (
        "en",
        "Implementation has so far focused on strengthening collaboration networks and "
        "creating the conditions for broader impacts.",
    ),
    # Capitals and addresses do not mislead it.
    ("fi", "MITKÄ OVAT NOUSEVAT JA KASVAVAT KRITEERIT KUNTIEN ELINVOIMAISUUDELLE TULEVINA VUOSINA"),
]


@pytest.mark.parametrize(("lang", "text"), PARAGRAPHS)
def test_paragraph_language(lang: str, text: str) -> None:
    assert language.detect(text, seed=0) == lang
    assert run_blocks(text).blocks[0].lang == lang


@pytest.mark.parametrize("text", ["", "12 345 € | 6 789 €", "§ 45", "— 3 —"])
def test_text_without_letters_does_not_raise(text: str) -> None:
    assert language.detect(text, seed=0) == ""
    doc = run_blocks(text)
    assert doc.blocks[0].lang in language.LANGUAGES
    assert doc.lang in language.LANGUAGES


def test_short_block_takes_its_neighbours_language() -> None:
    sv = PARAGRAPHS[2][1]
    fi = PARAGRAPHS[0][1]
    doc = run_blocks(sv, "Förslag:", sv, fi, "Ehdotus", fi)
    assert [b.lang for b in doc.blocks] == ["sv", "sv", "sv", "fi", "fi", "fi"]


def test_function_words_settle_a_short_block_between_languages() -> None:
    sv, fi = PARAGRAPHS[2][1], PARAGRAPHS[0][1]
    doc = run_blocks(sv, "Kokous on päättynyt ja se on laillinen", fi)
    assert doc.blocks[1].lang == "fi"
    doc = run_blocks(fi, "Det är som för att och", sv)
    assert doc.blocks[1].lang == "sv"


def test_short_block_alone_on_its_page_takes_the_main_language() -> None:
    sv = PARAGRAPHS[2][1]
    doc = Document(
        doc_id="t",
        path="t",
        blocks=[
            Block(page=1, text=sv),
            Block(page=1, text=sv),
            Block(page=2, text="Bilaga 3"),
        ],
    )
    assert language.run(doc, SETTINGS).blocks[2].lang == "sv"


def test_seed_002_has_finnish_swedish_and_english_abstracts() -> None:
    doc = read(next(SEEDS.glob("002_*.txt")))
    assert doc.lang == "fi"
    assert doc.languages[0] == "fi"
    assert sorted(doc.languages) == ["en", "fi", "sv"]


@pytest.mark.parametrize(
    ("name", "lang", "languages"),
    [
        ("fi_lapua_tarkastuslk_esityslista_2025-11-19.pdf", "fi", ["fi"]),
        ("sv_se_hogsby_kommunstyrelsen_protokoll_2007-01-08.pdf", "sv", ["sv"]),
        ("sv_nykarleby_ungdomsfullmaktige_protokoll_09_05_2023_16_15_162526.pdf", "sv", ["sv"]),
        ("fi_oulu_kh_talouden_seuranta_2017.pdf", "fi", ["fi"]),
    ],
)
def test_document_languages(name: str, lang: str, languages: list[str]) -> None:
    doc = read(REAL / name)
    assert (doc.lang, doc.languages) == (lang, languages)


def test_same_answer_in_another_process() -> None:
    """Seeded detection: a fresh interpreter labels ambiguous short text the same way."""
    texts = ["Nokia Oyj", "Business Tampere", "Turku Science Park Oy", "Kalle Anka och Co"]
    code = f"from kuntahaku.ingest.language import detect\nprint([detect(t, 0) for t in {texts!r}])"
    runs = {
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
        for _ in range(2)
    }
    assert len(runs) == 1
    assert runs.pop().strip() == str([language.detect(t, 0) for t in texts])


# Texts that exercise every branch of langdetect's n-gram reading: capitals (its "capital word"
# rule), addresses, non-Latin scripts (its Latin-removal rule), Vietnamese marks, runs of spaces,
# a one-letter word at the end, punctuation only, and text longer than MAX_DETECT_CHARS.
EQUIVALENCE_TEXTS = [
    *(text for _, text in PARAGRAPHS),
    "MITKÄ OVAT NOUSEVAT ja KASVAVAT kriteerit, EU:n ja ELY-keskuksen",
    "Lisätietoja: www.lapua.fi ja kirjaamo@lapua.fi tai https://example.org/a?b=c",
    "Ελληνικά κείμενα εδώ και εκεί, ja hieman suomea",
    "Tiếng Việt có dấu và tiếng Phần Lan",
    "日本語のテキスト ja ひらがな カタカナ",
    "väli    välit\t\tja\n\nrivit  a",
    "— 3 — | 12 345 € | § 45 .,;",
    "a",
    " x y z ",
    "Kaupunginhallitus päätti hyväksyä talousarvion. " * 40,
]


def langdetect_probabilities(text: str, seed: int) -> list[tuple[str, float]]:
    """What langdetect's own Detector says, over the profiles the language stage loads."""
    from langdetect.lang_detect_exception import LangDetectException

    detector = language._factory().create()
    detector.seed = seed
    detector.set_max_text_length(language.MAX_DETECT_CHARS)
    detector.append(text)
    try:
        return [(p.lang, p.prob) for p in detector.get_probabilities()]
    except LangDetectException:
        return []


@pytest.mark.parametrize("seed", [0, 7])
@pytest.mark.parametrize("text", EQUIVALENCE_TEXTS)
def test_fast_detector_gives_langdetects_probabilities(text: str, seed: int) -> None:
    fast = FastDetector(language._factory())
    for variant in (text, text.lower()):
        expected = langdetect_probabilities(variant, seed)
        assert fast.probabilities(variant, seed, language.MAX_DETECT_CHARS) == expected


@pytest.mark.parametrize(
    "name",
    [
        "fi_oulu_kh_talouden_seuranta_2017.pdf",
        "sv_se_hogsby_kommunstyrelsen_protokoll_2007-01-08.pdf",
    ],
)
def test_fast_detector_agrees_on_every_block_of_a_real_document(name: str) -> None:
    fast = FastDetector(language._factory())
    texts = [language.strip_noise(b.text).lower() for b in read(REAL / name).blocks]
    assert len(texts) >= 10
    for text in texts:
        expected = langdetect_probabilities(text, 0)
        assert fast.probabilities(text, 0, language.MAX_DETECT_CHARS) == expected, text
