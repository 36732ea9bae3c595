"""Character-level repairs of extracted text: Unicode form, spaces, ligatures, soft hyphens,
bullet glyphs, and the detection of glyphs that have no Unicode mapping."""

from __future__ import annotations

import re
import unicodedata

from kuntahaku.ingest.clean.hyphen import soft_break_joiner

# Marks a line that ends inside a word broken by a soft hyphen (pdfium writes U+0002 or U+FFFE,
# other producers U+00AD); the paragraph builder joins such a line to the next without a hyphen.
SOFT_BREAK = "\u00ad"
BULLET = "•"
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u180e"), None)
_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]")
_SOFT = re.compile(r"[\u0002\ufffe\u00ad]")
_SOFT_INSIDE = re.compile(r"([\w\-]*)[\u0002\ufffe](\w*)")
# A soft hyphen before a space: the line break of the source became a space (HTML, reflowed text).
_SOFT_SPACE = re.compile(r"([\w\-]*\w)\u00ad\s+(\w+)")
_LIGATURES = {
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
    "\ufb05": "st", "\ufb06": "st",
}  # fmt: skip
_LIGATURE_TABLE = str.maketrans(_LIGATURES)
_CID = re.compile(r"\(cid:\d+\)")
# Bullet glyphs at the start of a line: round, square, arrow and dash bullets, symbol-font bullets
# in the private use area, and "y" or "o" where a Wingdings bullet was mapped to a letter.
_BULLET_LINE = re.compile(
    r"^\s*(?:[•●○◦▪▫■□◆◇►▸▹➢➤✓✔\-–—*·\uf0a7\uf0b7\uf076\uf0d8\uf0fc\ue000-\uf8ff]"
    r"|[yo](?=\s+[A-ZÅÄÖ]))\s+(?=\S)"
)
# Dot leaders of a table of contents ("Val av protokolljusterare ........ 2"), also when the
# layout split them into cells: they become one cell boundary.
_LEADER = re.compile(r"\s*(?:\|\s*)?(?:[.…·](?:\s*\|\s*|\s?)){4,}(?:\|\s*)?")
_LEADER_DOTS = 4  # a leader holds at least this many of its dots
_RUN_OF_SPACES = re.compile(r" {2,}")
_RULE = re.compile(r"^[_.\-–—=*\s]{3,}$")
_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")


def has_cid(text: str) -> bool:
    """True when the text holds pdfminer-style `(cid:N)` glyphs without a Unicode mapping."""
    return bool(_CID.search(text))


def normalise_line(line: str) -> str:
    """One line: NFC, ligatures split, zero-width characters removed, spaces made plain,
    `(cid:N)` removed, soft hyphens inside the line dropped and at its end kept as SOFT_BREAK."""
    # Every step is run only where it can change something: this runs on every line of a batch.
    line = unicodedata.normalize("NFC", line.translate(_ZERO_WIDTH)).translate(_LIGATURE_TABLE)
    if "(cid:" in line:
        line = _CID.sub("", line)
    line = _SPACES.sub(" ", line).rstrip()
    soft_end = bool(line) and _SOFT.match(line[-1]) is not None
    if soft_end:
        line = line[:-1]
    if _SOFT.search(line):
        line = _SOFT.sub("", _SOFT_INSIDE.sub(_rejoin, _SOFT_SPACE.sub(_rejoin, line)))
    if line.count(".") + line.count("…") + line.count("·") >= _LEADER_DOTS:
        line = _LEADER.sub(" | ", line)
    if "  " in line:
        line = _RUN_OF_SPACES.sub(" ", line)
    line = line.strip(" |")
    if _RULE.match(line):
        return ""  # a drawn rule of underscores or dots separates, it does not say anything
    if soft_end and line:
        line += SOFT_BREAK
    line = bullet_line(line)
    return _PRIVATE_USE.sub("", line) if not line.startswith(BULLET) else line


def _rejoin(match: re.Match[str]) -> str:
    stem, head = match.group(1), match.group(2)
    return stem + soft_break_joiner(stem, head) + head


def bullet_line(line: str) -> str:
    """`• text` for a line that starts with a bullet glyph; other lines unchanged.

    A dash followed by a lower-case word is not a bullet when it is a line-initial hyphen of a
    compound ("-prosessi", written without a space) — the pattern requires a space after it.
    """
    match = _BULLET_LINE.match(line)
    if not match:
        return line
    rest = line[match.end() :]
    if rest[:1].isdigit() and match.group().strip() in "-–—":
        return line  # "- 5 000 €" in a table of sums, or a minus sign
    return f"{BULLET} {rest}"
