"""Crash safety with real processes and real signals: Ctrl-C and SIGTERM keep what finished,
a kill at any point of a commit leaves `stats`, `search` and `show` in agreement, workers die
with their parent, a second ingest waits for the first, and parallel list edits lose nothing.

The moments are fixed with the fault hook the code honours (`kuntahaku.ingest.faults`): the
process pauses (or kills itself with SIGKILL) at a named point, and the test sends the signal.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from .conftest import ROOT, SEEDS

SEED_TEXTS = sorted(SEEDS.glob("*.txt"))


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    env.pop("KUNTAHAKU_FAULT_AT", None)
    env.pop("KUNTAHAKU_FAULT", None)
    env.update(extra)
    return env


def _cmd(index: Path, *args: str | bytes) -> list[str | bytes]:
    return [sys.executable, "-m", "kuntahaku", "--index", str(index), *args]


def kh(index: Path, *args: str | bytes, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a subprocess to its end."""
    return subprocess.run(
        _cmd(index, *args), env=_env(**env), capture_output=True, text=True, timeout=300
    )


def start(index: Path, *args: str, **env: str) -> subprocess.Popen[str]:
    """Start the CLI in a subprocess."""
    return subprocess.Popen(
        _cmd(index, *args),
        env=_env(**env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_line(proc: subprocess.Popen[str], text: str, timeout: float = 120) -> None:
    """Read the process's stderr until a line holds `text`."""
    assert proc.stderr is not None
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        seen.append(line)
        if text in line:
            return
    proc.kill()
    raise AssertionError(f"{text!r} never came; stderr: {''.join(seen)}")


def decisions(folder: Path, n: int) -> list[Path]:
    """`n` distinct short decisions as text files (distinct, so no two fold together)."""
    folder.mkdir(parents=True, exist_ok=True)
    subjects = [
        "Koulun peruskorjauksen hankesuunnitelma hyväksytään ja rakentaminen alkaa keväällä",
        "Uimahallin aukioloajat pidennetään iltaisin kahdeksaan asti kesäkuukausien ajaksi",
        "Katuvalaistuksen uusiminen led-valaisimiin kilpailutetaan kolmessa osassa",
        "Päiväkoti Satakielen laajennus toteutetaan puurakenteisena lisäsiipenä",
        "Joukkoliikenteen lippujen hinnat nousevat kaikilla vyöhykkeillä lokakuusta",
        "Kirjastoauton reitti muuttuu ja palvelee jatkossa myös saariston kyliä",
        "Vesihuoltolaitoksen taksat tarkistetaan vastaamaan verkoston korjausvelkaa",
        "Nuorisovaltuuston aloite skeittiparkista hyväksytään toteutettavaksi",
        "Metsäsuunnitelma päivitetään ja hakkuut rajataan virkistysalueiden ulkopuolelle",
    ]
    files = []
    for i in range(n):
        p = folder / f"paatos_{i:02d}.txt"
        p.write_text(
            f"Kaupunginhallitus {i + 1}.3.2024 § {40 + i}\n\n"
            f"{subjects[i % len(subjects)]}. Päätös koskee kiertotaloutta ja vuotta 202{i}.\n",
            encoding="utf-8",
        )
        files.append(p)
    return files


def agree(index: Path) -> int:
    """`stats`, `search` and `show` give the same documents; how many."""
    stats = kh(index, "stats", "--json")
    assert stats.returncode == 0, stats.stderr
    n_docs = json.loads(stats.stdout)["documents"]
    found = kh(index, "search", "--json", "--limit", "0")
    assert found.returncode == 0, found.stderr
    hits = json.loads(found.stdout)
    assert hits["total"] == n_docs, (hits["total"], n_docs)
    for hit in hits["hits"]:
        shown = kh(index, "show", hit["doc_id"], "--json")
        assert shown.returncode == 0, shown.stderr
    return int(n_docs)


def children(pid: int) -> list[int]:
    """The child processes of a process (Linux /proc)."""
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text()
        out += [int(c) for c in text.split()]
    return out


def alive(pid: int) -> bool:
    """Whether a process exists and is not a zombie."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "State:\tZ" not in status


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_commits_what_finished_and_exits_130(tmp_path: Path, sig: signal.Signals) -> None:
    files = decisions(tmp_path / "docs", 6)
    index = tmp_path / "idx"
    proc = start(
        index,
        "ingest",
        str(tmp_path / "docs"),
        KUNTAHAKU_FAULT_AT="finished#3",
        KUNTAHAKU_FAULT="pause",
    )
    wait_for_line(proc, "fault: paused at finished")
    proc.send_signal(sig)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert f"Interrupted by {sig.name}: kept the 3 document(s)" in err
    assert "Traceback" not in err
    assert agree(index) == 3
    again = kh(index, "ingest", str(tmp_path / "docs"))
    assert again.returncode == 0
    assert "3 unchanged" in again.stdout
    assert agree(index) == len(files)


@pytest.mark.parametrize("point", ["store-written", "index-committed"])
def test_a_kill_in_the_middle_of_a_commit_leaves_store_and_index_agreeing(
    tmp_path: Path, point: str
) -> None:
    decisions(tmp_path / "docs", 4)
    index = tmp_path / "idx"
    killed = kh(index, "ingest", str(tmp_path / "docs"), KUNTAHAKU_FAULT_AT=point)
    assert killed.returncode == -signal.SIGKILL
    assert agree(index) == 4  # the first read command replays the journal
    again = kh(index, "ingest", str(tmp_path / "docs"))
    assert again.returncode == 0 and "4 unchanged" in again.stdout


def test_a_sigkill_loses_only_the_documents_of_the_commit_window(tmp_path: Path) -> None:
    decisions(tmp_path / "docs", 5)
    index = tmp_path / "idx"
    # A window of 0 s commits after every document: killed at the 3rd, two were committed.
    killed = kh(
        index,
        "ingest",
        str(tmp_path / "docs"),
        KUNTAHAKU_FAULT_AT="finished#3",
        KUNTAHAKU_COMMIT_SECONDS="0",
    )
    assert killed.returncode == -signal.SIGKILL
    assert agree(index) == 2


def test_a_kill_leaves_a_journal_that_the_next_ingest_replays(tmp_path: Path) -> None:
    decisions(tmp_path / "docs", 3)
    more = decisions(tmp_path / "more", 5)[3:]
    index = tmp_path / "idx"
    killed = kh(index, "ingest", str(tmp_path / "docs"), KUNTAHAKU_FAULT_AT="store-written")
    assert killed.returncode == -signal.SIGKILL
    done = kh(index, "ingest", *map(str, more))
    assert done.returncode == 0, done.stderr
    assert agree(index) == 5


def test_workers_die_with_their_parent(tmp_path: Path) -> None:
    decisions(tmp_path / "docs", 4)
    index = tmp_path / "idx"
    proc = start(
        index,
        "ingest",
        "--workers",
        "2",
        str(tmp_path / "docs"),
        KUNTAHAKU_FAULT_AT="worker",
        KUNTAHAKU_FAULT="pause",
    )
    wait_for_line(proc, "fault: paused at worker")  # a worker is busy for minutes
    workers = children(proc.pid)
    assert workers
    proc.kill()
    proc.wait(timeout=30)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(w) for w in workers):
        time.sleep(0.2)
    assert not [w for w in workers if alive(w)]


def test_a_second_ingest_waits_for_the_first_or_fails_in_one_line(tmp_path: Path) -> None:
    decisions(tmp_path / "docs", 3)
    index = tmp_path / "idx"
    first = start(
        index,
        "ingest",
        str(tmp_path / "docs"),
        KUNTAHAKU_FAULT_AT="finished#1",
        KUNTAHAKU_FAULT="pause",
    )
    wait_for_line(first, "fault: paused at finished")
    busy = kh(index, "ingest", str(SEED_TEXTS[0]), KUNTAHAKU_LOCK_WAIT="1")
    assert busy.returncode == 1
    lines = busy.stderr.strip().splitlines()
    assert lines[-1].startswith(f"Error: {index}: another ingest is writing to this index")
    assert "Traceback" not in busy.stderr and "LockError" not in busy.stderr
    second = start(index, "ingest", str(SEED_TEXTS[0]), KUNTAHAKU_LOCK_WAIT="120")
    wait_for_line(second, "Waiting for another ingest")
    first.send_signal(signal.SIGTERM)
    assert first.wait(timeout=60) == 130
    _out, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    assert agree(index) == 2


def test_parallel_notes_on_one_list_all_survive(tmp_path: Path) -> None:
    files = decisions(tmp_path / "docs", 8)
    index = tmp_path / "idx"
    assert kh(index, "ingest", str(tmp_path / "docs")).returncode == 0
    built = kh(index, "reading-list", "build", "kiertotalous", "--save", "rl", "--limit", "50")
    assert built.returncode == 0, built.stderr
    procs = [
        start(index, "reading-list", "note", "rl", f.name, f"note {i}") for i, f in enumerate(files)
    ]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    data = json.loads(kh(index, "reading-list", "export", "rl", "--format", "json").stdout)
    notes = sorted(e["note"] for g in data["groups"] for e in g["entries"] if e.get("note"))
    assert notes == sorted(f"note {i}" for i in range(8))


def test_non_utf8_arguments_are_one_error_line(tmp_path: Path) -> None:
    index = tmp_path / "idx"
    args: Sequence[Sequence[str | bytes]] = [
        ["search", b"kierto\xfftalous"],
        ["show", b"\xff"],
        ["reading-list", "note", "rl", "x", b"caf\xe9"],
    ]
    for a in args:
        run = subprocess.run(_cmd(index, *a), env=_env(), capture_output=True, timeout=120)
        err = run.stderr.decode("utf-8", "replace")
        assert run.returncode == 2, err
        assert err.startswith("Error: argument") and "not UTF-8" in err, err
        assert len(err.strip().splitlines()) == 1
    bad_index = subprocess.run(
        [sys.executable, "-m", "kuntahaku", "--index", b"/tmp/\xff", "stats"],
        env=_env(),
        capture_output=True,
        timeout=120,
    )
    assert bad_index.returncode == 2
    assert bad_index.stderr.startswith(b"Error: argument")


def test_an_ingest_reconciles_an_index_that_no_journal_describes(tmp_path: Path) -> None:
    import shutil
    import sqlite3

    files = decisions(tmp_path / "docs", 3)
    index = tmp_path / "idx"
    assert kh(index, "ingest", str(tmp_path / "docs")).returncode == 0
    # What a kill between the index commit and the store write left with the old order:
    # documents in the index that the store lacks.
    with sqlite3.connect(index / "documents.sqlite") as db:
        db.execute("DELETE FROM documents WHERE path = ?", (str(files[0]),))
    assert kh(index, "ingest", str(files[1])).returncode == 0
    assert agree(index) == 2
    # An index folder removed (or corrupt and removed): rebuilt from the store.
    shutil.rmtree(index / "tantivy")  # the default engine's files
    (index / "tantivy-docs.sqlite").unlink()
    again = kh(index, "ingest", str(files[1]))
    assert again.returncode == 0 and "1 unchanged" in again.stdout
    assert agree(index) == 2
