"""Entity tagging on real Finnish and Swedish sentences: inflections, Swedish names, look-alikes,
funds and themes, money and dates, and resolving filter values."""

from __future__ import annotations

import pytest

from kuntahaku.errors import UnknownEntityType, UnknownFacetValue
from kuntahaku.ingest import entities
from kuntahaku.models import Mention, Passage


def tag(text: str, lang: str = "fi") -> tuple[Passage, list[Mention]]:
    """Tag one passage of `text` in `lang`."""
    passage = Passage(passage_id="t:0001", doc_id="t", ordinal=1, text=text, pages=[1], lang=lang)
    return passage, entities.tag_passages([passage])


def values(text: str, facet: str, lang: str = "fi") -> set[str]:
    """Canonical values of one facet found in `text`."""
    return {m.value for m in tag(text, lang)[1] if m.type == facet}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Espoon kaupunki liittyy osuuskuntaan.", "Espoo"),
        ("Hanke toteutetaan Vantaalla vuonna 2024.", "Vantaa"),
        ("Kokous pidettiin Seinäjoella.", "Seinäjoki"),
        ("Lahdessa on pitkä urheiluperinne.", "Lahti"),
        ("Hämeenlinnassa toimii ammattikorkeakoulu.", "Hämeenlinna"),
        ("Porissa kehitetään automaatiota.", "Pori"),
        ("Turussa on kaksi yliopistoa.", "Turku"),
        ("Helsingin, Espoon ja Vantaan kaupunkien kesken.", "Helsinki"),
        ("Oulusta tuli kulttuuripääkaupunki.", "Oulu"),
        ("Espoo-tarinan tavoitteet", "Espoo"),
        ("Helsinki-Vantaan lentoasema", "Helsinki"),
        ("Helsinki-Vantaan lentoasema", "Vantaa"),
        ("Itä-Helsingin koulut", "Helsinki"),
        ("Uudenkaupungin satama", "Uusikaupunki"),
        ("Tuulivoimaa rakennetaan Iissä.", "Ii"),
        ("Rahoitusta haki Salon kaupunki.", "Salo"),
    ],
)
def test_finnish_inflected_municipalities(text: str, expected: str) -> None:
    assert expected in values(text, "municipality")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vasa stad och Karleby stad", {"Vaasa", "Kokkola"}),
        ("Helsingfors och Esbo samarbetar.", {"Helsinki", "Espoo"}),
        ("Nykarleby stad och Jakobstad", {"Uusikaarlepyy", "Pietarsaari"}),
        ("Nykarlebys stadsstyrelse", {"Uusikaarlepyy"}),
        ("Kommunerna Larsmo, Kronoby och Pedersöre", {"Luoto", "Kruunupyy", "Pedersören kunta"}),
        pytest.param(  # fi in sv: Voikko reads the Finnish place names
            "Sammanfattning: Helsingin ja Vaasan kaupungit",
            {"Helsinki", "Vaasa"},
            marks=pytest.mark.voikko,
        ),
    ],
)
def test_swedish_names_map_to_the_finnish_canonical_name(text: str, expected: set[str]) -> None:
    assert values(text, "municipality", "sv") == expected


@pytest.mark.parametrize(
    ("text", "lang", "wrong"),
    [
        ("Hanke esiteltiin Porvoossa.", "fi", "Pori"),
        ("II vaihe käynnistyy syksyllä.", "fi", "Ii"),  # a Roman numeral
        ("kemianteollisuus kasvaa", "fi", "Kemi"),  # never inside a compound
        pytest.param(  # a person called Salo: Voikko knows Jukka as a first name
            "Läsnä: Jukka Salo, puheenjohtaja", "fi", "Salo", marks=pytest.mark.voikko
        ),
        ("Salo Jukka, jäsen", "fi", "Salo"),  # surname first in an attendance list
        ("Kommunen kan ingå avtal med bolaget.", "sv", "Inkoo"),  # ingå is a verb
        ("Sund ekonomi är viktig.", "sv", "Sund"),  # sund = healthy
        ("Tiedot siirretään EURA-järjestelmään.", "fi", "Eura"),  # the EURA system
        ("Aalto-yliopiston kampus", "fi", "Aura"),
    ],
)
def test_look_alikes_are_not_municipalities(text: str, lang: str, wrong: str) -> None:
    assert wrong not in values(text, "municipality", lang)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Yhteistyötä Luulajan, Tukholman ja Oslon kanssa.", "fi"),
        ("Samarbete med Luleå, Stockholm och Oslo.", "sv"),
        ("Högsby kommun, Kalmar län", "sv"),
    ],
)
def test_foreign_places_are_not_finnish_municipalities(text: str, lang: str) -> None:
    assert values(text, "municipality", lang) == set()


