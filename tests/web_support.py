"""Helpers shared by the web tests: a private copy of the corpus index, and reading links and
form fields out of the pages as a browser would."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

_HREF = re.compile(r'<a\s[^>]*href="([^"]+)"[^>]*>(.*?)</a>', re.S)
_TAG = re.compile(r"<[^>]+>")


def copy_index(src: Path, dest: Path) -> Path:
    """A copy of an index folder, so that saved lists made by a test stay out of the shared
    corpus index."""
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("reading-lists"))
    return dest


def links(page: str) -> list[tuple[str, str]]:
    """(href, visible text) of every link of a page, entities decoded."""
    return [
        (html.unescape(href), " ".join(html.unescape(_TAG.sub("", text)).split()))
        for href, text in _HREF.findall(page)
    ]


def text_of(page: str) -> str:
    """The visible text of a page, roughly: tags dropped, entities decoded, spaces squeezed."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(_TAG.sub(" ", body)).split())


def csrf_of(page: str) -> str:
    """The CSRF token of the first form of a page."""
    m = re.search(r'name="csrf" value="([^"]+)"', page)
    assert m, "the page has no form with a CSRF token"
    return m.group(1)
