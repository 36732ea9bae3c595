"""Degraded mode: without Voikko and Tesseract (KUNTAHAKU_DISABLE=voikko,tesseract, or a machine
where they are missing) everything still works, says once what is missing, and prints no
traceback. These run real CLI processes, as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LO_FODT_003 = ROOT / "corpus" / "seed-pdfs" / "lo_fodt_003.pdf"
VOIKKO_WARNING = "Voikko is not available"
# Run kuntahaku's CLI in a process where loading libvoikko's C library fails as it does on a
# machine without Debian's libvoikko1: the dynamic loader cannot open libvoikko.so.1.
NO_LIBVOIKKO = """
import ctypes, sys
_init = ctypes.CDLL.__init__
def _no_voikko(self, name, *args, **kwargs):
    if name and "libvoikko" in str(name):
        raise OSError(f"{name}: cannot open shared object file: No such file or directory")
    _init(self, name, *args, **kwargs)
ctypes.CDLL.__init__ = _no_voikko
from kuntahaku.cli import main
sys.argv = ["kuntahaku", *sys.argv[1:]]
main()
"""


def _run(
    args: list[str], disable: str = "", no_libvoikko: bool = False
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KUNTAHAKU_DISABLE": disable}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    cmd = [sys.executable, "-c", NO_LIBVOIKKO] if no_libvoikko else [sys.executable, "-m"]
    if not no_libvoikko:
        cmd.append("kuntahaku")
    return subprocess.run(
        [*cmd, *args], capture_output=True, text=True, env=env, timeout=600, check=False
    )


@pytest.fixture(scope="module")
def degraded_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """lo_fodt_003.pdf ingested with Voikko and Tesseract switched off: (index, stderr)."""
    index_dir = tmp_path_factory.mktemp("degraded") / "index"
    done = _run(["--index", str(index_dir), "ingest", str(LO_FODT_003)], "voikko,tesseract")
    assert done.returncode == 0, done.stderr
    assert "Ingested 1 document(s)" in done.stdout
    return index_dir, done.stderr


def test_the_switch_makes_both_unavailable_in_the_process_and_its_workers() -> None:
    code = (
        "from kuntahaku.text import voikko_available; from kuntahaku.ingest import ocr; "
        "from kuntahaku.config import Settings; from pathlib import Path; "
        "print(voikko_available(), repr(ocr.unavailable_reason()), "
        "sorted(Settings(Path('.')).disabled))"
    )
    env = {**os.environ, "KUNTAHAKU_DISABLE": "voikko, Tesseract", "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == (
        "False 'Tesseract is switched off by KUNTAHAKU_DISABLE' ['tesseract', 'voikko']"
    )


def test_lo_fodt_003_ingests_without_voikko(degraded_index: tuple[Path, str]) -> None:
    _, stderr = degraded_index
    assert "internal error" not in stderr
    assert "Traceback" not in stderr and "Exception ignored" not in stderr
    assert stderr.count(VOIKKO_WARNING) == 1


def test_search_without_voikko_warns_once_and_finds(degraded_index: tuple[Path, str]) -> None:
    index_dir, _ = degraded_index
    done = _run(["--index", str(index_dir), "search", "Smart City"], "voikko,tesseract")
    assert done.returncode == 0, done.stderr
    assert "document(s) match" in done.stdout
    assert done.stderr.count(VOIKKO_WARNING) == 1
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr


@pytest.mark.parametrize(
    "command", [["search", "osuuskunta"], ["stats"], ["show", "lo_fodt_003.pdf"]]
)
def test_a_missing_libvoikko_prints_no_traceback(
    degraded_index: tuple[Path, str], command: list[str]
) -> None:
    index_dir, _ = degraded_index
    done = _run(["--index", str(index_dir), *command], no_libvoikko=True)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
    assert done.stderr.count(VOIKKO_WARNING) <= 1
    if command[0] == "search":
        assert done.stderr.count(VOIKKO_WARNING) == 1
        assert "libvoikko.so.1: cannot open shared object file" in done.stderr


def test_an_unknown_name_in_the_switch_is_said_once(degraded_index: tuple[Path, str]) -> None:
    index_dir, _ = degraded_index
    done = _run(["--index", str(index_dir), "stats"], "voikko,tesserakt")
    assert done.returncode == 0
    assert done.stderr.count("KUNTAHAKU_DISABLE: unknown name(s) tesserakt ignored") == 1
