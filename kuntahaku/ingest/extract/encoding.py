"""Bytes to text without assuming UTF-8: a BOM wins, then a declared charset, then strict UTF-8,
then UTF-8 with a few stray bytes replaced (and a warning), then charset-normalizer's best
guess. Binary data is refused with a clear reason."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from kuntahaku.errors import CorruptFile

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control bytes that never occur in text (NUL and friends; tab, LF, FF, CR and ESC excluded).
_CONTROL = frozenset(range(0, 9)) | {11, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 28}
_CONTROL_SHARE = 0.01  # of the bytes inspected
# Windows code pages and ISO names that charset-normalizer reports for Latin-1 text: cp1252 is a
# superset of latin-1 for printable characters and is what Finnish and Swedish Windows write.
_LATIN = frozenset({"latin_1", "iso8859_1", "iso8859_15", "cp1250", "cp1252", "iso8859_2"})


def bom_encoding(data: bytes) -> str:
    """The encoding announced by a byte-order mark, or ""."""
    return next((name for bom, name in _BOMS if data.startswith(bom)), "")


def looks_binary(data: bytes) -> bool:
    """True when the bytes hold control characters that text files do not have."""
    sample = data[:65536]
    if not sample or bom_encoding(sample):
        return False
    controls = sum(1 for b in sample if b in _CONTROL)
    return controls > _CONTROL_SHARE * len(sample)


# UTF-8 text with at most this share of its non-ASCII characters as invalid bytes is read as
# UTF-8 with those bytes replaced (one latin-1 byte pasted into a UTF-8 file); Windows-1252
# text has almost no valid multi-byte UTF-8 sequences at all.
MAX_STRAY_SHARE = 0.1


def decode(data: bytes, declared: str = "", warnings: list[str] | None = None) -> tuple[str, str]:
    """Decode bytes to text, returning (text, encoding used). Raises CorruptFile for binary data.

    A warning for the user is appended to `warnings` when bytes had to be replaced."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(name, errors="replace"), name
    if declared:
        try:
            name = codecs.lookup(declared).name
        except LookupError:
            name = ""
        if name:
            if name in ("latin-1", "iso8859-1"):
                name = "cp1252"  # what browsers do with a latin-1 declaration
            return data.decode(name, errors="replace"), name
    utf16 = _bomless_utf16(data)
    if utf16:
        return data.decode(utf16, errors="replace"), utf16
    if looks_binary(data):
        raise CorruptFile("binary data, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        text, stray = mostly
        if warnings is not None:
            warnings.append(
                f"{stray} byte(s) that are not UTF-8 replaced by U+FFFD (the rest is UTF-8)"
            )
        return text, "utf-8"
    try:
        # Finnish and Swedish text that is not UTF-8 is, in practice, Windows-1252 (or its
        # subset latin-1); charset-normalizer alone reads such short texts as hp_roman8 or cp1250.
        text = data.decode("cp1252")
        if _plausible_latin(text):
            return text, "cp1252"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise CorruptFile("binary data, not text (no character encoding fits)")
    encoding = best.encoding
    if encoding in _LATIN:
        encoding = "cp1252"
    return data.decode(encoding, errors="replace"), encoding


def _mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """UTF-8 text with a few invalid bytes replaced, and how many, or None when the bytes are
    not mostly UTF-8."""
    text = data.decode("utf-8", errors="replace")
    stray = text.count("\ufffd") - data.count("\ufffd".encode())
    wide = sum(1 for c in text if ord(c) > 127 and c != "\ufffd")
    if wide and stray <= MAX_STRAY_SHARE * wide:
        return text, stray
    return None


def _bomless_utf16(data: bytes) -> str:
    """`utf-16-le`/`utf-16-be` for text whose every other byte is NUL, else ""."""
    sample = data[:4096]
    if len(sample) < 4:
        return ""
    even_nul = sample[0::2].count(0) / len(sample[0::2])
    odd_nul = sample[1::2].count(0) / len(sample[1::2])
    if odd_nul > 0.7 and even_nul < 0.1:
        name = "utf-16-le"
    elif even_nul > 0.7 and odd_nul < 0.1:
        name = "utf-16-be"
    else:
        return ""
    text = sample[: len(sample) // 2 * 2].decode(name, errors="replace")
    printable = sum(1 for c in text if c.isprintable() or c in "\r\n\t")
    return name if printable > 0.95 * len(text) else ""


def _plausible_latin(text: str) -> bool:
    """Few characters outside letters, digits, punctuation and Latin-1 letters."""
    odd = sum(1 for c in text if not (c.isalnum() or c.isspace() or c in _PUNCT))
    return odd <= 0.02 * max(len(text), 1)


_PUNCT = frozenset(".,;:!?-–—()[]{}\"'/\\%&@#*+=<>|§€$£°´`^~_«»„“”‘’…•·")
