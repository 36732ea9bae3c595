"""Publishing-system adapters on real pages: each page kind of Dynasty, Tweb, Ahjo, Inetview
and CloudNC read with its § list, diary numbers, body and date; navigation never in a passage."""

from __future__ import annotations

from pathlib import Path

import pytest

from kuntahaku.config import Settings
from kuntahaku.ingest.extract.html import html_to_text, parse_html
from kuntahaku.ingest.extract.systems import adapter_for, fallback
from kuntahaku.ingest.extract.systems.base import field_diary, listed_items
from kuntahaku.ingest.pipeline import process_file
from kuntahaku.models import STATUS_OK, Document, Metadata
from kuntahaku.render import document_json
from tests.conftest import FIXTURES, REAL_DOCS

REAL = FIXTURES / "real"


def _ingest(path: Path, tmp_path: Path) -> Document:
    doc = process_file(path, Settings(index_dir=tmp_path, ocr=False))
    assert doc.status == STATUS_OK, doc.error
    return doc


def _passages(doc: Document) -> str:
    return "\n".join(p.text for p in doc.passages)


def _numbers(doc: Document) -> list[str]:
    return [s.number for s in doc.metadata.sections]


def test_dynasty_meeting_page_lists_its_items(tmp_path: Path) -> None:
    doc = _ingest(REAL / "fi_espoo_kh_poytakirja_2017-05-08_asialista.htm", tmp_path)
    meta = doc.metadata
    assert doc.system == "dynasty"
    assert _numbers(doc) == [str(n) for n in range(125, 147)]
    assert meta.sections[2].heading == (
        "Espoon kaupungin hallintosäännön hyväksyminen (Kv-asia) (Pöydälle 10.4.2017)"
    )
    assert (meta.doc_type, meta.date, meta.body, meta.municipality) == (
        "minutes",
        "2017-05-08",
        "kaupunginhallitus",
        "Espoo",
    )
    assert meta.title == "Pöytäkirja 08.05.2017"
    assert [p.section for p in doc.passages if p.section][:2] == ["§ 125", "§ 126"]
    assert "Avaa haku" not in _passages(doc)
    assert "PDF-muodossa" not in _passages(doc)


def test_dynasty_item_page_reads_its_fields_and_keeps_attachments_apart(tmp_path: Path) -> None:
    doc = _ingest(REAL_DOCS / "fi_espoo_kh_poytakirja_2017-05-08_p127_cp1252.htm", tmp_path)
    meta = doc.metadata
    heading = "Espoon kaupungin hallintosäännön hyväksyminen (Kv-asia) (Pöydälle 10.4.2017)"
    assert [(s.number, s.heading) for s in meta.sections] == [("127", heading)]
    assert meta.title == heading
    assert meta.diary_numbers == ["730/2017"]
    assert (meta.body, meta.date, meta.municipality) == ("kaupunginhallitus", "2017-05-08", "Espoo")
    text = _passages(doc)
    assert "Edellinen asia" not in text and "Seuraava asia" not in text
    lines = text.splitlines()
    items = [b.text for b in doc.blocks if b.kind == "list_item"]
    assert items[:2] == [
        "Espoon kaupungin hallintosääntö - Kokouksessa korjattu",
        "Äänestyslistat § 127",
    ]
    assert not any(line.startswith("§ 127") and "Äänestyslistat" in line for line in lines)
    decision = "Kaupunginhallitus kehottaa valmistelemaan toimintamallit konsernipalvelujen"
    assert all(p.section == "§ 127" for p in doc.passages if decision in p.text)
    assert any(decision in p.text for p in doc.passages)


def test_dynasty_agenda_item_page(tmp_path: Path) -> None:
    doc = _ingest(REAL / "fi_espoo_kh_esityslista_2017-05-29_a4.htm", tmp_path)
    meta = doc.metadata
    assert _numbers(doc) == ["4"]
    assert meta.title == "Valtuustoaloite konserniohjeen päivittämisestä (Kv-asia)"
    assert (meta.doc_type, meta.date, meta.diary_numbers) == ("agenda", "2017-05-29", ["5316/2016"])


@pytest.mark.parametrize(
    "name", ["fi_espoo_kh_kokouslista_2013.htm", "fi_espoo_toimielimet_kokouslistat_2017.htm"]
)
def test_dynasty_lists_of_meetings_have_no_items_and_no_single_date(
    name: str, tmp_path: Path
) -> None:
    doc = _ingest(REAL / name, tmp_path)
    assert doc.system == "dynasty"
    assert (doc.metadata.sections, doc.metadata.doc_type, doc.metadata.date) == ([], "other", "")
    assert doc.metadata.municipality == "Espoo"
    assert "Avaa haku" not in _passages(doc)