def test_porvoo_is_found_where_pori_is_not() -> None:
    assert values("Hanke esiteltiin Porvoossa.", "municipality") == {"Porvoo"}


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Haetaan EAKR-rahoitusta kaupunkikehitykseen.", "fi", "ERDF"),
        ("Euroopan aluekehitysrahaston tuella", "fi", "ERDF"),
        ("Europeiska regionala utvecklingsfonden", "sv", "ERDF"),
        ("JTF-rahoitus kohdistuu turvealueille.", "fi", "JTF"),
        ("oikeudenmukaisen siirtymän rahaston varoista", "fi", "JTF"),
        ("Fonden för en rättvis omställning", "sv", "JTF"),
        ("RRF-rahoitusta haettiin.", "fi", "RRF"),
        ("elpymis- ja palautumistukivälineen rahoitus", "fi", "RRF"),
        ("ESR+-hanke käynnistyi.", "fi", "ESF+"),
        # Voikko reads the inflected foreign name
        pytest.param(
            "Rahoitus saatiin Business Finlandilta.",
            "fi",
            "Business Finland",
            marks=pytest.mark.voikko,
        ),
        pytest.param(
            "Business Finlandin avaama haku", "fi", "Business Finland", marks=pytest.mark.voikko
        ),
        ("Horisontti Eurooppa -ohjelmasta", "fi", "Horizon Europe"),
        ("Leader-ryhmä myönsi tuen.", "fi", "Leader"),
    ],
)
def test_funds_by_acronym_compound_and_name(text: str, lang: str, expected: str) -> None:
    assert expected in values(text, "fund", lang)


def test_a_programme_also_gives_its_parent_as_facet_value() -> None:
    passage, _ = tag("Hanke rahoitetaan Interreg Aurora -ohjelmasta.")
    assert passage.entities["fund"] == ["Interreg", "Interreg Aurora"]


def test_acronyms_need_capitals() -> None:
    assert "LIFE" not in values("Life is good in the city.", "fund", "en")
    assert "LIFE" in values("The LIFE programme funds nature projects.", "fund", "en")


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Kiertotalouden ratkaisuja kehitetään.", "fi", "circular economy"),
        ("Satsningar på cirkulär ekonomi", "sv", "circular economy"),
        ("Vetytalouden arvoketju", "fi", "hydrogen"),
        ("Uusi vetyhanke käynnistyy.", "fi", "hydrogen"),  # compound part
        ("Produktion av vätgas", "sv", "hydrogen"),
        ("Arktinen matkailu kasvaa.", "fi", "tourism"),
        ("Ett energibolag bildas.", "sv", "energy"),  # Swedish compound head
        ("Asemakaavan muutos hyväksyttiin.", "fi", "land use and zoning"),
        ("Ungdomsfullmäktiges beslut", "sv", "youth"),
    ],
)
def test_themes_from_trigger_lemmas(text: str, lang: str, expected: str) -> None:
    assert expected in values(text, "theme", lang)


def test_no_theme_inside_an_organisation_name() -> None:
    assert "business and employment" not in values("Business Finland myönsi tuen.", "theme")


