"""Layers point one way: ingestion and search both use the entity data of `kuntahaku.gazetteer`,
search never imports ingestion, and the gazetteer imports neither (nor spaCy)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "kuntahaku"


def _imports(path: Path, root: Path = ROOT) -> list[str]:
    """Every module a file imports, at module level or inside a function, made absolute."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    parts = list(path.relative_to(root).with_suffix("").parts)
    package = parts[:-1]  # a module's package; for __init__.py the package itself
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            found.append(module)
            found += [f"{module}.{a.name}" for a in node.names]
    return found


def test_the_static_check_sees_imports_inside_functions(tmp_path: Path) -> None:
    probe = tmp_path / "kuntahaku" / "search" / "probe.py"
    probe.parent.mkdir(parents=True)
    probe.write_text("def f() -> None:\n    from ..ingest import entities\n", encoding="utf-8")
    assert "kuntahaku.ingest.entities" in _imports(probe, tmp_path)


def _offending(layer: str, forbidden: tuple[str, ...]) -> list[str]:
    bad = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for module in _imports(path):
            if any(module == f or module.startswith(f + ".") for f in forbidden):
                bad.append(f"{path.relative_to(ROOT)} imports {module}")
    return bad


def test_no_search_module_imports_ingestion() -> None:
    assert _offending("search", ("kuntahaku.ingest",)) == []


def test_the_gazetteer_imports_neither_ingestion_nor_search_nor_spacy() -> None:
    forbidden = ("kuntahaku.ingest", "kuntahaku.search", "kuntahaku.web", "spacy")
    assert _offending("gazetteer", forbidden) == []


@pytest.mark.parametrize(
    ("facet", "value", "expected"),
    [
        ("municipality", "Espoon", "Espoo"),
        ("theme", "kiertotalouden", "circular economy"),
        ("region", "Pohjois-Savon liiton", "Pohjois-Savo"),
    ],
)
def test_a_search_filter_resolves_without_loading_ingestion_or_spacy(
    facet: str, value: str, expected: str
) -> None:
    code = (
        "import sys, kuntahaku.search\n"
        "from kuntahaku.search._entities import resolve\n"
        f"print(resolve({facet!r}, {value!r}))\n"
        "print(sorted(m for m in sys.modules\n"
        "             if m.startswith('kuntahaku.ingest') or m == 'spacy'))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.splitlines() == [expected, "[]"]