@pytest.mark.parametrize(
    ("name", "title", "municipality"),
    [
        ("fi_oulu_tweb_kh_kokoukset_2013-2017.html", "Pöytäkirjat", "Oulu"),
        ("fi_vantaa_tweb_kh_kokoukset_2014-2017.html", "Kokoukset/pöytäkirjat", "Vantaa"),
    ],
)
def test_tweb_meeting_lists(name: str, title: str, municipality: str, tmp_path: Path) -> None:
    doc = _ingest(REAL / name, tmp_path)
    meta = doc.metadata
    assert doc.system == "tweb"
    assert (meta.title, meta.body, meta.municipality) == (title, "kaupunginhallitus", municipality)
    assert (meta.sections, meta.doc_type, meta.date) == ([], "other", "")
    text = _passages(doc)
    assert "27.3.2017" in text or "10.4.2017" in text
    for chrome in ("Paluu edelliselle sivulle", "© Triplan Oy", "Esityslistat |"):
        assert chrome not in text


def test_tweb_search_form_has_no_site_menu(tmp_path: Path) -> None:
    doc = _ingest(REAL / "fi_oulu_tweb_haku.html", tmp_path)
    assert doc.system == "tweb"
    assert doc.metadata.sections == []
    assert "© Triplan Oy" not in _passages(doc)


def test_tweb_item_table_keeps_the_attachment_count_out_of_the_heading() -> None:
    # The row shape of a Tweb meeting's list of items (number | heading link | attachments).
    markup = (
        "<table class='list'><tr class='data0'><td class='data'>§ 12</td>"
        "<td class='data'><a href='x'>Oulun kaupungin tilinpäätös 2016</a></td>"
        "<td class='data'>3 kpl</td></tr></table>"
    )
    items = listed_items(parse_html(markup))
    assert [(i.number, i.heading) for i in items] == [("12", "Oulun kaupungin tilinpäätös 2016")]


@pytest.mark.parametrize(
    ("name", "number", "body", "diary", "doc_type"),
    [
        ("fi_helsinki_ahjo_kylk_esitys_p441_fixture.html", "441", "kaupunkiympäristölautakunta",
         ["HEL 2020-008126"], "decision"),
        ("fi_helsinki_ahjo_kh_paatosehdotus_fixture.html", "", "kaupunginhallitus", [], "agenda"),
    ],
)  # fmt: skip
def test_ahjo_documents(
    name: str, number: str, body: str, diary: list[str], doc_type: str, tmp_path: Path
) -> None:
    doc = _ingest(REAL / name, tmp_path)
    meta = doc.metadata
    assert doc.system == "ahjo"
    assert _numbers(doc) == ([number] if number else [])
    assert (meta.body, meta.diary_numbers, meta.doc_type) == (body, diary, doc_type)
    assert meta.title.startswith(("Kaupunkiympäristölautakunnan esitys", "Valtuutetun aloite"))


def test_ahjo_decision_diary_number_is_its_own_not_the_appeal_example(tmp_path: Path) -> None:
    doc = _ingest(REAL_DOCS / "fi_helsinki_ahjo_decision_fixture.html", tmp_path)
    assert doc.metadata.diary_numbers == ["HEL 2024-009117"]
    assert (doc.metadata.body, doc.metadata.municipality) == ("kaupunginhallitus", "Helsinki")
    assert _numbers(doc) == ["62"]


def test_inetview_meeting_index_and_list(tmp_path: Path) -> None:
    doc = _ingest(REAL / "fi_turku_kh_poytakirja_2017-05-02_asialista.htm", tmp_path)
    meta = doc.metadata
    assert doc.system == "inetview"
    assert _numbers(doc) == [str(n) for n in range(186, 198)]
    assert (meta.date, meta.body, meta.municipality, meta.doc_type) == (
        "2017-05-02",
        "kaupunginhallitus",
        "Turku",
        "minutes",
    )
    assert "Takaisin kokousluetteloon" not in _passages(doc)
    listing = _ingest(REAL / "fi_turku_kh_kokoukset_2017-01.htm", tmp_path / "l")
    assert (listing.metadata.sections, listing.metadata.doc_type) == ([], "other")


def test_cloudnc_item_reads_the_deciding_body_not_the_history(tmp_path: Path) -> None:
    doc = _ingest(REAL / "cloudnc_mikkeli_contents_4020_extended_properties.json", tmp_path)
    meta = doc.metadata
    assert (doc.format, doc.system) == ("cloudnc", "cloudnc")
    assert _numbers(doc) == ["233"]
    assert meta.diary_numbers == ["MliDno-2017-206"]
    assert meta.body == "kaupunginhallitus"  # "Tekninen lautakunta" is the history's party
    assert meta.municipality == "Mikkeli"
    items = [b.text for b in doc.blocks if b.kind == "list_item"]
    assert "Liite kh Hinnoittelu 2018.pdf" in items


def test_cloudnc_meeting_contents(tmp_path: Path) -> None:
    doc = _ingest(REAL / "cloudnc_mikkeli_node_12381_contents.json", tmp_path)
    assert (doc.metadata.title, doc.metadata.date) == ("Kokous 5.6.2017", "2017-06-05")
    assert "Haukivuoren aluejohtokunnan jäsenten valinta 2017-2021" in _passages(doc)


def test_json_that_is_not_an_opennc_response_is_unsupported(tmp_path: Path) -> None:
    path = tmp_path / "other.json"
    path.write_text('{"value": [1, 2]}', "utf-8")
    doc = process_file(path, Settings(index_dir=tmp_path, ocr=False))
    assert doc.status != STATUS_OK and "unsupported format" in doc.error


@pytest.mark.parametrize("value", ["3700/11.01.00/2011", "3720-2013 (611)", "5024-2017 (010)"])
def test_diary_numbers_in_the_systems_own_fields(value: str) -> None:
    assert field_diary(f"Dnro {value}") == value


def test_inline_labels_are_not_glued_to_their_text() -> None:
    text = html_to_text(
        "<p><b>Päätös</b>Ehdotus hyväksyttiin.</p>"
        "<p><span>ao</span><span>Kaarinan kaupunki</span> <span>ao</span>Liedon kunta</p>"
        "<p><b>K</b>aupunginhallitus</p>"
    )
    assert "Päätös Ehdotus hyväksyttiin." in text
    assert "ao Kaarinan kaupunki ao Liedon kunta" in text
    assert "Kaupunginhallitus" in text


def test_a_page_no_adapter_knows_goes_through_main_content_extraction(tmp_path: Path) -> None:
    paragraph = (
        "<p>Kaupunginhallitus päätti hyväksyä Kestävät kunnat -hankkeen yhteistyösopimuksen "
        "ja valtuuttaa kaupunginjohtajan allekirjoittamaan sen. Sopimus koskee vuosia "
        "2025-2027 ja sen kustannukset katetaan talousarviosta.</p>"
    )
    markup = (
        "<html><head><title>Uutiset</title></head><body>"
        "<nav><a href='/'>Etusivu</a> | <a href='/a'>Asuminen</a></nav>"
        "<div class='menu'><ul><li><a href='/1'>Palvelut</a></li><li><a href='/2'>Päätöksenteko"
        "</a></li></ul></div><article><h1>Yhteistyösopimus hyväksyttiin</h1>"
        + paragraph
        * 4
        + "</article><footer><p>© Esimerkin kunta 2025 | Saavutettavuusseloste</p></footer>"
        "</body></html>"
    )
    root = parse_html(markup)
    assert adapter_for(root, markup) is None
    path = tmp_path / "page.html"
    path.write_text(markup, "utf-8")
    doc = _ingest(path, tmp_path / "i")
    text = _passages(doc)
    assert doc.system == "main-content"
    assert "Kestävät kunnat -hankkeen" in text
    for chrome in ("Etusivu", "Palvelut", "Saavutettavuusseloste"):
        assert chrome not in text
    assert fallback.markdown_to_plain("## Otsikko\n\n- yksi\n| a | b |\n|---|---|\n") == (
        "# Otsikko\n\n• yksi\na | b\n"
    )


def test_period_is_stored_and_shown() -> None:
    doc = Document(doc_id="d", path="x.pdf", metadata=Metadata(period="2024-01-01/2024-12-31"))
    doc.declared.body = "kaupunginhallitus"
    again = Document.from_dict(doc.to_dict())
    assert again.metadata.period == "2024-01-01/2024-12-31"
    assert again.declared.body == "kaupunginhallitus"
    assert document_json(again)["period"] == "2024-01-01/2024-12-31"
