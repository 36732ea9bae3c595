"""Folding renditions compares the substance of documents, not the boilerplate they share with
the rest of the index: real appeal instructions of Lapua's city board (two meetings), two real
decision extracts of one meeting (§ 190 and § 191), the whole minutes they come from, and two
grants (§ 45 and § 46) that end in the same real appeal instructions."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kuntahaku.cli import cli
from kuntahaku.models import Document, Metadata
from kuntahaku.readinglist import dedup
from kuntahaku.store import DocumentStore

from .conftest import FIXTURES, REAL_DOCS

sys.path.insert(0, str(FIXTURES))
import make_grants

REAL = FIXTURES / "real"
MINUTES = REAL_DOCS / "fi_lapua_kh_poytakirja_2025-05-26.pdf"
APPEAL = REAL / "fi_lapua_kh_2025-05-26_oikaisuvaatimusohje.txt"  # its pages 89-90
OTHER_APPEAL = REAL / "fi_lapua_kh_2025-02-03_oikaisuvaatimusohje.txt"  # another meeting's
EXTRACTS = sorted(REAL.glob("fi_lapua_kh_2025-05-26_pykala_*_ote.txt"))  # § pages + 89-90


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The grants (ending in the real appeal text), the extracts, the minutes, the appeal text
    of another meeting."""
    tmp = tmp_path_factory.mktemp("boilerplate")
    make_grants.make(tmp / "grants", APPEAL.read_text(encoding="utf-8"))
    paths = [str(tmp / "grants"), str(MINUTES), str(OTHER_APPEAL), *map(str, EXTRACTS)]
    done = CliRunner().invoke(cli, ["--index", str(tmp / "idx"), "ingest", *paths])
    assert done.exit_code == 0, done.output
    return tmp / "idx"


def _docs(index: Path) -> dict[str, Document]:
    with DocumentStore(index) as store:
        return {Path(d.path).name: d for d in store.documents()}


def _anonymous(doc: Document) -> Document:
    """The document without what it says it is (§, diary numbers, sums): only its text is left
    to tell it apart, as for documents whose structure was not recognised."""
    return dataclasses.replace(doc, metadata=Metadata(), mentions=[])


def test_the_grants_fold_on_boilerplate_alone_but_not_by_substance(index: Path) -> None:
    docs = _docs(index)
    a, b = (_anonymous(docs[f"avustus_{n}.txt"]) for n in (45, 46))
    assert not dedup.distinct(a, b)
    assert dedup.jaccard(dedup.shingles(a), dedup.shingles(b)) >= dedup.THRESHOLD  # the trap
    assert len(dedup.cluster([a, b])) == 1  # whole texts alone fold them
    with DocumentStore(index) as store:
        boilerplate = dedup.Boilerplate.of_store(store)
    assert [[d.doc_id for d in g] for g in dedup.cluster([a, b], boilerplate=boilerplate)] == [
        [a.doc_id],
        [b.doc_id],
    ]


def test_substance_is_the_text_without_the_appeal_instructions(index: Path) -> None:
    docs = _docs(index)
    with DocumentStore(index) as store:
        boilerplate = dedup.Boilerplate.of_store(store)
    own = boilerplate.substance([docs["avustus_45.txt"], docs["avustus_46.txt"]])
    assert "kylätalonenergiaremonttiin" in own[0] and "harrastustoiminnan" in own[1]
    appeal = dedup.sentence_keys(APPEAL.read_text(encoding="utf-8"))
    long_ones = [k for k in appeal if len(k) >= dedup.MIN_SENTENCE]
    gone = [k for k in long_ones if k not in own[0]]
    assert len(gone) >= 0.6 * len(long_ones)  # the rest differs between the two meetings


def test_renditions_with_the_appeal_text_still_fold(index: Path) -> None:
    """A decision extract and its copy with running headers and line breaks of its own: the
    substance survives, the appeal text goes from both."""
    docs = _docs(index)
    note = _anonymous(docs[EXTRACTS[0].name])
    text = EXTRACTS[0].read_text(encoding="utf-8")
    copy = dataclasses.replace(
        note,
        doc_id="copy",
        passages=[
            dataclasses.replace(p, text=p.text.replace(" ", "\n", 40)) for p in note.passages
        ],
    )
    with DocumentStore(index) as store:
        boilerplate = dedup.Boilerplate.of_store(store)
    assert "määräalanostotilasta" in "".join(dedup.sentence_keys(text))
    assert len(dedup.cluster([note, copy], boilerplate=boilerplate)) == 1


def test_a_reading_list_keeps_the_grants_and_the_extracts_apart(index: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["--index", str(index), "reading-list", "build", "kaupunginhallitus", "--format", "json"],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    entries = {Path(e["path"]).name: e for g in data["groups"] for e in g["entries"]}
    for name in ("avustus_45.txt", "avustus_46.txt", *(p.name for p in EXTRACTS)):
        assert name in entries and not entries[name].get("also"), name
