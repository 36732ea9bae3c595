"""The benchmark generator: reproducible from a seed, exact in size, shaped like real minutes."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

import pytest

from bench.speed.generate import corpus_model, generate_documents, sentences_of
from kuntahaku.models import STATUS_OK, Document

FACETS = ("municipality", "region", "fund", "theme", "organisation")


@pytest.fixture(scope="module")
def docs() -> list[Document]:
    """3000 passages from seed 7."""
    return list(generate_documents(3000, seed=7))


def test_same_seed_gives_the_same_documents() -> None:
    first = [d.to_dict() for d in generate_documents(400, seed=3)]
    again = [d.to_dict() for d in generate_documents(400, seed=3)]
    other = [d.to_dict() for d in generate_documents(400, seed=4)]
    assert first == again
    assert first != other


@pytest.mark.parametrize("n", [0, 1, 17, 1000])
def test_exactly_n_passages(n: int) -> None:
    assert sum(len(d.passages) for d in generate_documents(n, seed=1)) == n


def test_streams_without_building_the_whole_corpus() -> None:
    gen = generate_documents(10**9, seed=0)
    assert isinstance(gen, Iterator)
    assert next(gen).passages  # a billion passages are not built up front


def test_passage_ids_are_unique_and_belong_to_their_document(docs: list[Document]) -> None:
    ids = [p.passage_id for d in docs for p in d.passages]
    assert len(ids) == len(set(ids))
    assert all(p.doc_id == d.doc_id for d in docs for p in d.passages)
    assert all(d.status == STATUS_OK for d in docs)


def test_both_languages_with_their_own_words(docs: list[Document]) -> None:
    langs = Counter(d.lang for d in docs)
    assert langs["fi"] > langs["sv"] > 0
    for doc in docs[:200]:
        words = Counter(w.lower() for p in doc.passages for w in p.text.split())
        fi = words["ja"] + words["on"] + words["että"]
        sv = words["och"] + words["att"] + words["är"]
        assert (fi > sv) if doc.lang == "fi" else (sv > fi), doc.metadata.title


def test_passages_are_section_items_of_realistic_size(docs: list[Document]) -> None:
    for doc in docs:
        numbers = [int(p.section.removeprefix("§ ")) for p in doc.passages]
        assert numbers == list(range(numbers[0], numbers[0] + len(numbers)))
        for p in doc.passages:
            assert p.text.startswith(p.section + " ")
    sizes = sorted(len(p.text) for d in docs for p in d.passages)
    assert sizes[0] >= 200 and sizes[len(sizes) // 2] > 500 and sizes[-1] < 3200


def test_vocabulary_comes_from_the_real_corpus(docs: list[Document]) -> None:
    model = corpus_model()
    known = set(model.langs["fi"].successors) | set(model.langs["sv"].successors)
    words = [w for d in docs[:100] for p in d.passages for w in p.text.split()[3:]]
    share = sum(w in known for w in words) / len(words)
    assert share > 0.9  # the rest: woven entity names, dates, amounts
    # A Zipf-like vocabulary: many distinct words, a few of them very frequent.
    counts = Counter(words)
    assert len(counts) > 3000
    assert counts.most_common(1)[0][1] > 50 * counts.most_common(1000)[-1][1]


def test_entities_are_named_in_the_text_and_listed_as_facets(docs: list[Document]) -> None:
    seen: Counter[str] = Counter()
    for doc in docs:
        for p in doc.passages:
            assert set(p.entities) <= set(FACETS)
            for facet, values in p.entities.items():
                seen[facet] += 1
                assert values and len(values) == len(set(values))
            for muni in p.entities.get("municipality", []):
                if doc.lang == "fi":
                    assert muni in p.text
    assert all(seen[f] > 50 for f in FACETS), seen
    # Big towns are named more often than small ones.
    munis = Counter(m for d in docs for p in d.passages for m in p.entities.get("municipality", []))
    assert munis["Helsinki"] > munis["Kemi"]


def test_swedish_passages_use_swedish_place_names(docs: list[Document]) -> None:
    sv = [p for d in docs if d.lang == "sv" for p in d.passages]
    helsinki = [p for p in sv if "Helsinki" in p.entities.get("municipality", [])]
    assert helsinki
    assert all("Helsingfors" in p.text for p in helsinki)


def test_documents_carry_dates_bodies_and_diary_numbers(docs: list[Document]) -> None:
    years = Counter(d.metadata.date[:4] for d in docs)
    assert len(years) >= 8
    for doc in docs:
        meta = doc.metadata
        assert re.fullmatch(r"20\d\d-\d\d-\d\d", meta.date)
        assert meta.body and meta.title and meta.doc_type
        assert len(meta.diary_numbers) == len(doc.passages) == len(meta.sections)
        for p, diary in zip(doc.passages, meta.diary_numbers, strict=True):
            assert diary in p.text
            assert meta.date[:4] in diary


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Kaupunginhallitus päättää, että Espoon kaupunki liittyy osuuskuntaan. Lisäksi "
            "liittymismaksu maksetaan kustannuspaikalta.",
            2,
        ),
        ("Ekosysteemisopimuk-\nsen valmistelu jatkuu kaupunkien kanssa vuonna 2025.", 1),
        ("Stadsstyrelsen beslutade att godkänna avtalet. Ärendet bordlades.", 1),
        ("1 2 3 4 5 6 7 8 9", 0),
    ],
)
def test_sentences_are_read_from_real_lines(text: str, expected: int) -> None:
    sentences = sentences_of(text)
    assert len(sentences) == expected
    assert all("Ekosysteemisopimuksen" in s for s in sentences if s[0].startswith("Ekosys"))
