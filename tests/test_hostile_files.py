"""Hostile and odd files each fail (or warn) on their own with one clear line, and never take
the machine's memory: resource bombs made by `fixtures/make_bombs.py` at test time, a PDF page
tree with a cycle, a blank PDF, file names that are not UTF-8, symlink loops, UTF-8 with a
stray byte, and HTML5 that browsers read although it is not closed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kuntahaku.cli import cli
from kuntahaku.config import Settings
from kuntahaku.ingest import limits
from kuntahaku.ingest.extract.encoding import decode
from kuntahaku.ingest.extract.html import html_to_text
from kuntahaku.ingest.pipeline import process_file
from kuntahaku.models import STATUS_FAILED, STATUS_OK

from .conftest import FIXTURES, ROOT, SEEDS

sys.path.insert(0, str(FIXTURES))
import make_bombs

SEED = next(SEEDS.glob("000_*.txt"))


def ingest(index: Path, *paths: str | bytes) -> tuple[int, str]:
    """`kuntahaku ingest` in a subprocess, measured: exit code and stderr."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    run = subprocess.run(
        [sys.executable, "-m", "kuntahaku", "--index", str(index), "ingest", *paths],
        env=env,
        capture_output=True,
        timeout=600,
    )
    return run.returncode, run.stderr.decode("utf-8", "replace")


def _said(err: str) -> list[str]:
    """stderr's lines without the once-per-run notice of a missing Voikko or Tesseract (degraded
    mode), which is not about the files."""
    return [
        line
        for line in err.strip().splitlines()
        if not (line.startswith("warning: ") and "not available" in line)
    ]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("maker", "reason"),
    [
        (make_bombs.deflate_bomb, "a compressed stream of the PDF inflates past 256 MB"),
        (
            lambda p: make_bombs.text_bomb(p, megabytes=12),
            "a page holds 404,318 characters",
        ),
        (
            lambda p: make_bombs.text_bomb(p, megabytes=9, per_page=60_000),
            "too much text: more than 8,000,000 characters",
        ),
    ],
    ids=["deflate", "text-page", "text-document"],
)
def test_bombs_fail_alone_with_one_line(tmp_path: Path, maker: object, reason: str) -> None:
    bomb = maker(tmp_path / "bomb.pdf")  # type: ignore[operator]
    code, err = ingest(tmp_path / "idx", str(bomb), str(SEED))
    assert code == 1
    lines = _said(err)
    assert len(lines) == 1 and lines[0].startswith(f"Error: {bomb}: ")
    assert reason in err  # memory and time before and after: bench/limits.py


@pytest.mark.ocr
def test_a_huge_page_is_ocred_at_a_bounded_size(tmp_path: Path) -> None:
    bomb = make_bombs.big_page(tmp_path / "big.pdf")
    assert limits.render_scale(5000, 5000, 300) ** 2 * 5000 * 5000 <= limits.MAX_RENDER_PIXELS
    doc = process_file(bomb, Settings(index_dir=tmp_path / "idx"))
    assert doc.status == STATUS_OK
    with pytest.raises(Exception, match="page too large to OCR"):
        limits.render_scale(14_400 * 4, 14_400 * 4, 300)


def test_a_page_over_the_limits_fails_that_page_not_the_file(tmp_path: Path) -> None:
    """Real decision text on normal pages around a 14,400 pt image-only page (too large to
    render for OCR within the bound) and a page of 400,000 characters."""
    pdf = make_bombs.mixed_pages(tmp_path / "mixed.pdf", SEED.read_text(encoding="utf-8"))
    code, err = ingest(tmp_path / "idx", str(pdf), str(SEED))
    assert code == 0, err
    warnings = _said(err)  # the summary goes to stdout
    assert len(warnings) == 2 and all(w.startswith(f"Warning: {pdf}: ") for w in warnings), err
    text_bomb = next(w for w in warnings if "characters" in w)
    assert text_bomb.startswith(f"Warning: {pdf}: page ") and "402,190 characters" in text_bomb
    from kuntahaku.ingest.ocr import unavailable_reason
    from kuntahaku.store import DocumentStore

    with DocumentStore(tmp_path / "idx") as store:
        doc = next(d for d in store.documents() if d.path == str(pdf))
    flagged = [p.number for p in doc.pages if "over_limit" in p.flags]
    size_bomb, text_page = flagged[0] if len(flagged) == 2 else 0, flagged[-1]
    if unavailable_reason():  # without Tesseract the huge page is only flagged, never rendered
        size_bomb = next(p.number for p in doc.pages if "ocr_unavailable" in p.flags)
    else:
        said = next(w for w in warnings if "too large to OCR" in w)
        assert said == (
            f"Warning: {pdf}: page {size_bomb} not read: page too large to OCR (14,400 x 14,400"
            " pt): it would need more than 20 megapixels at 50 dpi"
        )
    assert text_bomb.startswith(f"Warning: {pdf}: page {text_page} not read: ")
    assert 1 < size_bomb == text_page - 1 < len(doc.pages) - 1
    read = [p for p in doc.pages if p.number not in (size_bomb, text_page)]
    assert all(p.text.strip() for p in read)  # the normal pages on both sides are read
    passages = " ".join(p.text for p in doc.passages)
    assert "Smart City Innovation Cluster" in passages and "kunta paattaa" not in passages


