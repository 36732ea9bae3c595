"""Bad input through `kuntahaku ingest`: one clear `Error: <path>: <reason>` line per bad file,
exit code 1, the good files of the same batch ingested, and earlier documents kept."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kuntahaku.cli import cli
from kuntahaku.config import Settings
from kuntahaku.ingest.pipeline import process_file
from kuntahaku.models import STATUS_FAILED

from .conftest import FIXTURES, SEEDS

BAD = FIXTURES / "bad"
GOOD_SEED = SEEDS / "000_344c752e51ca3c21.txt"

# Each bad fixture and the reason the user is told.
REASONS = {
    "corrupt.pdf": "corrupt PDF: its structure cannot be parsed",
    "encrypted.pdf": "encrypted PDF: a password is needed to read it",
    "empty.pdf": "empty file (0 bytes)",
    "zero-pages.pdf": "PDF has no pages",
    "not-a-pdf.pdf": "not a PDF: the file does not start with a %PDF- header",
    "blank.txt": "no text in the file (only whitespace)",
    "binary.txt": "binary data, not text",
    "minutes.docx": "corrupt Word document (not a valid .docx package)",
    "budget.xlsx": (
        "unsupported format '.xlsx': kuntahaku reads .doc, .docm, .docx, .dot, .htm, .html, .json, "
        ".odt, .ott, .pdf, .rtf, .text, .txt, .xhtml"
    ),
}


def _ingest(index: Path, *paths: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--index", str(index), "ingest", *paths])
    return result.exit_code, result.output


@pytest.fixture()
def batch(tmp_path: Path) -> Path:
    """A folder with every bad fixture and one good Finnish seed text."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in REASONS:
        shutil.copy(BAD / name, folder / name)
    shutil.copy(GOOD_SEED, folder / "good.txt")
    return folder


def test_each_bad_file_gets_one_error_line_and_good_files_are_ingested(
    tmp_path: Path, batch: Path
) -> None:
    files = sorted(str(p) for p in batch.iterdir())
    code, output = _ingest(tmp_path / "idx", *files)
    assert code == 1
    error_lines = [line for line in output.splitlines() if line.startswith("Error: ")]
    assert len(error_lines) == len(REASONS)
    for name, reason in REASONS.items():
        assert f"Error: {(batch / name).resolve()}: {reason}" in error_lines
    assert "Ingested 1 document(s)" in output
    stats = CliRunner().invoke(cli, ["--index", str(tmp_path / "idx"), "stats", "--json"])
    data = json.loads(stats.output)
    assert data["documents"] == 1
    failed = {Path(f["path"]).name: f["error"] for f in data["failed_files"]}
    assert failed == REASONS


def test_a_failing_batch_keeps_documents_indexed_before(tmp_path: Path, batch: Path) -> None:
    index = tmp_path / "idx"
    code, _ = _ingest(index, str(batch / "good.txt"))
    assert code == 0
    code, output = _ingest(index, str(batch / "corrupt.pdf"), str(batch / "encrypted.pdf"))
    assert code == 1
    assert "Ingested 0 document(s)" in output
    shown = CliRunner().invoke(cli, ["--index", str(index), "show", str(batch / "good.txt")])
    assert shown.exit_code == 0
    assert "Smart City Innovation Cluster" in shown.output


def test_missing_path_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "poytakirja.pdf"
    code, output = _ingest(tmp_path / "idx", str(missing))
    assert code == 1
    assert f"Error: {missing}: no such file or directory" in output.splitlines()


def test_broken_symlink_is_unreadable_even_for_root(tmp_path: Path) -> None:
    link = tmp_path / "poytakirja.pdf"
    link.symlink_to(tmp_path / "gone.pdf")
    code, output = _ingest(tmp_path / "idx", str(link))
    assert code == 1
    assert f"Error: {link}: no such file or directory" in output.splitlines()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "stream.txt"
    os.mkfifo(fifo)
    doc = process_file(fifo, Settings(index_dir=tmp_path / "idx"), sha256="0" * 64)
    assert doc.status == STATUS_FAILED
    assert doc.error == "not a regular file (a pipe, socket or device)"
    # Through the CLI the pipe is refused before it is hashed, and the batch goes on.
    code, output = _ingest(tmp_path / "idx", str(fifo), str(GOOD_SEED))
    assert code == 1
    assert f"Error: {fifo}: not a regular file (a pipe, socket or device)" in output.splitlines()
    assert "Ingested 1 document(s)" in output


def test_permission_denied(tmp_path: Path) -> None:
    locked = tmp_path / "locked.txt"
    shutil.copy(GOOD_SEED, locked)
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as root: file permissions do not stop reading")
        code, output = _ingest(tmp_path / "idx", str(locked))
        assert code == 1
        assert any(line.startswith(f"Error: {locked.resolve()}: ") for line in output.splitlines())
        assert "permission denied" in output.lower()
    finally:
        locked.chmod(0o644)


def test_encrypted_pdf_record_says_so(tmp_path: Path) -> None:
    doc = process_file(BAD / "encrypted.pdf", Settings(index_dir=tmp_path))
    assert doc.status == STATUS_FAILED
    assert doc.error.startswith("encrypted PDF")
    assert doc.pages == []
