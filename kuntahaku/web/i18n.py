"""Interface languages: the fi/sv/en label catalogues and the choice of one per request.

The language comes from the `ui` parameter of the URL (the switch), else the `ui` cookie it
set, else the browser's Accept-Language, else Finnish. A label missing from a catalogue falls
back to English and then to its key, so a new label never breaks a page.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

UI_LANGS = ("fi", "sv", "en")
DEFAULT_UI = "fi"
UI_NAMES = {"fi": "suomi", "sv": "svenska", "en": "English"}


@cache
def catalogue(lang: str) -> dict[str, str]:
    """The labels of one interface language, read once from `i18n/<lang>.json`."""
    text = resources.files("kuntahaku.web").joinpath("i18n", f"{lang}.json").read_text("utf-8")
    data: dict[str, str] = json.loads(text)
    return data


def accept_language(header: str) -> str:
    """The first of our languages the browser asks for (by q-value), or "" for none."""
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate(header.split(",")):
        bits = part.strip().split(";")
        tag = bits[0].strip().lower()
        q = 1.0
        for b in bits[1:]:
            b = b.strip()
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        base = tag.split("-")[0]
        if base in ("nb", "nn", "no", "da"):  # Scandinavian readers: Swedish is the closest
            continue
        if base in UI_LANGS and q > 0:
            ranked.append((-q, i, base))
    return min(ranked)[2] if ranked else ""


def choose(param: str | None, cookie: str | None, header: str) -> str:
    """The interface language for a request (see module docstring)."""
    for value in (param, cookie):
        if value and value in UI_LANGS:
            return value
    return accept_language(header) or DEFAULT_UI


class Translator:
    """Labels of one language: `t("key", n=3)` formats the label with its arguments."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in UI_LANGS else DEFAULT_UI
        self._own = catalogue(self.lang)
        self._en = catalogue("en")

    def __call__(self, key: str, **kwargs: Any) -> str:
        text = self._own.get(key) or self._en.get(key) or key
        return text.format(**kwargs) if kwargs else text

    def has(self, key: str) -> bool:
        """Whether a label exists (in this language or in English)."""
        return key in self._own or key in self._en