def test_a_page_tree_cycle_is_a_corrupt_pdf(tmp_path: Path) -> None:
    doc = process_file(make_bombs.cycle(tmp_path / "cycle.pdf"), Settings(index_dir=tmp_path))
    assert doc.status == STATUS_FAILED
    assert doc.error.startswith("corrupt PDF")


def test_a_blank_pdf_is_kept_with_a_warning_the_user_sees(tmp_path: Path) -> None:
    blank = make_bombs.blank(tmp_path / "blank.pdf")
    result = CliRunner().invoke(cli, ["--index", str(tmp_path / "idx"), "ingest", str(blank)])
    assert result.exit_code == 0
    assert result.stderr.strip() == (
        f"Warning: {blank}: no text found on its 1 page(s): the document is blank"
        " (kept with no passages)"
    )


def test_a_non_utf8_file_name_and_a_symlink_loop_fail_alone(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    odd = os.path.join(os.fsencode(folder), b"p\xe4\xe4t\xf6s.txt")
    with open(odd, "wb") as fh:
        fh.write(SEED.read_bytes())
    (folder / "good.txt").write_bytes(SEED.read_bytes().replace(b"a", b"e", 3))
    loop = tmp_path / "loop.txt"
    loop.symlink_to(tmp_path / "loop2.txt")
    (tmp_path / "loop2.txt").symlink_to(loop)
    code, err = ingest(tmp_path / "idx", str(folder), str(loop), odd)
    assert code == 1, err
    lines = _said(err)
    assert f"Error: {loop}: symbolic link loop" in lines
    shown = f"{folder}/p\\xe4\\xe4t\\xf6s.txt: file name is not valid UTF-8 (rename the file)"
    assert lines.count(f"Error: {shown}") == 2  # in the folder, and named itself
    assert len(lines) == 3
    assert "Traceback" not in err


def test_utf8_with_one_stray_latin1_byte_is_read_with_a_warning(tmp_path: Path) -> None:
    text = SEED.read_bytes().replace("ä".encode(), b"\xe4", 1)
    warnings: list[str] = []
    decoded, encoding = decode(text, warnings=warnings)
    assert encoding == "utf-8"
    assert decoded.count("\ufffd") == 1 and "ä" in decoded
    assert warnings == ["1 byte(s) that are not UTF-8 replaced by U+FFFD (the rest is UTF-8)"]
    path = tmp_path / "stray.txt"
    path.write_bytes(text)
    result = CliRunner().invoke(cli, ["--index", str(tmp_path / "idx"), "ingest", str(path)])
    assert result.exit_code == 0
    assert "Warning:" in result.stderr and "replaced by U+FFFD" in result.stderr


def test_windows_1252_text_is_still_windows_1252() -> None:
    data = (FIXTURES / "text" / "fi_ekosysteemisopimus_cp1252.txt").read_bytes()
    warnings: list[str] = []
    assert decode(data, warnings=warnings)[1] == "cp1252"
    assert warnings == []


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        (
            "<!DOCTYPE html><title>Pöytäkirja</title><p>Kaupunginhallitus päätti.",
            "Kaupunginhallitus päätti.\n",
        ),
        (
            "<!DOCTYPE html><html><head><meta charset=utf-8><title>T</title><body>"
            "<p>Kaupunginhallitus päätti.</p></body></html>",
            "Kaupunginhallitus päätti.\n",
        ),
        (
            "<!DOCTYPE html><body><form><select name=a><option>Yksi<option>Kaksi</form>"
            "<p>Kaupunginhallitus päätti hyväksyä.</p>",
            "Kaupunginhallitus päätti hyväksyä.\n",
        ),
        (
            "<!DOCTYPE html><body><button>Tulosta<p>Kaupunginhallitus päätti.</p>"
            "<p>Toinen kappale.</p>",
            "Kaupunginhallitus päätti.\n\nToinen kappale.\n",
        ),
    ],
    ids=["no-head-end", "head", "unclosed-select", "unclosed-button"],
)
def test_html5_is_read_as_a_browser_reads_it(markup: str, expected: str) -> None:
    assert html_to_text(markup) == expected


def test_two_grants_sharing_the_appeal_text_are_two_entries(tmp_path: Path) -> None:
    import json

    import make_grants

    from kuntahaku.readinglist import dedup
    from kuntahaku.store import DocumentStore

    make_grants.make(tmp_path / "grants")
    index = tmp_path / "idx"
    ingested = CliRunner().invoke(cli, ["--index", str(index), "ingest", str(tmp_path / "grants")])
    assert ingested.exit_code == 0
    with DocumentStore(index) as store:
        a, b = store.documents()
    assert dedup.jaccard(dedup.shingles(a), dedup.shingles(b)) >= dedup.THRESHOLD  # the trap
    result = CliRunner().invoke(
        cli, ["--index", str(index), "reading-list", "build", "kiertotalous", "--format", "json"]
    )
    data = json.loads(result.stdout)
    entries = [e for g in data["groups"] for e in g["entries"]]
    assert sorted(Path(e["path"]).name for e in entries) == ["avustus_45.txt", "avustus_46.txt"]
    assert all(not e.get("also") for e in entries)