def test_organisations_and_regions() -> None:
    _, mentions = tag("VTT:n ja Aalto-yliopiston hanke, Pohjois-Savon liitto ja TEM:n rahoitus.")
    found = {(m.type, m.value) for m in mentions}
    assert {
        ("organisation", "VTT"),
        ("organisation", "Aalto-yliopisto"),
        ("organisation", "Pohjois-Savon liitto"),
        ("region", "Pohjois-Savo"),
        ("organisation", "Työ- ja elinkeinoministeriö"),
    } <= found


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("liittymismaksu 1 000 euroa", "fi", "1000.00"),
        ("noin 10,3 miljoonaa euroa vuodessa", "fi", "10300000.00"),
        ("totalt 1,2 miljoner euro", "sv", "1200000.00"),
        ("kustannusarvio 7 761 504 €", "fi", "7761504.00"),
        ("enintään 2,5 milj. €", "fi", "2500000.00"),
        ("budjetti 500 t€", "fi", "500000.00"),
        ("500 tuhatta euroa", "fi", "500000.00"),
        ("price EUR 3 000", "en", "3000.00"),
        ("avgift 3 000 kronor", "sv", "3000.00 SEK"),
        ("12,50 € per henkilö", "fi", "12.50"),
    ],
)
def test_money_is_normalised(text: str, lang: str, expected: str) -> None:
    assert [m.value for m in tag(text, lang)[1] if m.type == "money"] == [expected]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Kokous 12.3.2024 klo 16", "fi", "2024-03-12"),
        ("Helsingissä 12. maaliskuuta 2024", "fi", "2024-03-12"),
        ("måndagen den 26 september 2022", "sv", "2022-09-26"),
        ("on September 26, 2022", "en", "2022-09-26"),
        ("päivätty 2024-03-12", "fi", "2024-03-12"),
    ],
)
def test_dates_are_iso(text: str, lang: str, expected: str) -> None:
    assert [m.value for m in tag(text, lang)[1] if m.type == "date"] == [expected]


def test_impossible_dates_and_year_ranges_are_not_dates() -> None:
    assert not [m for m in tag("31.2.2024 ja vuodet 2021–2027")[1] if m.type == "date"]


def test_mentions_keep_offsets_and_rules() -> None:
    text = "Espoon kaupunki haki EU:n RRF-rahoitusta, 1 000 euroa, 8.5.2017."
    passage, mentions = tag(text)
    assert mentions
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert m.passage_id == passage.passage_id
    rules = {(m.type, m.rule) for m in mentions}
    assert ("municipality", "gazetteer.lemma:municipality") in rules
    assert ("fund", "gazetteer.prefix:fund") in rules
    assert ("money", "regex.money") in rules
    assert ("date", "regex.date") in rules
    assert passage.entities["municipality"] == ["Espoo"]


@pytest.mark.parametrize(
    ("facet", "aliases"),
    [
        ("fund", ["ERDF", "eakr", "EAKR", "Euroopan aluekehitysrahasto", "ERUF"]),
        ("theme", ["circular economy", "kiertotalous", "cirkulär ekonomi", "Kiertotalouden"]),
        ("municipality", ["Espoo", "espoo", "Esbo", "ESBO", "Espoon"]),
        ("region", ["Pohjois-Savo", "Norra Savolax", "North Savo", "Pohjois-Savon liitto"]),
        ("organisation", ["TEM", "työ- ja elinkeinoministeriö", "Arbets- och näringsministeriet"]),
    ],
)
def test_resolve_accepts_any_alias(facet: str, aliases: list[str]) -> None:
    assert len({entities.resolve(facet, a) for a in aliases}) == 1


def test_resolve_unknown_value_suggests_close_matches() -> None:
    with pytest.raises(UnknownFacetValue) as info:
        entities.resolve("municipality", "Espooo")
    assert info.value.suggestions[0] == "Espoo"
    assert str(info.value).startswith("unknown municipality 'Espooo'; did you mean: Espoo")


def test_resolve_unknown_facet_lists_the_facets() -> None:
    with pytest.raises(UnknownEntityType, match="choose one of: municipality, region"):
        entities.resolve("city", "Espoo")


def test_known_values_cover_the_gazetteers() -> None:
    assert len(entities.known_values("municipality")) == 309
    assert len(entities.known_values("region")) == 19
    assert 20 <= len(entities.known_values("theme")) <= 30
    assert {"ERDF", "ESF+", "JTF", "RRF", "Horizon Europe", "Interreg"} <= set(
        entities.known_values("fund")
    )


def test_merged_municipality_is_an_alias_of_the_absorbing_one() -> None:
    assert entities.resolve("municipality", "Honkajoki") == "Kankaanpää"


def test_theme_terms_and_labels_in_every_language() -> None:
    terms = entities.theme_terms("vety")
    assert {"vety", "vätgas", "hydrogen"} <= set(terms)
    assert entities.label("municipality", "Kokkola", "sv") == "Karleby"
    assert entities.label("fund", "eakr", "fi").startswith("Euroopan aluekehitysrahasto")


@pytest.mark.voikko  # the first-name rule reads Voikko's first-name class (etunimi)
@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Päätösehdotus Kaupunginjohtaja Mäkelä Jukka", "fi", {"Jukka Mäkelä"}),
        ("Esittelijä kaupunginjohtaja Matti Pennanen", "fi", {"Matti Pennanen"}),
        ("[X] Haverinen Emilia, ordförande", "sv", {"Emilia Haverinen"}),
        ("Ordförande Emilia Haverinen öppnar mötet.", "sv", {"Emilia Haverinen"}),
        ("Anna Kaupunginhallitukselle tiedoksi.", "fi", set()),  # anna = give
        ("Toimittaja Mirka Ltd", "fi", set()),  # a company
    ],
)
def test_persons_by_first_name_rule(text: str, lang: str, expected: set[str]) -> None:
    assert values(text, "person", lang) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Espoon kaupunki", "Espoo"),
        ("Nykarleby stad", "Uusikaarlepyy"),
        ("City of Oulu", "Oulu"),
        ("Pedersören kunta", "Pedersören kunta"),
    ],
)
def test_resolve_an_issuer_written_with_its_kind(value: str, expected: str) -> None:
    assert entities.resolve("municipality", value) == expected


@pytest.mark.parametrize("facet", ["municipality", "region", "fund", "organisation"])
def test_no_alias_names_two_values(facet: str) -> None:
    from kuntahaku.gazetteer._data import entries

    owner: dict[str, str] = {}
    for entry in entries(facet):
        for alias, _ in entry.aliases:
            assert owner.setdefault(alias.lower(), entry.value) == entry.value, alias


@pytest.mark.parametrize(
    ("text", "lang", "theme", "tagged"),
    [
        ("Budget för projektet: budget 2023, budget 2024.", "sv", "municipal finance", False),
        ("Kommunens budget och bokslut behandlas.", "sv", "municipal finance", True),
        ("Kaupungin talousarvio hyväksyttiin.", "fi", "municipal finance", True),
        ("Utbildning av personalen", "sv", "education and skills", False),
        ("Hyvinvointi ja hyvinvointipalvelut", "fi", "wellbeing and social services", True),
    ],
)
def test_general_terms_need_company(text: str, lang: str, theme: str, tagged: bool) -> None:
    passage, mentions = tag(text, lang)
    assert (theme in passage.entities.get("theme", [])) is tagged
    assert any(m.value == theme for m in mentions) is tagged


def test_the_pipeline_reads_each_doc_once_and_shows_base_forms_as_lemmas() -> None:
    from kuntahaku.ingest.entities._pipeline import SPANS_KEY, pipeline

    text = "Helsingissä 12.3.2024  päätettiin:\n1 000 euroa Espoolle."
    doc = pipeline("fi")(text)
    assert doc._.kh_words.text == doc.text == text
    assert [t.text for t in doc] == doc._.kh_words.texts
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["Helsingissä"] == "helsinki" and lemmas["Espoolle"] == "espoo"
    assert lemmas[":"] == "" and lemmas["\n"] == ""
    found = {(s.label_, s.kb_id_) for s in doc.spans[SPANS_KEY]}
    assert {("municipality", "Helsinki"), ("municipality", "Espoo")} <= found
    assert {("date", "2024-03-12"), ("money", "1000.00")} <= found


