"""What keeps a `kuntahaku search` from a fresh process quick: it imports no ingest stage, reads
simplemma's dictionaries from the cache folder instead of loading them, and marks snippets from
the index's term positions instead of analysing passages again. Each gives the same answers as
the slow way. (The times themselves are measured in bench/cold_start.py.)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import simplemma

from kuntahaku.search import SearchRequest, run_search
from kuntahaku.search._live import live_index
from kuntahaku.search._schema import LANGS
from kuntahaku.search._search import _prepare
from kuntahaku.search._snippet import make_snippet
from kuntahaku.search._whoosh_search import compile_filtered, matched_terms
from kuntahaku.text import _lexicon

ROOT = Path(__file__).resolve().parents[1]


def _python(code: str, **env: str) -> str:
    full = {**os.environ, **env, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=full, check=True
    )
    return done.stdout.strip()


def test_the_cli_imports_no_ingest_stage() -> None:
    out = _python(
        "import sys, kuntahaku.cli; "
        "print(sorted(m for m in ('spacy', 'pytesseract', 'pypdfium2', 'kuntahaku.ingest.batch',"
        " 'kuntahaku.ingest.pipeline', 'langdetect') if m in sys.modules))"
    )
    assert out == "[]"


def test_the_cli_loads_neither_search_nor_reading_lists_until_a_command_needs_them() -> None:
    out = _python(
        "import sys, kuntahaku.cli; "
        "print(sorted(m for m in ('whoosh', 'numpy', 'simplemma', 'kuntahaku.search',"
        " 'kuntahaku.readinglist.build', 'kuntahaku.readinglist.export',"
        " 'kuntahaku.ingest.consistency', 'kuntahaku.ingest.entities') if m in sys.modules))"
    )
    assert out == "[]"


def test_the_format_names_the_cli_offers_are_the_exporters() -> None:
    from kuntahaku.readinglist.export import FORMATS
    from kuntahaku.readinglist.model import FORMAT_NAMES

    assert sorted(FORMATS) == sorted(FORMAT_NAMES)


def test_a_search_of_words_seen_before_does_not_import_simplemma(corpus_index_dir: Path) -> None:
    """The first search of a word asks simplemma (unless an ingest did) and keeps the answer in
    the cache folder, next to the dictionary files the ingest wrote; a later search process for
    that word reads it there and never imports simplemma."""
    code = (
        "import sys; from pathlib import Path; from kuntahaku.search import run_search,"
        f" SearchRequest; r = run_search(Path({str(corpus_index_dir)!r}),"
        " SearchRequest('avtalet OR kiertotalous OR ungdomsfullmäktige')); print(r.total > 0,"
        " 'simplemma' in sys.modules)"
    )
    assert _python(code).startswith("True ")
    assert _python(code) == "True False"


def test_a_search_on_a_tantivy_index_loads_no_whoosh(corpus_index_dir: Path) -> None:
    """The default engine's search, facets and snippets included, runs without importing the
    other engine (whoosh's import alone is a tenth of a fresh search's time); only the Porter
    stemmer that English analysis uses comes from the whoosh package."""
    code = (
        "import sys; from pathlib import Path; from kuntahaku.search import run_search,"
        f" SearchRequest; r = run_search(Path({str(corpus_index_dir)!r}),"
        " SearchRequest('kiertotalous', filters={'theme': ['circular economy']}));"
        " print(r.total > 0, bool(r.hits[0].snippet), sorted(m for m in sys.modules"
        " if m.split('.')[0] == 'whoosh' and m not in ('whoosh', 'whoosh.lang',"
        " 'whoosh.lang.porter')))"
    )
    assert _python(code) == "True True []"


def test_the_kept_lemmas_are_simplemmas_lemmas(corpus_index_dir: Path) -> None:
    """Every 50th (word, language) the corpus ingest kept, against simplemma asked directly."""
    import sqlite3

    from kuntahaku.text.lemmas import _simplemma_lemmatizer

    path = _lexicon.memo_path()
    assert path.is_file()
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT lang, word, lemma FROM m").fetchall()
    assert len(rows) > 1000
    sample = rows[::50]
    direct = [str(_simplemma_lemmatizer().lemmatize(w, lang=lang)).lower() for lang, w, _ in sample]
    assert direct == [lemma for _, _, lemma in sample]


def test_a_broken_lemma_file_costs_only_time(tmp_path: Path, corpus_index_dir: Path) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path)}
    path = Path(_python("from kuntahaku.text import _lexicon; print(_lexicon.memo_path())", **env))
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a database" * 100)
    out = _python(
        "from pathlib import Path; from kuntahaku.search import run_search, SearchRequest;"
        f" print(run_search(Path({str(corpus_index_dir)!r}), SearchRequest('avtalet')).total > 0)",
        **env,
    )
    assert out == "True"
    assert path.read_bytes() == b"not a database" * 100


def test_a_search_reads_the_dictionary_file_and_loads_no_dictionary(
    corpus_index_dir: Path,
) -> None:
    """After an ingest (which writes the files), a search process loads no dictionary."""
    assert _lexicon.lexicon_path("sv").is_file()
    out = _python(
        "from pathlib import Path; from kuntahaku.search import run_search, SearchRequest; "
        "import sys, kuntahaku.text.lemmas; lm = sys.modules['kuntahaku.text.lemmas']; "
        f"r = run_search(Path({str(corpus_index_dir)!r}), SearchRequest('avtalet kommunen'));"
        "print(r.total > 0, lm._dictionary_factory()._get_dictionary.cache_info().currsize)"
    )
    assert out == "True 0"


def test_the_dictionary_file_gives_what_the_dictionary_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    _lexicon.open_lexicon.cache_clear()
    from simplemma.strategies import DefaultStrategy
    from simplemma.strategies.dictionaries.dictionary_factory import (
        DEFAULT_DICTIONARY_FACTORY,
    )

    table = DEFAULT_DICTIONARY_FACTORY.get_dictionary("en")
    decoded = {k.decode(): v.decode() for k, v in table._dict.items()}  # type: ignore[attr-defined]
    assert _lexicon.write_lexicon("en", decoded, ["house"])
    disk = _lexicon.open_lexicon("en")
    assert disk is not None and disk.is_base_form("house") and not disk.is_base_form("houses")

    class _Disk:
        def get_dictionary(self, lang: str) -> object:
            return disk

    from_disk = simplemma.Lemmatizer(
        lemmatization_strategy=DefaultStrategy(dictionary_factory=_Disk())
    )
    in_memory = simplemma.Lemmatizer()
    words = [*list(decoded)[::997], "houses", "running", "better", "municipalities", "xyzzy"]
    assert [from_disk.lemmatize(w, lang="en") for w in words] == [
        in_memory.lemmatize(w, lang="en") for w in words
    ]
    _lexicon.open_lexicon.cache_clear()


def test_a_broken_dictionary_file_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    _lexicon.open_lexicon.cache_clear()
    path = _lexicon.lexicon_path("sv")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a database" * 100)
    assert _lexicon.open_lexicon("sv") is None
    _lexicon.open_lexicon.cache_clear()


@pytest.mark.parametrize(
    "query",
    [
        "kiertotalous",
        "sopimus",
        "Smart City osuuskunta",
        "avtalet",
        "Helsingissä",
        "vety",
        "ungdomsfullmäktige",
        "innovaat*",
        '"kestävä kehitys"',
        "hanke~2",
        "EAKR",
    ],
)
def test_snippets_from_positions_are_the_analysed_snippets(
    whoosh_corpus_index_dir: Path, query: str
) -> None:
    """The whoosh engine marks the tokens at the matched terms' positions; the same as
    analysing the passage (what the tantivy engine does)."""
    corpus_index_dir = whoosh_corpus_index_dir
    result = run_search(corpus_index_dir, SearchRequest(query=query, limit=0, passages=True))
    assert result.hits
    q, _ = compile_filtered(_prepare(SearchRequest(query=query))[0])
    terms = matched_terms(q, live_index(corpus_index_dir).searcher.reader())
    searcher = live_index(corpus_index_dir).searcher
    for hit in result.hits:
        stored = searcher.document(passage_id=hit.passage_id)
        langs = [c for c in stored["langs"] if c in LANGS] or list(LANGS)
        analysed = make_snippet(hit.text, {c: terms[f"text_{c}"] for c in langs})
        assert hit.snippet == analysed, query
