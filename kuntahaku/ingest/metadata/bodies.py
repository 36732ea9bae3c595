"""The decision-making body (kaupunginhallitus, Stadsstyrelsen, ...) in any inflected form,
from the stems listed in `kuntahaku/data/bodies.csv`, reported as its lower-case base form."""

from __future__ import annotations

import csv
import functools
import logging
import re
from collections import Counter
from importlib import resources

from kuntahaku.ingest.metadata._lines import Line

log = logging.getLogger(__name__)

# A line of the document's front that names the body and little else (a letterhead or meeting
# line such as "Kaupunginhallitus 26.05.2025" or "Organ Ungdomsfullmäktige") counts this much.
STANDALONE_WEIGHT = 20
FRONT_WEIGHT = 5
_FILLER_RE = re.compile(
    r"[\d.,:;§()/–-]|\b(?:pöytäkirja|esityslista|kokouskutsu|protokoll|föredragningslista|"
    r"organ|toimielin|nämnd|styrelse|sida|sivu|pykälä|kl|klo)\b",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=1)
def _stems() -> list[tuple[str, str]]:
    """(stem, body) pairs, longest stem first so that "elinkeino- ja kilpailujaosto" wins."""
    text = resources.files("kuntahaku.data").joinpath("bodies.csv").read_text("utf-8")
    rows = [(row["stem"].lower(), row["body"]) for row in csv.DictReader(text.splitlines())]
    return sorted(rows, key=lambda r: len(r[0]), reverse=True)


@functools.lru_cache(maxsize=1)
def body_pattern() -> re.Pattern[str]:
    """One regex matching any body stem at a word start, followed by the rest of the word."""
    alternatives = "|".join(re.escape(stem).replace(r"\ ", r"\s+") for stem, _ in _stems())
    return re.compile(rf"(?<!\w)(?:{alternatives})\w*", re.IGNORECASE)


def body_of(surface: str) -> str:
    """Base form of the body named by `surface`: "Kaupunginhallituksen" -> "kaupunginhallitus"."""
    low = re.sub(r"\s+", " ", surface.lower())
    for stem, body in _stems():
        if low.startswith(stem):
            return body
    return ""


def bodies_in(text: str) -> list[str]:
    """Base forms of the bodies named in `text`, in order."""
    return [body_of(m.group(0)) for m in body_pattern().finditer(text)]


def pattern_for(body: str) -> re.Pattern[str]:
    """A regex matching any inflected form of `body` at a word start."""
    stems = [re.escape(stem).replace(r"\ ", r"\s+") for stem, b in _stems() if b == body]
    return re.compile(rf"(?<!\w)(?:{'|'.join(stems)})\w*", re.IGNORECASE)


def main_body(front: list[Line], lines: list[Line]) -> str:
    """The body that issued the document: named alone on a front line, else most often near
    the front, else most often anywhere."""
    scores: Counter[str] = Counter()
    front_set = set(front)
    for line in front:
        for match in body_pattern().finditer(line.text):
            body = body_of(match.group(0))
            rest = line.text[: match.start()] + line.text[match.end() :]
            standalone = len(_FILLER_RE.sub("", rest).strip()) <= 3
            scores[body] += STANDALONE_WEIGHT if standalone else FRONT_WEIGHT
    for line in lines:
        if line in front_set:
            continue
        for body in bodies_in(line.text):
            scores[body] += 1
    if not scores:
        return ""
    body, score = scores.most_common(1)[0]
    log.debug("body %r chosen with score %d of %s", body, score, dict(scores))
    return body


# "Päätösesitys Yhdyskuntalautakunta päättää, että ...": the body a proposal or decision part
# names as its subject is the body that decides.
_PROPOSAL_RE = re.compile(
    r"^(?:Päätösesitys|Päätösehdotus|Ehdotus|Esitys|Päätös|Beslutsförslag|Förslag|Beslut)"
    r"\s*:?\s+(?P<body>\w+)\s+(?:päättää|päätti|esittää|esitti|ehdottaa|hyväksyy|hyväksyi|"
    r"beslutar|beslöt|föreslår)\b",
    re.IGNORECASE,
)


def has_standalone_body(front: list[Line]) -> bool:
    """Whether a front line names a body alone (a letterhead "Kaupunginhallitus"); a body with
    a § ("Yhdyskuntalautakunta 11.08.2015 § 329") is an earlier treatment, not a letterhead."""
    for line in front:
        if "§" in line.text:
            continue
        for match in body_pattern().finditer(line.text):
            rest = line.text[: match.start()] + line.text[match.end() :]
            if len(_FILLER_RE.sub("", rest).strip()) <= 3:
                return True
    return False


# Heads of body names in the nominative: a subject "Yhdyskuntalautakunta" is a body even where
# the list of known bodies lacks it.
_BODY_HEADS = (
    "lautakunta", "hallitus", "valtuusto", "jaosto", "toimikunta", "johtokunta", "neuvosto",
    "nämnden", "nämnd", "styrelsen", "styrelse", "fullmäktige", "sektionen", "utskottet",
)  # fmt: skip


# "Päätös Kaupunginhallituksen päätösehdotus hyväksyttiin.": the decision of the body the board
# prepares for (Kuntalaki 39 §: the board prepares the council's matters), not of the board.
_BOARD_PROPOSAL_ACCEPTED_RE = re.compile(
    r"^(?:Päätös|Beslut)\s*:?\s+(?P<body>\w+)\s+(?:päätösehdotus|ehdotus|esitys|förslag)\s+"
    r"(?:hyväksyttiin|godkändes|godkänns|bifölls)\b",
    re.IGNORECASE,
)
# The council a board's proposals go to, by the board's name.
_COUNCIL_OF_BOARD = (("hallitus", "valtuusto"), ("styrelsen", "fullmäktige"))


def council_decision(lines: list[Line]) -> str:
    """The council whose decision part accepts its board's proposal ("Päätös Kaupungin-
    hallituksen päätösehdotus hyväksyttiin." -> kaupunginvaltuusto), or ""."""
    for line in lines:
        match = _BOARD_PROPOSAL_ACCEPTED_RE.match(line.text)
        board = body_of(match.group("body")) if match else ""
        for head, council in _COUNCIL_OF_BOARD:
            if board.endswith(head):
                return body_of(board[: -len(head)] + council)
    return ""


def proposal_body(lines: list[Line]) -> str:
    """The body a proposal or decision part names as its subject, or ""; a council that
    accepts its board's proposal comes first (the board's handling is the item's history)."""
    council = council_decision(lines)
    if council:
        return council
    for line in lines:
        match = _PROPOSAL_RE.match(line.text)
        if match:
            word = match.group("body")
            body = body_of(word) or (word.lower() if word.lower().endswith(_BODY_HEADS) else "")
            if body:
                return body
    return ""