@pytest.mark.parametrize(
    ("text", "court"),
    [
        ("Valitus Vaasan hallinto-oikeus ratkaisi asian.", "Vaasan hallinto-oikeus"),
        ("Kunnallisvalitus tehdään Helsingin hallinto-oikeudelle.", "Helsingin hallinto-oikeus"),
        ("KHO:n päätös on lainvoimainen.", "Korkein hallinto-oikeus"),
    ],
)
def test_a_court_is_an_organisation_not_its_town(text: str, court: str) -> None:
    passage, _ = tag(text)
    assert passage.entities.get("organisation") == [court]
    assert "municipality" not in passage.entities


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hakemuksen jätti Lapuan Jätevesi Oy:n edustaja.", {"Lapuan Jätevesi Oy"}),
        ("Valittajina ovat Lapuan Virkiä ry ja Sweco OY.", {"Lapuan Virkiä ry", "Sweco Oy"}),
        ("Oy:n hallitus kokoontui.", set()),  # a form word needs a name
    ],
)
def test_organisations_by_legal_form(text: str, expected: set[str]) -> None:
    passage, _ = tag(text)
    assert set(passage.entities.get("organisation", [])) == expected
    assert "municipality" not in passage.entities  # Lapua inside the company's name


@pytest.mark.voikko  # Voikko tells a common word (lisäksi) from a name
def test_a_sentence_initial_common_word_is_no_part_of_a_company_name() -> None:
    assert values("Lisäksi Kuntien Tiera Oy toimittaa.", "organisation") == {"Kuntien Tiera Oy"}


@pytest.mark.voikko  # base forms of säätiö
def test_foundations_in_base_form() -> None:
    assert values("Koneen Säätiön ja Sibelius-säätiön tuki.", "organisation") == {
        "Koneen Säätiö",
        "Sibelius-säätiö",
    }


def test_wellbeing_services_counties_in_both_languages() -> None:
    fi = values("Etelä-Pohjanmaan hyvinvointialueen palvelut", "organisation")
    sv = values("Södra Österbottens välfärdsområde ordnar vården", "organisation", "sv")
    assert fi == sv == {"Etelä-Pohjanmaan hyvinvointialue"}
    assert entities.resolve("organisation", "Pohde") == "Pohjois-Pohjanmaan hyvinvointialue"


def test_a_filter_accepts_an_organisation_named_by_its_form() -> None:
    assert entities.resolve("organisation", "Lapuan Jätevesi Oy:n") == "Lapuan Jätevesi Oy"
    with pytest.raises(UnknownFacetValue):
        entities.resolve("organisation", "Jätevesi")


@pytest.mark.voikko  # Voikko's surname class and base forms
@pytest.mark.parametrize(
    ("text", "persons"),
    [
        ("Simo Ikola, 1. varapuheenjohtaja", {"Simo Ikola"}),
        ("[X] Ikola Simo", {"Simo Ikola"}),
        ("vastauksena valtuutettu Hannele Kerolan aloitteeseen", {"Hannele Kerola"}),
        ("Kuultiin Riina Turjaa. Riina Turja, hyvinvointikoordinaattori.", {"Riina Turja"}),
    ],
)
def test_persons_in_base_form_and_first_names_that_are_places(text: str, persons: set[str]) -> None:
    assert values(text, "person") == persons
    assert values(text, "municipality") == set()  # Simo is a first name here


@pytest.mark.parametrize(
    ("text", "sweden"),
    [
        ("Riksdagen beslutade om statsbidrag på 3 mnkr till Sveriges kommuner.", True),
        ("Riksdagen i Finland beslutade om 3 000 euro till kommunerna.", False),
    ],
)
def test_riksdagen_in_a_document_from_sweden_is_not_eduskunta(text: str, sweden: bool) -> None:
    found = values(text, "organisation", "sv")
    assert found == (set() if sweden else {"Eduskunta"})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Talousarvion toteutuminen 1.1.-30.4.2025", ["2025-01-01", "2025-04-30"]),
        ("Myönnetyt luvat 20.10. - 15.12.2023", ["2023-10-20", "2023-12-15"]),
        ("valinta 1.6.2025-31.5.2027", ["2025-06-01", "2027-05-31"]),
    ],
)
def test_a_date_range_gives_both_ends(text: str, expected: list[str]) -> None:
    assert sorted(m.value for m in tag(text)[1] if m.type == "date") == expected


@pytest.mark.voikko  # Voikko's name classes
def test_a_common_word_is_a_surname_after_a_word_that_is_only_a_first_name() -> None:
    assert values("Saapuvilla Juha Hella ja Sami Kuula", "person") == {"Juha Hella", "Sami Kuula"}
    assert values("Anna Kaupunginhallitukselle tiedoksi.", "person") == set()
