"""Reading-list parts on real text: citations, page lookup, quote choice, grouping, renditions."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from kuntahaku.models import Document, Page, Passage
from kuntahaku.readinglist import dedup
from kuntahaku.readinglist.cite import citation, finnish_date, locate, normalise
from kuntahaku.readinglist.group import group_entries
from kuntahaku.readinglist.model import Entry, Quote
from kuntahaku.readinglist.quotes import (
    TermMatcher,
    best_sentence,
    marked_terms,
    pick_quotes,
    sentences,
    shorten,
)
from kuntahaku.store import DocumentStore

# -- citations -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("iso", "shown"),
    [("2024-03-12", "12.3.2024"), ("2017-05-08", "8.5.2017"), ("", ""), ("2023", "2023")],
)
def test_finnish_date(iso: str, shown: str) -> None:
    assert finnish_date(iso) == shown


@pytest.mark.parametrize(
    ("entry", "quote", "line"),
    [
        (
            Entry("a", "/x.pdf", municipality="Oulu", body="kaupunginhallitus", date="2024-03-12"),
            Quote("…", page=7, section="§ 45"),
            "Oulu, kaupunginhallitus 12.3.2024 § 45, s. 7",
        ),
        (
            Entry(
                "a", "/x.pdf", municipality="Nykarleby", body="stadsstyrelsen", date="2022-09-26"
            ),
            Quote("…", page=12, page_end=13, section="§ 163"),
            "Nykarleby, stadsstyrelsen 26.9.2022 § 163, s. 12–13",
        ),
        (Entry("a", "/x.pdf", municipality="Oulu"), Quote("…", page=3), "Oulu, s. 3"),
        (Entry("a", "/x.pdf", body="kaupunginvaltuusto"), Quote("…", page=0), "kaupunginvaltuusto"),
        (Entry("a", "/x.txt"), Quote("…", page=2), "s. 2"),
    ],
)
def test_citation_leaves_out_what_is_unknown(entry: Entry, quote: Quote, line: str) -> None:
    assert citation(entry, quote) == line


def _doc(pages: list[str]) -> Document:
    return Document(
        doc_id="d",
        path="/d.pdf",
        pages=[Page(number=i + 1, text=t) for i, t in enumerate(pages)],
    )


def test_locate_finds_the_page_of_the_sentence_not_the_passage_start() -> None:
    doc = _doc(
        [
            "Kaupunginhallitus päättää hyväksyä talousarvion.",
            "Kiertotalouden edistäminen on osa strategiaa. Tavoitteena on vähentää jätettä.",
        ]
    )
    assert locate(doc, "Kiertotalouden edistäminen on osa strategiaa.", [1, 2]) == (2, 0)
    assert locate(doc, "Kaupunginhallitus päättää hyväksyä talousarvion.", [1, 2]) == (1, 0)


def test_locate_sees_through_hyphenation_and_line_breaks() -> None:
    doc = _doc(["Alku.", "Ekosysteemisopimuk-\nsen valmistelu- tilanne pää- kaupunkiseudulla"])
    assert locate(doc, "Ekosysteemisopimuksen valmistelutilanne pääkaupunkiseudulla", [1, 2]) == (
        2,
        0,
    )


def test_locate_a_sentence_running_over_a_page_break() -> None:
    doc = _doc(
        [
            "Otsikko. Kaupunginhallitus päättää, että Espoon kaupunki liittyy",
            "Smart City Innovation Cluster -osuuskuntaan ja maksaa jäsenmaksun. Loppu.",
        ]
    )
    text = (
        "Kaupunginhallitus päättää, että Espoon kaupunki liittyy Smart City Innovation Cluster"
        " -osuuskuntaan ja maksaa jäsenmaksun."
    )
    assert locate(doc, text, [1, 2]) == (1, 2)


def test_locate_falls_back_to_the_passage_first_page() -> None:
    doc = _doc(["yksi", "kaksi", "kolme"])
    assert locate(doc, "Tätä lausetta ei ole millään sivulla.", [2, 3]) == (2, 0)


def test_located_quotes_stand_on_their_stored_pages(corpus_index_dir: Path) -> None:
    """Every sentence quoted from a multi-page passage is found on the page it cites."""
    matcher = TermMatcher(["kaupunginhallitus", "talousarvio", "stadsstyrelsen"])
    checked = 0
    with DocumentStore(corpus_index_dir) as store:
        for doc in store.documents():
            pages = {p.number: normalise(p.text) for p in doc.pages}
            for q in pick_quotes(doc, [], matcher, 3):
                assert q.page in q.passage_pages
                key = normalise(q.text.strip("…"))[:40]
                on_page = pages[q.page] + (pages[q.page + 1] if q.page_end else "")
                assert key in on_page, (doc.path, q)
                checked += 1
    assert checked > 20


# -- quotes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("Kaupunginhallitus päättää. Esittelijän ehdotus hyväksyttiin yksimielisesti.", 2),
        ("Stadsstyrelsen beslutar. Förslaget godkändes.\n\nBilaga 1 finns på sid 3.", 3),
        ("Vuosikate oli n. 60,2 milj. euroa ja poistot 94,2 %.", 1),
        ("", 0),
    ],
)
def test_sentences(text: str, n: int) -> None:
    assert len(sentences(text)) == n


@pytest.mark.parametrize(
    ("term", "text", "found"),
    [
        ("kiertotalous", "Kiertotalouden teemaverkosto kokoaa toimijat", True),
        ("kiertotalous", "kiertotalousinvestointien määrää kasvatetaan", True),
        ("cirkulär ekonomi", "Den cirkulära ekonomin främjas i regionen", True),
        ("cirkulär ekonomi", "Den cirkulära modellen", False),
        ("EU", "EU:n kestävän kaupunkikehityksen rahoitus", True),
        ("EU", "Neuvoston päätös", False),
        ("vety", "Vetytalouden ekosysteemi", True),
    ],
)
def test_term_matcher(term: str, text: str, found: bool) -> None:
    assert (TermMatcher([term]).score(text) > 0) is found


def test_marked_terms_from_snippets() -> None:
    snippets = ["... <<kiertotalouden>> edistäminen ...", "<<Kiertotalouden>> ja <<vety>>"]
    assert marked_terms(snippets) == ["kiertotalouden", "vety"]


def test_best_sentence_prefers_the_matching_sentence() -> None:
    passage = Passage(
        passage_id="d:0000",
        doc_id="d",
        ordinal=0,
        pages=[1],
        text="Kokous todettiin lailliseksi ja päätösvaltaiseksi. Kaupunki edistää "
        "kiertotaloutta hankinnoissaan ja rakentamisessa. Pöytäkirja tarkastettiin.",
    )
    text, score, _ = best_sentence(passage, TermMatcher(["kiertotalous"]))
    assert text.startswith("Kaupunki edistää kiertotaloutta")
    assert score >= 1


def test_shorten_keeps_the_matched_word_and_marks_cuts() -> None:
    sentence = " ".join(["sana"] * 100) + " kiertotalous " + " ".join(["muu"] * 100)
    out = shorten(sentence, sentence.index("kiertotalous"), limit=120)
    assert "kiertotalous" in out
    assert out.startswith("…") and out.endswith("…")
    assert len(out) <= 122


# -- grouping -------------------------------------------------------------------------------


def _entries() -> list[Entry]:
    return [
        Entry(
            "a",
            "/a",
            date="2021-05-01",
            score=1.0,
            themes=["circular_economy"],
            municipality="Oulu",
        ),
        Entry("b", "/b", date="2024-02-01", score=3.0, themes=["hydrogen", "circular_economy"]),
        Entry("c", "/c", date="", score=2.0, themes=[], municipalities=["Lapua"]),
        Entry("d", "/d", date="2023-01-01", score=0.5, themes=["hydrogen"], municipality="Espoo"),
    ]


def test_group_by_year_newest_first_undated_last() -> None:
    groups = group_entries(_entries(), "year", "date")
    assert [g.key for g in groups] == ["2024", "2023", "2021", ""]
    assert groups[-1].label == "Undated"


def test_group_by_theme_prefers_the_requested_theme_and_lists_each_entry_once() -> None:
    groups = group_entries(_entries(), "theme", "relevance", wanted_themes=["circular_economy"])
    placed = {e.doc_id: g.key for g in groups for e in g.entries}
    assert placed == {"a": "circular_economy", "b": "circular_economy", "c": "", "d": "hydrogen"}
    assert [e.doc_id for e in groups[0].entries] == ["b", "a"]  # relevance order within


def test_group_by_municipality_uses_the_issuer_only() -> None:
    groups = group_entries(_entries(), "municipality", "date")
    assert [g.key for g in groups] == ["Espoo", "Oulu", ""]
    assert groups[-1].label == "No issuing municipality known"
    assert [e.doc_id for e in groups[-1].entries] == ["b", "c"]  # c only names Lapua


def test_order_by_date_puts_undated_last() -> None:
    (group,) = group_entries(_entries(), "none", "date")
    assert [e.doc_id for e in group.entries] == ["b", "d", "a", "c"]


# -- renditions -----------------------------------------------------------------------------

RENDITIONS = [
    {f"seeds/{n}.txt", f"seed-pdfs/lo_txt_{i}.pdf", f"seed-pdfs/lo_fodt_{i}.pdf"}
    for i, n in [
        ("000", "000_344c752e51ca3c21"),
        ("001", "001_355a2dc494c55cb1"),
        ("002", "002_4302fe300bc583a9"),
        ("003", "003_f89e401ac00ddec4"),
        ("004", "004_5c2fa7a6dfcf7351"),
    ]
] + [
    {
        "real-docs/fi_oulu_kh_tilinpaatos2016_libreoffice.pdf",
        "real-docs/fi_oulu_kh_tilinpaatos2016_msword.pdf",
    }
]


def _rel(doc: Document) -> str:
    parts = Path(doc.path).parts
    return "/".join(parts[-2:])


def test_renditions_of_one_text_cluster_together_and_nothing_else(corpus_index_dir: Path) -> None:
    with DocumentStore(corpus_index_dir) as store:
        docs = list(store.documents())
    groups = [{_rel(d) for d in g} for g in dedup.cluster(docs)]
    multi = [g for g in groups if len(g) > 1]
    assert sorted(map(sorted, multi)) == sorted(map(sorted, RENDITIONS))
    assert sum(len(g) for g in groups) == len(docs)


def test_similarity_margin_between_renditions_and_distinct_documents(
    corpus_index_dir: Path,
) -> None:
    with DocumentStore(corpus_index_dir) as store:
        shingled = {_rel(d): dedup.shingles(d) for d in store.documents()}
    same = {frozenset(p) for g in RENDITIONS for p in itertools.combinations(g, 2)}
    lowest_same, highest_other = 1.0, 0.0
    for a, b in itertools.combinations(sorted(shingled), 2):
        j = dedup.jaccard(shingled[a], shingled[b])
        if frozenset((a, b)) in same:
            lowest_same = min(lowest_same, j)
        else:
            highest_other = max(highest_other, j)
    assert lowest_same >= dedup.THRESHOLD + 0.2
    assert highest_other <= dedup.THRESHOLD - 0.25
