"""Settings read once (by the CLI) into a frozen dataclass that every stage receives."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def default_index_dir() -> Path:
    """The index folder when neither --index nor KUNTAHAKU_INDEX is given: the user's data dir."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "kuntahaku"


def default_cache_dir() -> Path:
    """Where derived data that can be rebuilt at any time is kept (the compiled gazetteer):
    `$XDG_CACHE_HOME/kuntahaku`, else `~/.cache/kuntahaku`."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kuntahaku"


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
