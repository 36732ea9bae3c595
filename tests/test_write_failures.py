"""Every write that fails (a full disk, `/dev/full`, a read-only folder, a name too long) and
every file that cannot be read back (a corrupt saved list or document store) ends in one
`Error:` line with exit 1 or 2, and never costs what was written before."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kuntahaku.cli import cli

from .conftest import SEEDS

SEED = next(SEEDS.glob("000_*.txt"))


def run(index: Path, *args: str) -> tuple[int, str, str]:
    """The CLI in this process; an exception that escapes it fails the test."""
    result = CliRunner().invoke(cli, ["--index", str(index), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def one_error(err: str) -> str:
    """The single line of stderr, checked to be an `Error:` line."""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("Error: "), err
    assert "Traceback" not in err and "OSError" not in err
    return lines[0]


@contextlib.contextmanager
def tmpfs(folder: Path, size: str = "64k") -> Iterator[Path]:
    """A tiny real file system (to fill it up), or a skip where mounting is not allowed."""
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root); /dev/full is tested instead")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index with the seed texts and a saved list of them."""
    folder = tmp_path_factory.mktemp("wf") / "idx"
    assert run(folder, "ingest", str(SEEDS))[0] == 0
    code, _, err = run(folder, "reading-list", "build", "kaupunki", "--save", "good")
    assert code == 0, err
    return folder


def test_export_to_dev_full_is_one_error_line(index: Path) -> None:
    code, _, err = run(index, "reading-list", "export", "good", "-o", "/dev/full")
    assert code == 1
    assert one_error(err) == "Error: /dev/full: cannot write: no space left on the device"


def test_a_full_disk_keeps_the_old_export_and_leaves_no_temporary_file(
    index: Path, tmp_path: Path
) -> None:
    with tmpfs(tmp_path / "small") as disk:
        target = disk / "list.json"
        target.write_text('{"old": true}\n')
        filler = disk / "filler"
        with contextlib.suppress(OSError), filler.open("wb") as fh:
            while True:
                fh.write(b"x" * 4096)
                fh.flush()
        code, _, err = run(index, "reading-list", "export", "good", "-o", str(target))
        assert code == 1
        assert one_error(err) == f"Error: {target}: cannot write: no space left on the device"
        assert target.read_text() == '{"old": true}\n'
        assert sorted(p.name for p in disk.iterdir()) == ["filler", "list.json"]


def test_export_replaces_the_file_atomically_without_leftovers(index: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "list.json"
    for _ in range(2):
        code, _, err = run(index, "reading-list", "export", "good", "-o", str(target))
        assert code == 0, err
    assert json.loads(target.read_text())["name"] == "good"
    assert [p.name for p in target.parent.iterdir()] == ["list.json"]
    lists = index / "reading-lists"
    assert not [p for p in lists.iterdir() if p.suffix == ".tmp"]


def test_a_name_too_long_is_one_error_line(index: Path, tmp_path: Path) -> None:
    target = tmp_path / ("x" * 300 + ".md")
    code, _, err = run(index, "reading-list", "export", "good", "-o", str(target))
    assert code == 1
    assert one_error(err).endswith("cannot write: file name too long")
    code, _, err = run(tmp_path / ("i" * 300), "ingest", str(SEED))
    assert code == 1
    assert "file name too long" in one_error(err)


def test_a_read_only_index_is_one_error_line_and_still_readable(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "ro", size="16m") as disk:
        folder = disk / "idx"
        assert run(folder, "ingest", str(SEED))[0] == 0
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        code, _, err = run(folder, "ingest", "--force", str(SEED))
        assert code == 1
        assert "read-only" in one_error(err)
        code, out, err = run(folder, "stats", "--json")
        assert code == 0, err
        assert json.loads(out)["documents"] == 1


def test_ingest_onto_a_full_disk_is_one_error_line(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "full", size="64k") as disk:
        code, _, err = run(disk / "idx", "ingest", str(SEEDS))
        assert code == 1
        assert "no space left on the device" in one_error(err)


def test_a_corrupt_saved_list_is_named_and_never_blocks_the_others(
    index: Path, tmp_path: Path
) -> None:
    bad = index / "reading-lists" / "broken.json"
    bad.write_text('{"entries": [')
    try:
        code, out, err = run(index, "reading-list", "ls")
        assert code == 1
        assert out.startswith("good\t")
        assert "broken" in one_error(err) and "corrupt" in err
        code, out, _ = run(index, "reading-list", "export", "good", "--format", "json")
        assert code == 0 and json.loads(out)["name"] == "good"
        code, _, err = run(index, "reading-list", "export", "broken")
        assert code == 1
        assert one_error(err).startswith(f"Error: {bad}: reading list 'broken' is corrupt")
        code, _, err = run(index, "reading-list", "delete", "broken")
        assert code == 0, err
    finally:
        bad.unlink(missing_ok=True)


def test_a_corrupt_document_store_is_one_error_line(tmp_path: Path) -> None:
    folder = tmp_path / "idx"
    assert run(folder, "ingest", str(SEED))[0] == 0
    (folder / "documents.sqlite").write_bytes(b"this is not a database" * 100)
    for command in (["stats"], ["show", SEED.name], ["ingest", str(SEED)]):
        code, _, err = run(folder, *command)
        assert code == 1
        assert "corrupt" in one_error(err)


def test_an_unwritable_output_folder_is_one_error_line(index: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = run(index, "reading-list", "export", "good", "-o", str(blocker / "l.md"))
    assert code == 1
    assert one_error(err).startswith(f"Error: {blocker / 'l.md'}: cannot write")
    assert os.path.isfile(blocker)


def test_a_corrupt_search_index_is_one_error_line(tmp_path: Path) -> None:
    folder = tmp_path / "idx"
    assert run(folder, "ingest", str(SEED))[0] == 0
    (folder / "tantivy" / "meta.json").write_bytes(b"garbage")  # the default engine's
    code, _, err = run(folder, "search", "kaupunki")
    assert code == 1
    assert "the search index is corrupt" in one_error(err)
    code, out, _ = run(folder, "stats", "--json")
    assert code == 0 and json.loads(out)["documents"] == 1  # the store is untouched
