"""Cleaning: words broken at line ends, running headers and footers with their page labels,
glyph repairs, list items, and flags for glyphs and text layers that cannot be trusted."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from kuntahaku.config import Settings
from kuntahaku.ingest import clean, extract
from kuntahaku.ingest.clean import furniture, garble, glyphs
from kuntahaku.ingest.clean.hyphen import Lexicon, join_hyphenated
from kuntahaku.ingest.clean.paragraphs import join_lines
from kuntahaku.models import (
    FLAG_BROKEN_TEXT_LAYER,
    FLAG_CID_GLYPHS,
    FLAG_REPLACEMENT_CHARS,
    Document,
    Page,
)

from .conftest import FIXTURES, REAL_DOCS, SEED_PDFS, SEEDS

SETTINGS = Settings(index_dir=Path("/nonexistent-kuntahaku-index"), ocr=False)


@cache
def cleaned(path: Path) -> Document:
    """A document through extract and clean (cached: several tests read the same file)."""
    doc = extract.run(Document(doc_id="t", path=str(path)), SETTINGS)
    return clean.run(doc, SETTINGS)


def _text(path: Path) -> str:
    return "\n\n".join(p.text for p in cleaned(path).pages)


# Line-end breaks seen in the seed PDFs, the seed texts and the Lapua minutes.
@pytest.mark.parametrize(
    ("left", "right", "joined"),
    [
        (
            "kaupunkien ekosysteemisopimuk-",
            "sen valmistelu",
            "kaupunkien ekosysteemisopimuksen valmistelu",
        ),
        (
            "pääkaupunkiseutu (Helsinki, Es-",
            "poo ja Vantaa)",
            "pääkaupunkiseutu (Helsinki, Espoo ja Vantaa)",
        ),
        ("Mikkeli, Ka-", "jaani ja Kokkola", "Mikkeli, Kajaani ja Kokkola"),
        ("kehittämis- ja innovaatio-", "politiikkaa", "kehittämis- ja innovaatiopolitiikkaa"),
        ("kaupunki- ja", "tutkimus", "kaupunki- ja tutkimus"),
        ("rekrytoidaan viran-", "ja toimenhaltijat", "rekrytoidaan viran- ja toimenhaltijat"),
        ("forsk-", "nings- och innovationspolitik", "forsknings- och innovationspolitik"),
        ("stads- och forsknings-,", "utvecklings-", "stads- och forsknings-, utvecklings-"),
        ("Hyvinvointi-", "tai sivistysalan", "Hyvinvointi- tai sivistysalan"),
        ("Kyseessä on EU-", "kynnysarvon ylittävä", "Kyseessä on EU-kynnysarvon ylittävä"),
        ("LVI-", "asiantuntija", "LVI-asiantuntija"),
        ("Etelä-", "Pohjanmaan liitto", "Etelä-Pohjanmaan liitto"),
        ("vuosille 2025-", "2027", "vuosille 2025-2027"),
        ("tilasta (408-", "407-1-122)", "tilasta (408-407-1-122)"),
        ("toimikausi 1.6.2025-", "31.5.2027", "toimikausi 1.6.2025-31.5.2027"),
        ("Tasa-", "arvovaatimus", "Tasa-arvovaatimus"),
        ("hallinto-", "oikeudelta", "hallinto-oikeudelta"),
        ("energia-", "asiantuntijan", "energia-asiantuntijan"),
        ("tammi-", "huhtikuun", "tammi-huhtikuun"),
        (
            "tekoälypohjaisen ennakoinnin kump-",
            "panuusmalli",
            "tekoälypohjaisen ennakoinnin kumppanuusmalli",
        ),
        ("innovaatio-", "ekosysteemien", "innovaatioekosysteemien"),
    ],
)
def test_line_end_hyphens(left: str, right: str, joined: str) -> None:
    lexicon = Lexicon.from_lines(["tammi-huhtikuun raportti"])
    assert join_lines([left, right], lexicon) == joined


def test_known_compound_from_the_document_keeps_its_hyphen() -> None:
    lexicon = Lexicon.from_lines(["Smart Otaniemi -hanke ja palvelukehitys-vastuuyksikkö"])
    assert join_hyphenated("palvelukehitys-", "vastuuyksikön", lexicon) == (
        "palvelukehitys-vastuuyksikön"
    )
    # the same break without that evidence is an ordinary word break
    assert join_hyphenated("palvelukehitys-", "vastuuyksikön", Lexicon()) == (
        "palvelukehitysvastuuyksikön"
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # soft hyphens (pdfium's U+0002) inside and at the end of lines
        (
            "lo_fodt_002.pdf",
            "osa Suomen kansallista kaupunki- ja tutkimus-, kehittämis- ja "
            "innovaatiopolitiikkaa (TKI)",
        ),
        ("lo_fodt_002.pdf", "Niiden avulla vahvistetaan alueellisia innovaatioekosysteemejä"),
        ("lo_fodt_002.pdf", "Ekosysteemisopimukset (2021–2027) ovat osa"),
        (
            "lo_fodt_002.pdf",
            "Ekosystemavtalen (2021–2027) är en del av Finlands nationella stads- och "
            "forsknings-, utvecklings- och innovationspolitik (FUI)",
        ),
        # U+FFFE soft hyphens written by Word
        ("lo_fodt_004.pdf", "ennakoivaa ja tukevaa terveydenhuoltoa"),
        ("lo_fodt_004.pdf", "Kansallinen kumppanuusmalli, jolla yhtenäistetään"),
    ],
)
def test_soft_hyphens_in_seed_pdfs(name: str, expected: str) -> None:
    assert expected in _text(SEED_PDFS / name)


def test_hyphenated_lines_of_lapua_minutes() -> None:
    text = _text(REAL_DOCS / "fi_lapua_kh_poytakirja_2025-05-26.pdf")
    assert "Kyseessä on EU-kynnysarvon ylittävä hankinta." in text
    assert "päättää yli 1.000.000 €:n rakennusurakoista" in text


def test_paragraph_is_one_line_and_list_items_keep_their_own() -> None:
    page = cleaned(SEED_PDFS / "lo_fodt_002.pdf").pages[5]
    paragraphs = page.text.split("\n\n")
    assert any(
        p.startswith("Arviointi on luonteeltaan kehittävä ja menetelmällisesti laadullisiin")
        and p.endswith("sekä valtion sisäiseen yhteistyöhön.")
        for p in paragraphs
    )
    assert "• Miten ekosysteemisopimukset asemoituvat koko sopimuksellisuuden kokonaisuuteen?" in (
        paragraphs
    )
    items = [b.text for b in cleaned(SEED_PDFS / "lo_fodt_002.pdf").blocks if b.page == 6]
    kinds = {b.text: b.kind for b in cleaned(SEED_PDFS / "lo_fodt_002.pdf").blocks if b.page == 6}
    assert kinds[
        "Mitä toteutuksessa voitaisiin jatkossa tehdä toisin (ml. kehittämisehdotukset)?"
    ] == ("list_item")
    assert kinds["Arvioinnin lähestymistapa"] == "heading"
    assert len(items) >= 8


def test_running_header_removed_and_page_label_kept() -> None:
    doc = cleaned(REAL_DOCS / "fi_lapua_kh_poytakirja_2025-05-26.pdf")
    assert len(doc.pages) == 95
    for page in doc.pages:
        assert page.label == f"{page.number} (95)"
        assert "Lapuan kaupunki" not in page.text.split("\n\n")[0]
        assert "Pöytäkirja 9/2025" not in page.text and "Pöytäkirja | 9/2025" not in page.text
        assert page.header.startswith("Lapuan kaupunki | Pöytäkirja | 9/2025")
    assert all(not b.text.startswith("Lapuan kaupunki | Pöytäkirja") for b in doc.blocks)
    # a § heading that opens a page stays in the text
    assert "§ 179" in doc.pages[10].text.split("\n\n")


@pytest.mark.parametrize(("name", "pages"), [("lo_fodt_002.pdf", 38), ("lo_fodt_003.pdf", 37)])
def test_draft_header_and_sivu_footer_removed(name: str, pages: int) -> None:
    doc = cleaned(SEED_PDFS / name)
    for page in doc.pages:
        assert "LUONNOS" not in page.text
        assert "Sivu " not in page.text
        assert "LUONNOS 1.2.2024" in page.header
        assert page.footer.startswith(f"Sivu {page.number} (")
        assert page.label == f"{page.number} ({pages})"


def test_publication_series_line_inside_a_page_is_removed() -> None:
    page = cleaned(SEED_PDFS / "lo_fodt_002.pdf").pages[5]
    assert "julkaisuja" not in page.text
    assert "Työ- ja elinkeinoministeriön julkaisuja" in page.footer


def test_hogsby_minutes_boxes_and_page_numbers_removed() -> None:
    doc = cleaned(REAL_DOCS / "sv_se_hogsby_kommunstyrelsen_protokoll_2007-01-08.pdf")
    for page in doc.pages[1:]:
        assert "Justerandes sign" not in page.text and "Utdragsbestyrkande" not in page.text
        assert "HÖGSBY KOMMUN" in page.header
        assert page.label == str(page.number)


def test_table_figures_at_page_bottom_are_not_taken_for_footers() -> None:
    doc = cleaned(REAL_DOCS / "fi_lapua_lautakuntien_talousarviot_kh_2024-11-04.pdf")
    assert "Säästötavoite | -260 200" in doc.pages[2].text.splitlines()
    tables = [b for b in doc.blocks if b.kind == "table"]
    assert any("Toimintatuotot | 11 598 583 | 10 994 000" in b.text for b in tables)


def test_zero_width_and_no_break_spaces_removed() -> None:
    doc = cleaned(REAL_DOCS / "fi_lapua_kh_poytakirja_2025-05-26.pdf")
    assert any("\xa0" in p.raw_text for p in doc.pages)  # the text layer has them
    for page in doc.pages:
        assert "\u200b" not in page.text and "\xa0" not in page.text
    assert "Pool4you Oy 1.221.750 € (alv 0%)." in doc.pages[10].text


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("• Toteutettujen TKI- ja muiden hankkeiden", "• Toteutettujen TKI- ja muiden hankkeiden"),
        ("▪ Kaupunginhallitus päättää", "• Kaupunginhallitus päättää"),
        ("\uf0b7 Stadsstyrelsen beslutar", "• Stadsstyrelsen beslutar"),
        ("\uf0a7 ulkoiset toimintatuotot", "• ulkoiset toimintatuotot"),
        ("◦ rådet för funktionshindrade", "• rådet för funktionshindrade"),
        ("– hankkeen kustannukset", "• hankkeen kustannukset"),
        ("- hankkeen kustannukset", "• hankkeen kustannukset"),
        ("* ESR-hankkeen haku", "• ESR-hankkeen haku"),
        ("y Miten ekosysteemisopimukset asemoituvat", "• Miten ekosysteemisopimukset asemoituvat"),
        ("-prosessi ovat tuoneet valtion", "-prosessi ovat tuoneet valtion"),
        ("- 5 000 euroa", "- 5 000 euroa"),
        ("yhteistyön vahvistamisessa", "yhteistyön vahvistamisessa"),
    ],
)
def test_bullet_glyphs_become_list_items(line: str, expected: str) -> None:
    assert glyphs.normalise_line(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Kaupunginhallitus,\u200b 26.05.2025", "Kaupunginhallitus, 26.05.2025"),
        ("14.000.000\xa0€", "14.000.000 €"),
        ("10\u202f000 euroa", "10 000 euroa"),
        ("ﬁnska och ﬂera", "finska och flera"),
        ("Lo\u0308yto\u0308", "Löytö"),  # decomposed umlauts to NFC
        ("rahoitus (cid:12)on", "rahoitus on"),
        ("_____________", ""),
    ],
)
def test_glyph_repairs(line: str, expected: str) -> None:
    assert glyphs.normalise_line(line) == expected


def _page_doc(text: str) -> Document:
    return Document(doc_id="t", path="x.pdf", format="pdf", pages=[Page(1, raw_text=text)])


def test_cid_and_replacement_chars_are_flagged() -> None:
    doc = clean.run(_page_doc("Talousarvio (cid:3)(cid:17) ja ty\ufffdllisyys"), SETTINGS)
    assert doc.pages[0].flags == [FLAG_CID_GLYPHS, FLAG_REPLACEMENT_CHARS]
    assert "(cid:" not in doc.pages[0].text


def test_replacement_chars_flagged_on_a_real_page() -> None:
    doc = cleaned(FIXTURES / "sv_nykarleby_personalsektionen_2023-05-29_p27.pdf")
    assert FLAG_REPLACEMENT_CHARS in doc.pages[0].flags


def test_garbled_text_layer_is_flagged_and_clean_pages_are_not() -> None:
    doc = cleaned(FIXTURES / "sv_nykarleby_valfardsnamnden_2022-09-15_pp2_7_8.pdf")
    assert [FLAG_BROKEN_TEXT_LAYER in p.flags for p in doc.pages] == [False, True, True]
    assert "fnska" in doc.pages[1].text  # the evidence, left as it is


@pytest.mark.parametrize(
    "path",
    [
        SEED_PDFS / "lo_fodt_002.pdf",
        SEED_PDFS / "lo_txt_003.pdf",
        REAL_DOCS / "fi_lapua_kh_poytakirja_2025-05-26.pdf",
        REAL_DOCS / "sv_se_hogsby_kommunstyrelsen_protokoll_2007-01-08.pdf",
        REAL_DOCS / "fi_oulu_kh_tilinpaatos2016_msword.pdf",
    ],
)
def test_good_text_layers_are_not_flagged(path: Path) -> None:
    assert cleaned(path).flagged_pages == {}


@pytest.mark.parametrize(
    ("word", "garbled"),
    [
        ("tll", True),
        ("fnska", True),
        ("protokojjet", True),
        ("till", False),
        ("finska", False),
        ("strategi", False),
        ("kvalitet", False),
        ("protokollet", False),
        ("pdf", False),
    ],
)
def test_garbled_word_heuristic(word: str, garbled: bool) -> None:
    assert garble.suspicious(word) is garbled


def test_text_seed_paragraphs_blocks() -> None:
    doc = cleaned(SEEDS / "001_355a2dc494c55cb1.txt")
    texts = [b.text for b in doc.blocks]
    assert (
        "Kaupunkien innovaatiotoimintaa vahvistavan ekosysteemisopimuksen valmistelutilanne "
        "pääkaupunkiseudulla" in texts
    )
    assert any(
        t.startswith(
            "Suomen hallitus linjasi 20.5.2020 valtion ja kaupunkien välisestä "
            "ekosysteemisopimuksesta."
        )
        for t in texts
    )
    assert {b.kind for b in doc.blocks if b.text == "Päätösehdotus"} == {"heading"}


def test_minutes_header_on_a_minority_of_pages_is_still_removed() -> None:
    # 58 pages, most of them scanned or printed attachments without the agenda's header
    doc = cleaned(
        REAL_DOCS / "sv_nykarleby_stadsstyrelsen_foredragningslista_26_09_2022_16_30_140208.pdf"
    )
    page = doc.pages[2]
    assert page.header == "Föredragningslista | 188 § | 26.09.2022 | Sida\nStadsstyrelsen | 2"
    assert page.label == "2"
    assert page.text.startswith("188 §\n\nSammanträdets laglighet och beslutfrhet")
    # a heading repeated at the foot of many pages is content, not a footer
    assert page.footer == "" and page.text.endswith("Stadsstyrelsens beslut:")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "16 § Sammanträdets laglighet och beslutförhet ........................ 1",
            "16 § Sammanträdets laglighet och beslutförhet | 1",
        ),
        (
            "25 § Sammanträdets laglighet . | . | . | . | . | . | 98",
            "25 § Sammanträdets laglighet | 98",
        ),
        ("Esim. tämä... ja tuo.", "Esim. tämä... ja tuo."),
    ],
)
def test_table_of_contents_leaders_become_one_cell_boundary(line: str, expected: str) -> None:
    assert glyphs.normalise_line(line) == expected


def test_run_in_abstract_labels_start_their_own_paragraph() -> None:
    blocks = [b.text for b in cleaned(SEED_PDFS / "lo_fodt_002.pdf").blocks if b.page == 1]
    starts = [b.split(" ")[0] for b in blocks]
    assert starts.count("Referat") == 1 and starts.count("Abstract") == 1
    referat = next(b for b in blocks if b.startswith("Referat"))
    assert referat.startswith("Referat Ekosystemavtalen (2021–2027) är en del av Finlands")
    assert "aikaansaamiseksi" not in referat


LAPUA_DECISIONS = FIXTURES / "real" / "fi_lapua_ymparistolk_poytakirja_2022-01-25_pp5_15.pdf"
SENAATTI_PAGES = FIXTURES / "real" / "fi_senaatti_tilinpaatos_2024_pp2_4.pdf"


def test_decision_ending_many_pages_is_body_text_not_a_footer() -> None:
    """Six pages of Lapua minutes that all end "Päätös" / "Hyväksyi esityksen."."""
    doc = cleaned(LAPUA_DECISIONS)
    assert len(doc.pages) == 6
    for page in doc.pages:
        assert page.text.endswith("Päätös\n\nHyväksyi esityksen."), page.text[-80:]
        assert page.footer == ""
        assert page.header.startswith("Lapuan kaupunki | Pöytäkirja")
        assert [line.role for line in page.lines[-2:]] == ["", ""]


def test_removed_lines_are_marked_header_or_footer_and_nothing_else() -> None:
    doc = cleaned(REAL_DOCS / "fi_lapua_kh_poytakirja_2025-05-26.pdf")
    for page in doc.pages:
        marked = [line.text for line in page.lines if line.role == "header"]
        assert marked == page.header.split("\n")
        assert not any(line.role == "footer" for line in page.lines)
    # a § heading set just below the running header stays in the text, with no role
    page = doc.pages[49]
    heading = next(line for line in page.lines if line.text == "§ 196")
    assert heading.role == "" and "§ 196" in page.text.split("\n\n")


def test_running_footer_with_figures_and_header_date_removed() -> None:
    """Senaatti: an address footer with a phone number, a date line under the header."""
    doc = cleaned(SENAATTI_PAGES)
    for page in doc.pages:
        assert page.header.startswith("Tilinpäätös 2024 | ")
        assert "25.2.2025" in page.header and "25.2.2025" not in page.text
        assert "Lintulahdenkatu 5 A" in page.footer and "Lintulahdenkatu" not in page.text
    assert [p.label for p in doc.pages] == ["2/63", "3/63", "4/63"]


def test_pages_without_layout_keep_repeated_sentences_and_words() -> None:
    pages = [
        ["Kunnanhallitus 12.5.2025 | Sivu 3 (9)", "§ 12", "Teksti.", "Päätös", "Hyväksyi."],
        ["Kunnanhallitus 12.5.2025 | Sivu 4 (9)", "§ 13", "Muuta.", "Päätös", "Hyväksyi."],
        ["Kunnanhallitus 12.5.2025 | Sivu 5 (9)", "§ 14", "Vielä.", "Päätös", "Hyväksyi."],
    ]
    repeated = furniture.repeated_keys(pages)
    for lines in pages:
        body, found = furniture.strip_plain_page(lines, repeated, 9)
        assert body[-2:] == ["Päätös", "Hyväksyi."]
        assert found.header == [lines[0]] and found.label == lines[0][-5:]


def test_cell_broken_with_a_hyphen_above_its_table_row_is_joined() -> None:
    """The state budget wraps a row's name ("... toimintamenot(siirtomäärära‐" / "ha 2 v) |
    17 585"): the first half stands above the row, and the word is one word in the row."""
    text = cleaned(FIXTURES / "real" / "fi_valtio_talousarvio_2024_p4.pdf").pages[0].text
    assert "toimintamenot(siirtomääräraha 2 v) | 17 585" in text
    assert "menot(siirtomääräraha 2 v) | 2 550" in text
    assert "siirtomäärä‐" not in text
    # "palkkame‐" / "not(arviomääräraha) | ..." likewise
    assert "palkkamenot" in text
