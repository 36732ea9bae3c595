"""The ingest/show/stats commands as a user drives them: incremental re-ingest, exit codes, JSON."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kuntahaku.cli import cli
from kuntahaku.search import open_index
from kuntahaku.store import DocumentStore

from .conftest import SEEDS

SEED_000 = next(SEEDS.glob("000_*.txt"))
SEED_001 = next(SEEDS.glob("001_*.txt"))


def run(index: Path, *args: str) -> tuple[int, str, str]:
    """Invoke the CLI with an index folder; return exit code, stdout and stderr."""
    result = CliRunner().invoke(cli, ["--index", str(index), *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def docs(tmp_path: Path) -> Path:
    """A folder with two real seed decisions, copied so that tests may change them."""
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(SEED_000, folder / "espoo.txt")
    shutil.copy(SEED_001, folder / "agreement.txt")
    return folder


def test_ingest_folder_then_reingest_is_a_no_op(tmp_path: Path, docs: Path) -> None:
    index = tmp_path / "idx"
    code, out, _ = run(index, "ingest", str(docs))
    assert code == 0
    assert out.startswith("Ingested 2 document(s)")
    code, out, _ = run(index, "ingest", str(docs))
    assert code == 0
    assert "Ingested 0 document(s) (0 pages, 0 passages), 2 unchanged, 0 failed." in out


def test_changed_file_replaces_its_passages(tmp_path: Path, docs: Path) -> None:
    index = tmp_path / "idx"
    run(index, "ingest", str(docs))
    with DocumentStore(index) as store:
        before = store.find("espoo.txt")
    target = docs / "espoo.txt"
    target.write_text("Kaupunginhallitus päätti hyväksyä uuden sopimuksen.\n", encoding="utf-8")
    code, out, _ = run(index, "ingest", str(docs))
    assert code == 0
    assert "1 unchanged" in out
    with DocumentStore(index) as store:
        after = store.find("espoo.txt")
        assert store.stats()["documents"] == 2
    assert after.doc_id == before.doc_id
    assert after.sha256 != before.sha256
    assert "uuden sopimuksen" in " ".join(p.text for p in after.passages)
    # The index holds exactly the passages of the two current records, none of the old text.
    with DocumentStore(index) as store:
        expected = sum(len(d.passages) for d in store.documents())
    assert open_index(index).passage_count() == expected


def test_force_reingests_unchanged_files(tmp_path: Path, docs: Path) -> None:
    index = tmp_path / "idx"
    run(index, "ingest", str(docs))
    code, out, _ = run(index, "ingest", "--force", str(docs))
    assert code == 0
    assert out.startswith("Ingested 2 document(s)")


def test_ingest_json_is_quiet_and_complete(tmp_path: Path, docs: Path) -> None:
    code, out, err = run(tmp_path / "idx", "ingest", "--json", str(docs))
    assert code == 0
    data = json.loads(out)
    assert data["ingested"] == 2 and data["failed"] == 0
    assert {Path(f["path"]).name for f in data["files"]} == {"espoo.txt", "agreement.txt"}
    assert err == ""


def test_workers_give_the_same_records_as_one_process(tmp_path: Path, docs: Path) -> None:
    run(tmp_path / "one", "ingest", str(docs))
    code, _, _ = run(tmp_path / "two", "ingest", "--workers", "2", str(docs))
    assert code == 0
    with DocumentStore(tmp_path / "one") as a, DocumentStore(tmp_path / "two") as b:
        texts_a = [[p.text for p in d.passages] for d in a.documents()]
        texts_b = [[p.text for p in d.passages] for d in b.documents()]
    assert texts_a == texts_b


def test_missing_path_is_reported_recorded_and_rest_ingested(tmp_path: Path, docs: Path) -> None:
    index = tmp_path / "idx"
    missing = tmp_path / "nope.pdf"
    code, out, err = run(index, "ingest", str(missing), str(docs))
    assert code == 1
    assert f"Error: {missing}: no such file or directory" in err.splitlines()
    assert "Ingested 2 document(s)" in out
    code, out, _ = run(index, "stats", "--json")
    data = json.loads(out)
    assert data["documents"] == 2
    assert [f["error"] for f in data["failed_files"]] == ["no such file or directory"]


def test_show_finds_by_id_path_and_name(tmp_path: Path, docs: Path) -> None:
    index = tmp_path / "idx"
    run(index, "ingest", str(docs))
    code, out, _ = run(index, "show", "--json", str(docs / "espoo.txt"))
    assert code == 0
    record = json.loads(out)
    assert record["path"] == str((docs / "espoo.txt").resolve())
    for ref in (record["doc_id"], record["doc_id"][:6], "espoo.txt", "espoo"):
        code, out, _ = run(index, "show", ref)
        assert code == 0, ref
        assert record["doc_id"] in out


def test_show_unknown_document_is_a_usage_error(tmp_path: Path, docs: Path) -> None:
    index = tmp_path / "idx"
    run(index, "ingest", str(docs))
    code, _, err = run(index, "show", "kokous-2099")
    assert code == 2
    assert err.strip() == "Error: no ingested document matches 'kokous-2099' (give an id or a path)"


def test_stats_on_an_empty_index(tmp_path: Path) -> None:
    index = tmp_path / "empty"
    run(index, "ingest", str(tmp_path / "nothing.txt"))
    code, out, _ = run(index, "stats", "--json")
    assert code == 0
    data = json.loads(out)
    assert (data["documents"], data["pages"], data["passages"], data["failures"]) == (0, 0, 0, 1)


@pytest.mark.parametrize(
    "command", [["stats"], ["show", "x"], ["entities", "fund"], ["search", "x"]]
)
def test_read_commands_on_a_mistyped_index_create_nothing(
    tmp_path: Path, command: list[str]
) -> None:
    index = tmp_path / "mistyped"
    code, _, err = run(index, *command)
    assert code == 1
    assert err.startswith(f"Error: {index}: no ")
    assert len(err.strip().splitlines()) == 1
    assert not index.exists()


def test_index_folder_that_is_a_file_is_a_clear_error(tmp_path: Path, docs: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = run(blocker / "idx", "ingest", str(docs))
    assert code == 1
    assert err.startswith(f"Error: {blocker / 'idx'}: cannot open the document store")


def test_unknown_command_and_option_are_usage_errors(tmp_path: Path) -> None:
    assert run(tmp_path, "frobnicate")[0] == 2
    assert run(tmp_path, "ingest", "--workers", "-1", "x")[0] == 2
    assert run(tmp_path, "ingest")[0] == 2


def test_show_dates_an_item_by_the_handling_it_is_for(tmp_path: Path) -> None:
    """The Oulu financial statement item lists the board's 20.3.2017 presentation in its
    decision history; the decision shown is the board's handling of 27.3.2017."""
    real = Path(__file__).resolve().parent.parent / "corpus" / "real-docs"
    pdf = tmp_path / "docs" / "oulu.pdf"
    pdf.parent.mkdir()
    shutil.copy(real / "fi_oulu_kh_tilinpaatos2016_msword.pdf", pdf)
    index = tmp_path / "idx"
    run(index, "ingest", str(pdf.parent))
    code, out, _ = run(index, "show", "--json", str(pdf))
    assert code == 0
    record = json.loads(out)
    assert record["date"] == "2017-03-27"
    assert record["body"] == "kaupunginhallitus"
