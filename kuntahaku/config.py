"""Settings read once (by the CLI) into a frozen dataclass that every stage receives.

`KUNTAHAKU_DISABLE` (a comma-separated list of `voikko` and `tesseract`) makes those system
components unavailable exactly as on a machine without them: read once per process by
`disabled_components()`, kept in `Settings.disabled`, and honoured where each is loaded
(`text/lemmas.py`, `ingest/ocr.py`). CI runs the whole test suite with both disabled.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DISABLE_ENV = "KUNTAHAKU_DISABLE"
COMPONENTS = ("voikko", "tesseract")  # what KUNTAHAKU_DISABLE can switch off

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def disabled_components() -> frozenset[str]:
    """The components KUNTAHAKU_DISABLE names (`voikko,tesseract`); read once per process.

    An unknown name is ignored with one warning that lists the known ones.
    """
    raw = os.environ.get(DISABLE_ENV, "")
    names = {n.strip().lower() for n in raw.replace(";", ",").split(",") if n.strip()}
    unknown = sorted(names - set(COMPONENTS))
    if unknown:
        log.warning(
            "warning: %s: unknown name(s) %s ignored; known: %s",
            DISABLE_ENV,
            ", ".join(unknown),
            ", ".join(COMPONENTS),
        )
    return frozenset(names & set(COMPONENTS))


def is_disabled(component: str) -> bool:
    """Whether KUNTAHAKU_DISABLE switches `component` (`voikko` or `tesseract`) off."""
    return component in disabled_components()


def default_index_dir() -> Path:
    """The index folder when neither --index nor KUNTAHAKU_INDEX is given: the user's data dir."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "kuntahaku"


def default_cache_dir() -> Path:
    """Where derived data that can be rebuilt at any time is kept (the compiled gazetteer):
    `$XDG_CACHE_HOME/kuntahaku`, else `~/.cache/kuntahaku`."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kuntahaku"


# Search engines an index can be created with (`kuntahaku.search` implements them); the first is
# the default for a new index.
ENGINES = ("tantivy", "whoosh")
DEFAULT_ENGINE = ENGINES[0]


@dataclass(frozen=True)
class Settings:
    """Run-time choices; stages read these and never the environment."""

    index_dir: Path
    workers: int = 1
    force: bool = False
    ocr: bool = True  # OCR image-only pages when Tesseract is installed
    ocr_dpi: int = 200
    max_passage_chars: int = 2400
    min_passage_chars: int = 200
    language_seed: int = 0
    # The Dask scheduler (tcp://HOST:PORT) whose workers run the per-document stages; "" runs
    # them here (`ingest/cluster.py`).
    cluster: str = ""
    engine: str = ""  # search engine of a new index ("" = the default); an index keeps its own
    # Components switched off by KUNTAHAKU_DISABLE (informational: they are honoured where
    # they are loaded, in this process and in worker processes, which inherit the variable).
    disabled: frozenset[str] = field(default_factory=disabled_components)
