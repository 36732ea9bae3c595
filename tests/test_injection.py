"""Nothing from a document or a user is injected into what kuntahaku writes: no formula into a
spreadsheet (CSV), no live HTML into rendered Markdown, no escape sequence into a terminal."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from kuntahaku.cli import cli
from kuntahaku.config import Settings
from kuntahaku.ingest.batch import ingest_paths
from kuntahaku.readinglist import Entry, ListRequest, Quote, ReadingList, render
from kuntahaku.safe_text import FORMULA_START, terminal_safe

# A file name a renderer would turn into a live image with an onerror handler.
HOSTILE_NAME = "x`<img src=x onerror=alert(1)>`.txt"
# Text that sets the terminal's title (OSC 0) and clears the screen (CSI 2J).
HOSTILE_TEXT = (
    "Kaupunginhallitus päätti kiertotaloudesta.\x1b]0;pwned\x07 Kiertotalous on tärkeä "
    "\x1b[2J asia kaupungille ja sen asukkaille. Hanke jatkuu vuonna 2025 ja sen rahoitus "
    "tulee EAKR:stä.\n"
)


@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """An index of one text file whose name and text are hostile: (index folder, file)."""
    folder = tmp_path_factory.mktemp("hostile")
    doc = folder / "docs" / HOSTILE_NAME
    doc.parent.mkdir()
    doc.write_text(HOSTILE_TEXT, encoding="utf-8")
    index_dir = folder / "index"
    report = ingest_paths([str(doc)], Settings(index_dir=index_dir))
    assert not report.failed
    return index_dir, doc


def _formula_list() -> ReadingList:
    return ReadingList(
        name="formulas",
        request=ListRequest(query="x"),
        entries=[
            Entry(
                doc_id="f1",
                path='/data/=HYPERLINK("http://evil","x").pdf',
                title='=HYPERLINK("http://evil","klikkaa")',
                body="+cmd|' /C calc'!A0",
                municipality="@SUM(1+1)",
                quotes=[Quote("-2+3 ja muuta", page=1), Quote("\t=1+1", page=2)],
                note="\r=1+1",
            )
        ],
    )


def test_csv_cells_never_begin_with_a_formula_character() -> None:
    text = render(_formula_list(), "csv")
    rows = list(csv.reader(io.StringIO(text[1:], newline="")))
    cells = [c for row in rows[1:] for c in row]
    assert cells and not [c for c in cells if c.startswith(FORMULA_START)]
    data = list(csv.DictReader(io.StringIO(text[1:], newline="")))
    assert data[0]["title"] == '\'=HYPERLINK("http://evil","klikkaa")'
    assert data[0]["municipality"] == "'@SUM(1+1)"
    assert data[0]["quote"] == "'-2+3 ja muuta"
    assert data[1]["quote"] == "'\t=1+1" and data[0]["note"] == "'\r=1+1"


def _markdown_html(md: str) -> str:
    markdown_it = pytest.importorskip("markdown_it", reason="markdown-it-py renders the check")
    return str(markdown_it.MarkdownIt("commonmark").render(md))


def test_markdown_keeps_a_backtick_file_name_inside_its_code_span(
    hostile_index: tuple[Path, Path], tmp_path: Path
) -> None:
    index_dir, _ = hostile_index
    out = tmp_path / "list.md"
    result = CliRunner().invoke(
        cli, ["--index", str(index_dir), "reading-list", "build", "kiertotalous", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    html = _markdown_html(out.read_text(encoding="utf-8"))
    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # shown as text, inside <code>
    assert html.count("<code>") == 1


def test_markdown_escapes_html_and_links_in_titles_quotes_and_notes() -> None:
    lst = ReadingList(
        name="x",
        request=ListRequest(query="x", title="<script>alert(1)</script>"),
        entries=[
            Entry(
                doc_id="d1",
                path="/a/b.pdf",
                title="![x](javascript:alert(1)) <img src=x onerror=alert(2)>",
                quotes=[Quote("&lt;img src=x onerror=alert(3)&gt; <b>", page=1)],
                note="[klik](javascript:alert(4))",
            )
        ],
    )
    html = _markdown_html(render(lst, "md"))
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "<a " not in html and "javascript:" not in html.replace("javascript:alert", "")


def test_show_and_search_print_no_escape_sequences(hostile_index: tuple[Path, Path]) -> None:
    index_dir, doc = hostile_index
    runner = CliRunner()
    for args in (["show", str(doc), "--text"], ["search", "kiertotalous"], ["show", str(doc)]):
        result = runner.invoke(cli, ["--index", str(index_dir), *args], color=True)
        assert result.exit_code == 0, result.output
        assert "pwned" not in result.output
        assert "\x07" not in result.output and "\x1b[2J" not in result.output
        assert "\x1b]" not in result.output
        assert "kiertotaloudesta." in result.output


def test_terminal_safe_keeps_text_and_drops_controls() -> None:
    assert terminal_safe("ä\tö\nå") == "ä\tö\nå"
    assert terminal_safe("a\x1b]0;t\x1b\\b\x9b2Jc\u202ed\x00e") == "abcde"
