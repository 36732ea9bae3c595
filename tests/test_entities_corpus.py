"""Entities over the ingested corpus: the `entities` command and the Espoo Smart City decision."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from kuntahaku.cli import cli
from kuntahaku.store import DocumentStore


def run(index_dir: Path, *args: str) -> tuple[int, str]:
    """Invoke the CLI on an index folder; exit code and combined output."""
    result = CliRunner().invoke(cli, ["--index", str(index_dir), *args])
    return result.exit_code, result.output


def test_espoo_smart_city_decision_end_to_end(corpus_index_dir: Path) -> None:
    with DocumentStore(corpus_index_dir) as store:
        doc = store.find("000_344c752e51ca3c21.txt")
    found = {(m.type, m.value) for m in doc.mentions}
    assert {("municipality", "Espoo"), ("fund", "RRF"), ("organisation", "VTT")} <= found
    facets: dict[str, set[str]] = {}
    for p in doc.passages:
        for facet, values in p.entities.items():
            facets.setdefault(facet, set()).update(values)
    assert "Espoo" in facets["municipality"]
    assert "RRF" in facets["fund"]
    assert ("money", "1000.00") in found


def test_entities_command_lists_values_by_document_count(corpus_index_dir: Path) -> None:
    code, out = run(corpus_index_dir, "entities", "municipality")
    assert code == 0
    rows = [line.split(None, 1) for line in out.splitlines()]
    counts = [int(n) for n, _ in rows]
    assert counts == sorted(counts, reverse=True)
    assert "Espoo" in {v for _, v in rows}
    assert "Uusikaarlepyy" in {v for _, v in rows}  # from the Swedish Nykarleby minutes


def test_entities_command_json(corpus_index_dir: Path) -> None:
    code, out = run(corpus_index_dir, "entities", "fund", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["type"] == "fund"
    assert "RRF" in {v["value"] for v in data["values"]}
    assert all(v["documents"] >= 1 for v in data["values"])


def test_entities_command_unknown_type_is_a_usage_error(tmp_path: Path) -> None:
    code, out = run(tmp_path, "entities", "city")
    assert code == 2
    assert out.strip() == (
        "Error: unknown entity type 'city'; choose one of: municipality, region, fund, "
        "theme, organisation, person, money, date"
    )


def test_entities_command_on_an_empty_index(tmp_path: Path) -> None:
    code, out = run(tmp_path, "entities", "theme")
    assert code == 1  # no index in this folder, and none is created there
    assert "no index here" in out
    assert not (tmp_path / "documents.sqlite").exists()
