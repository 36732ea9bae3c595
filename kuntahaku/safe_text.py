"""Text from documents and users made safe for where it goes: a terminal (no control characters
or escape sequences that could set its title, move its cursor or hide text) and a spreadsheet
cell (no formula), following OWASP's advice on CSV injection.
"""

from __future__ import annotations

import re

# ESC sequences: CSI (`ESC [ ... final`), OSC/DCS/APC/PM/SOS strings up to BEL or ST, and any
# other two-character ESC sequence; then the C1 equivalents of CSI (U+009B) and OSC (U+009D).
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -~]?"
    r"|\x9b[0-?]*[ -/]*[@-~]"
    r"|[\x90\x9d\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
)
# Other C0 and C1 controls (not tab and newline), DEL, and the bidirectional overrides and
# isolates that can make text read differently from what it is.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# A spreadsheet reads a cell beginning with one of these as a formula (OWASP: = + - @ tab CR).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def terminal_safe(text: str) -> str:
    """`text` without escape sequences and control characters (tab and newline stay)."""
    if text.isprintable():
        return text
    return _CONTROLS.sub("", _ESCAPES.sub("", text))


def spreadsheet_safe(cell: str) -> str:
    """A CSV cell that a spreadsheet shows as text: one beginning with a formula character gets
    a leading apostrophe, which spreadsheets show as text and do not evaluate (OWASP)."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell
