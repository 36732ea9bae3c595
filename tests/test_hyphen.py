"""Words broken at line ends, decided with the language rather than with letter case: the joined
word a dictionary knows, the second part a word of its own, acronyms and names that take a hyphen,
suspended compounds; and soft hyphens at line ends and inside lines."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from kuntahaku.config import Settings
from kuntahaku.ingest import clean, extract
from kuntahaku.ingest.clean.hyphen import Lexicon, decide
from kuntahaku.ingest.clean.paragraphs import join_lines
from kuntahaku.models import Document

from .conftest import ROOT, SEED_PDFS, SEEDS

SETTINGS = Settings(index_dir=Path("/nonexistent-kuntahaku-index"), ocr=False)
# ../shared beside the repository (or beside the folder of worktrees)
SHARED = next(
    (p / "shared" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared").is_dir()),
    ROOT.parent / "shared",
)
SENAATTI = SHARED / "real-docs-2" / "fi_senaatti_tilinpaatos_2024.pdf"

needs_voikko = pytest.mark.voikko


@cache
def _text(path: Path) -> str:
    doc = extract.run(Document(doc_id="t", path=str(path)), SETTINGS)
    doc = clean.run(doc, SETTINGS)
    return "\n\n".join(p.text for p in doc.pages)


# (line ending in a hyphen, next line, the paragraph the two make); Finnish and Swedish.
PRINTED = [
    # capitalised first parts: a place name broken at a syllable is one word
    ("Oulun kaupunki Suomessa ja Luula-", "jan kaupunki Ruotsissa.", "Luulajan kaupunki"),
    ("toteutumista eteläisen Suo-", "men alueella", "eteläisen Suomen alueella"),
    ("Kaupunkeina mukana Rovanie-", "mi ja Oulu", "Rovaniemi ja Oulu"),
    ("Kunnat päättivät Sei-", "näjoen kanssa", "Seinäjoen kanssa"),
    # ... but acronyms and names that take a hyphen keep it
    ("Hanke on EU-", "hanke ja sen", "EU-hanke"),
    ("Tietoa saa Sotkanet-", "tietopankista.", "Sotkanet-tietopankista"),
    ("päätös on ELY-", "keskuksen", "ELY-keskuksen"),
    ("Etelä-", "Pohjanmaan liitto", "Etelä-Pohjanmaan liitto"),
    # a name with a hyphenated suffix, broken after the hyphen
    ("mukana Kestävät kunnat -", "hanke ja", "Kestävät kunnat -hanke ja"),
    ("mukana Kestävät kunnat", "-hanke ja", "Kestävät kunnat -hanke ja"),
    # suspended compounds keep hyphen and space
    ("koulutus- ja kehittämis-", "ja tutkimustoiminta", "kehittämis- ja tutkimustoiminta"),
    ("Hyvinvointi-", "tai sivistysalan", "Hyvinvointi- tai sivistysalan"),
    # Swedish
    ("kommunens forsk-", "ningsverksamhet", "kommunens forskningsverksamhet"),
    ("stadens social-", "och hälsovård", "social- och hälsovård"),
    ("Nykarleby stads utveck-", "lingsplan", "utvecklingsplan"),
    # the same vowel on both sides takes a hyphen in Finnish
    ("toiminta-", "alueen supistamisesta", "toiminta-alueen supistamisesta"),
]


@needs_voikko
@pytest.mark.parametrize(("left", "right", "expected"), PRINTED)
def test_printed_line_end_hyphens(left: str, right: str, expected: str) -> None:
    assert expected in join_lines([left, right], Lexicon())


# (first part, second part, what goes between) for breaks pdfium marked as hyphenation points.
SOFT = [
    ("Suo", "men", ""),  # Finnish "Suomen", not the Swedish conjunction "men"
    ("Kol", "men", ""),
    ("forsknings", "men", "- "),  # a Swedish suspended compound before "men" stays one
    ("kaupunki", "ja", "- "),
    ("Puolustus", "kiinteistöt", ""),
    ("TKI", "toiminta", "-"),
    ("Se", "naatti", ""),
    ("Vaihto", "omaisuus", "-"),
    ("E", "koston", ""),  # one capital letter is no acronym at a soft break
    ("Etelä", "Pohjanmaa", "-"),
    ("vuosina 2021", "2027", "-"),
]


@needs_voikko
@pytest.mark.parametrize(("stem", "head", "joiner"), SOFT)
def test_soft_breaks(stem: str, head: str, joiner: str) -> None:
    assert decide(stem, head, Lexicon(), soft=True) == joiner


def test_the_document_says_which_names_take_a_hyphen() -> None:
    lexicon = Lexicon.from_lines(["Senaatti-kiinteistöt vuokraa tiloja.", "Senaatti-konserni"])
    assert decide("Senaatti", "kiinteistöjen", lexicon, soft=True) == "-"
    # a document that writes the compound as one word gets it as one word
    plain = Lexicon.from_lines(["Senaatti-konserni ja Senaattikiinteistöt vuokraa tiloja."])
    assert decide("Senaatti", "kiinteistöt", plain, soft=True) == ""


@needs_voikko
@pytest.mark.parametrize(
    ("name", "expected", "not_expected"),
    [
        ("lo_fodt_003.pdf", "suurin osa koko Suomen viennistä", "Suo- men"),
        ("lo_fodt_001.pdf", "Kolmen kaupungin", "Kol- men"),
        ("lo_fodt_002.pdf", "Rovaniemen ja", "Rovanie- men"),
        ("lo_txt_003.pdf", "Luulajan kaupunki Ruotsissa", "Luula- jan"),
    ],
)
def test_seed_pdfs_join_broken_words(name: str, expected: str, not_expected: str) -> None:
    text = _text(SEED_PDFS / name)
    assert expected in text
    assert not_expected not in text


@needs_voikko
def test_double_spaced_text_joins_words_broken_at_line_ends() -> None:
    """The text seed has a blank line after every line: "Luula-" / "" / "jan kaupunki"."""
    text = _text(SEEDS / "003_f89e401ac00ddec4.txt")
    assert "Suomessa ja Luulajan kaupunki Ruotsissa." in text
    assert "eteläisen Suomen alueella Etelä-Karjalasta Ahvenanmaalle" in text
    assert "Alueella on 710 000 asukasta" in text


@needs_voikko
@pytest.mark.slow
@pytest.mark.skipif(not SENAATTI.exists(), reason="shared real-docs-2 is not here")
def test_soft_hyphens_of_the_senaatti_financial_statement() -> None:
    """Word's soft hyphens (U+FFFE through pdfium): joined at line ends, hyphen kept only where
    the document writes one."""
    text = _text(SENAATTI)
    assert "Kaakkois-Suomen ammattikorkeakoulun" in text
    assert "Senaatti-kiinteistöjen tehtävänä" in text
    assert "Vaihto-omaisuus on" in text
    assert "\u00ad" not in text and "\ufffe" not in text and "\x02" not in text


@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_soft_hyphen_at_a_line_end_joins_and_inside_a_line_is_dropped(
    tmp_path: Path, suffix: str
) -> None:
    body = "Kaupungin vuotovesimää\u00ad\nrän arvio on valmis ja vuoto\u00advesi on mitattu."
    path = tmp_path / f"fi_vuotovesi{suffix}"
    if suffix == ".html":
        body = f"<html><body><p>{body}</p><p>Toinen kappale.</p></body></html>"
    path.write_text(body, encoding="utf-8")
    text = _text(path)
    assert "Kaupungin vuotovesimäärän arvio on valmis ja vuotovesi on mitattu." in text
