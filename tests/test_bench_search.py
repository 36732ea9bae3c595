"""The search benchmark end to end on a small generated corpus: our two engines and two peers,
every query kind, first runs apart from repeats, ours from fresh processes, and the tables."""

from __future__ import annotations

from typing import Any

import pytest

from bench.speed.harness import QUERY_KINDS, render_markdown, search_bench


@pytest.fixture(scope="module")
def rows() -> list[dict[str, Any]]:
    return search_bench([400], seed=3, repeats=1, use_cache=False)


def test_every_engine_answers_every_kind(rows: list[dict[str, Any]]) -> None:
    assert [r["engine"] for r in rows] == ["kuntahaku", "kuntahaku-whoosh", "tantivy", "fts5"]
    for r in rows:
        assert r["passages"] == 400
        for kind in QUERY_KINDS:
            stats = r[kind]
            assert 0 < stats["p50_ms"] <= stats["p95_ms"]
            assert 0 < stats["first_p50_ms"] <= stats["first_p95_ms"]
        assert r["term"]["mean_total_docs"] > 0


def test_engines_find_about_the_same_documents(rows: list[dict[str, Any]]) -> None:
    ours = rows[0]["term"]["mean_total_docs"]
    for peer in rows[1:]:
        assert 0.5 * ours <= peer["term"]["mean_total_docs"] <= 1.5 * ours


def test_our_engine_is_measured_from_fresh_processes(rows: list[dict[str, Any]]) -> None:
    for ours in rows[:2]:  # both our engines
        cold = ours["cold"]
        assert cold["first_query_ms"] > cold["second_query_ms"] > 0
        assert cold["command_s"] > 0
    assert "cold" not in rows[2]


def test_tables_name_first_runs_and_fresh_processes(rows: list[dict[str, Any]]) -> None:
    text = render_markdown({"machine": _machine(), "search": rows})
    assert "The first run of each query" in text
    assert "`kuntahaku search` command s" in text
    assert text.count("| 400 | kuntahaku |") == 3  # latency, first runs, documents found


def _machine() -> dict[str, Any]:
    keys = ("date", "cpu", "cores", "memory", "python", "sqlite", "tantivy", "load_average")
    return dict.fromkeys(keys, "x")
