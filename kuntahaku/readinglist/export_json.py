"""JSON export: the stable schema `kuntahaku.reading-list/1` described in docs/reading-lists.md."""

from __future__ import annotations

import json

from kuntahaku.readinglist.layout import View, list_json


def render(view: View) -> str:
    """The list as indented JSON."""
    return json.dumps(list_json(view), ensure_ascii=False, indent=2) + "\n"
