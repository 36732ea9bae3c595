"""Base forms (lemmas) and compound parts of Finnish, Swedish and English words.

Finnish uses Voikko (Debian `libvoikko1` + `voikko-fi`) where it is installed: the base forms of
*all* its analyses, and compound parts cut at the `=` marks of its STRUCTURE. Without Voikko,
simplemma gives Finnish lemmas and compounds are off (a warning says so once). Swedish uses
simplemma lemmas and our own compound splitter over simplemma's Swedish lemma list. English uses
simplemma lemmas. Results are lower-case; ä, ö and å are kept (never ASCII-folded).

simplemma's dictionaries are read from memory in a process that analyses documents (`preload`,
called by ingest, which also writes them to the cache folder once, see `_lexicon`), and from those
files in a process that only analyses a few query words: a search does not load a dictionary.

`KUNTAHAKU_DISABLE=voikko` makes Voikko unavailable exactly as on a machine without it. The
missing library is detected before a Voikko object is made (whose `__del__` would otherwise print
a traceback at exit), and the warning is logged once per process.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from kuntahaku.config import DISABLE_ENV, is_disabled
from kuntahaku.errors import UnsupportedLanguage
from kuntahaku.text import _lexicon

log = logging.getLogger(__name__)

SUPPORTED_LANGUAGES = ("fi", "sv", "en")
_ALIASES = {
    "fi": "fi",
    "fin": "fi",
    "finnish": "fi",
    "suomi": "fi",
    "fi-fi": "fi",
    "fi_fi": "fi",
    "sv": "sv",
    "swe": "sv",
    "swedish": "sv",
    "svenska": "sv",
    "ruotsi": "sv",
    "sv-fi": "sv",
    "sv_fi": "sv",
    "sv-se": "sv",
    "sv_se": "sv",
    "en": "en",
    "eng": "en",
    "english": "en",
    "englanti": "en",
    "engelska": "en",
}
# Proper-name classes of Voikko: their parts (Seinä + joki) are not split off.
_NAME_CLASSES = frozenset({"paikannimi", "nimi", "etunimi", "sukunimi"})
MIN_PART = 2  # shortest compound part worth indexing
SV_MIN_COMPOUND = 8  # shortest Swedish word (base form) the splitter tries
SV_MIN_PART = 3
SV_MAX_PARTS = 3

_lock = threading.Lock()
_voikko: Any = None
_voikko_tried = False
_in_memory = False  # set by preload(): this process analyses documents, not a few query words


def normalise_lang(lang: str) -> str:
    """`fi`, `sv` or `en` for any accepted spelling; anything else raises UnsupportedLanguage."""
    code = _ALIASES.get(lang.strip().lower())
    if code is None:
        raise UnsupportedLanguage(
            f"unsupported language {lang!r}; supported: {', '.join(SUPPORTED_LANGUAGES)}"
        )
    return code


def _import_voikko() -> Any:
    """A new Voikko instance for Finnish; raises OSError when the library is missing (or
    disabled), VoikkoException when its Finnish data is."""
    if is_disabled("voikko"):
        raise OSError(f"switched off by {DISABLE_ENV}")
    import libvoikko

    # Load the C library first: `Voikko()` without it fails half-made, and its `__del__` then
    # prints "Exception ignored ... AttributeError" when the process exits.
    libvoikko.VoikkoLibrary.open(path=libvoikko.Voikko._sharedLibrarySearchPath)
    return libvoikko.Voikko("fi")


def _get_voikko() -> Any:
    """The process-wide Voikko instance, or None (warned once) when it cannot be loaded.

    Called for every word, so the lock is taken only until the first load has been tried.
    """
    global _voikko, _voikko_tried
    if _voikko_tried:
        return _voikko
    with _lock:
        if not _voikko_tried:
            try:
                _voikko = _import_voikko()
            except Exception as exc:  # OSError without the C library, VoikkoException without data
                _voikko = None
                log.warning(
                    "warning: Voikko is not available (%s); Finnish lemmas come from simplemma "
                    "and compound words are not split (install Debian libvoikko1 and voikko-fi)",
                    exc,
                )
            _voikko_tried = True  # after `_voikko` is set: readers without the lock see both
    return _voikko


def voikko_available() -> bool:
    """Whether Finnish analysis uses Voikko (with compounds) rather than simplemma."""
    return _get_voikko() is not None


def preload(langs: Iterable[str] = SUPPORTED_LANGUAGES) -> None:
    """Load the analysers of these languages now instead of on first use: Voikko for Finnish
    (simplemma's dictionary without it), simplemma's dictionaries for the others. Worker
    processes forked afterwards then share them instead of each loading its own.

    From now on this process reads the dictionaries from memory; each one is also written to
    the cache folder (once per machine) for searches to read from there."""
    global _in_memory
    _in_memory = True
    for lang in langs:
        code = normalise_lang(lang)
        if code == "fi" and _get_voikko() is not None:
            continue
        _simplemma_lemmatizer()
        table = _dictionary_factory().get_dictionary(code)
        base_forms = _sv_lexicon() if code == "sv" else frozenset()
        if not _lexicon.lexicon_path(code).is_file():
            _lexicon.write_lexicon(code, _decoded(table), base_forms)


def _decoded(table: Any) -> dict[str, str]:
    """simplemma's dictionary as a plain str -> str dict (its bytes store decoded at once)."""
    raw: dict[bytes, bytes] | None = getattr(table, "_dict", None)
    if raw is None:
        return dict(table.items())
    return {k.decode(): v.decode() for k, v in raw.items()}


def voikko_version() -> str:
    """Voikko's library version and dictionaries, what its analyses depend on ("" without it)."""
    if _get_voikko() is None:
        return ""
    import libvoikko

    dicts = "; ".join(
        f"{d.language}-{d.script}-{d.variant} {d.description}" for d in libvoikko.Voikko.listDicts()
    )
    return f"libvoikko {libvoikko.Voikko.getVersion()} ({dicts})"


@dataclass(frozen=True)
class VoikkoReading:
    """One Voikko analysis of a word: the fields search and tagging read."""

    baseform: str
    structure: str
    cls: str
    wordbases: str


Readings = tuple[VoikkoReading, ...]
# Plain tuples of VoikkoReading's fields: what `recorded_readings` hands to another process.
PlainReadings = tuple[tuple[str, str, str, str], ...]
READINGS_KEPT = 200_000  # words whose Voikko readings a process keeps
_readings: dict[str, Readings] = {}
_recorded: dict[str, Readings] | None = None  # made since the last `recorded_readings()`


def voikko_readings(word: str) -> Readings:
    """Every Voikko analysis of a word, cached per process; () without Voikko.

    The one place Voikko is asked: indexing and entity tagging read the same words.
    """
    found = _readings.get(word)
    if found is not None:
        return found
    v = _get_voikko()
    if v is None:
        return ()
    found = tuple(
        VoikkoReading(
            a.get("BASEFORM") or "",
            a.get("STRUCTURE") or "",
            a.get("CLASS") or "",
            a.get("WORDBASES") or "",
        )
        for a in v.analyze(word)
    )
    if len(_readings) < READINGS_KEPT:
        _readings[word] = found
    if _recorded is not None:
        _recorded[word] = found
    return found


def record_readings() -> None:
    """Keep the Voikko readings this process makes from now on, for `recorded_readings`
    (an ingest worker hands them to the process that indexes its documents)."""
    global _recorded
    _recorded = {}


def recorded_readings() -> dict[str, PlainReadings]:
    """The readings made since the last call, as plain tuples; {} unless recording."""
    global _recorded
    if not _recorded:
        return {}
    found, _recorded = _recorded, {}
    return {
        word: tuple((r.baseform, r.structure, r.cls, r.wordbases) for r in readings)
        for word, readings in found.items()
    }


def add_readings(readings: dict[str, PlainReadings]) -> None:
    """Keep readings that another process made with the same Voikko, so that this process does
    not analyse those words again."""
    for word, plain in readings.items():
        if len(_readings) >= READINGS_KEPT:
            return
        if word not in _readings:
            _readings[word] = tuple(VoikkoReading(*r) for r in plain)


@lru_cache(maxsize=200_000)
def _voikko_analyses(word: str) -> tuple[tuple[str, str, str], ...]:
    """(baseform, structure, class) of each Voikko analysis of a word that has a base form."""
    return tuple((r.baseform, r.structure, r.cls) for r in voikko_readings(word) if r.baseform)


@lru_cache(maxsize=1)
def _simplemma_lemmatizer() -> Any:
    """One simplemma lemmatizer whose dictionaries the Swedish lexicon shares (loaded once)."""
    import simplemma  # loaded on first use: a search whose words the cache knows never loads it
    from simplemma.strategies import DefaultStrategy

    return simplemma.Lemmatizer(
        lemmatization_strategy=DefaultStrategy(dictionary_factory=_Dictionaries())
    )


class _Dictionaries:
    """simplemma's dictionary factory for our lemmatizer: the dictionary file in the cache
    folder unless this process has preloaded the dictionaries (or there is no file)."""

    def get_dictionary(self, lang: str) -> Any:
        """The word -> lemma mapping of `lang` that simplemma's strategies read."""
        if not _in_memory:
            disk = _lexicon.open_lexicon(lang)
            if disk is not None:
                return disk
        return _dictionary_factory().get_dictionary(lang)


def _dictionary_factory() -> Any:
    from simplemma.lemmatizer import DEFAULT_DICTIONARY_FACTORY  # type: ignore[attr-defined]

    return DEFAULT_DICTIONARY_FACTORY


MEMO_KEPT = 300_000  # new simplemma answers an ingest keeps for `save_memo`
_fresh: dict[tuple[str, str], str] = {}  # simplemma's answers not yet in the memo file
_memo_pid = 0  # the process that keeps its answers for `save_memo` (an ingest, not its workers)


@lru_cache(maxsize=200_000)
def simplemma_lemma(word: str, lang: str) -> str:
    """simplemma's lower-cased lemma, from the one set of dictionaries this process loads
    ("" for "", which simplemma refuses with a ValueError).

    The memo file is read first (unless the dictionaries are in memory anyway); an answer
    simplemma had to give is written there at once by a search, kept for `save_memo` by an
    ingest."""
    if not word:
        return ""
    if not _in_memory:
        known = _lexicon.lemma_memo().get(word, lang)
        if known is not None:
            return known
    lemma = str(_simplemma_lemmatizer().lemmatize(word, lang=lang)).lower()
    if _memo_pid == os.getpid():
        if len(_fresh) < MEMO_KEPT:
            _fresh[(word, lang)] = lemma
    elif not _in_memory:
        _lexicon.lemma_memo().put({(word, lang): lemma})
    return lemma


@lru_cache(maxsize=200_000)
def simplemma_known(word: str, lang: str) -> bool:
    """`simplemma.is_known` for one language, read from the one set of dictionaries this process
    loads (the cache folder's file unless they are in memory): the same answer, without loading
    simplemma's own copy of a dictionary (about 0.8 s for Swedish) in a process that has not."""
    from simplemma.strategies import DictionaryLookupStrategy
    from simplemma.utils import normalize_token

    if not isinstance(word, str):
        raise TypeError("input must be a string")
    found = DictionaryLookupStrategy(_Dictionaries()).get_lemma(normalize_token(word), lang)
    return found is not None


def keep_memo() -> None:
    """Keep simplemma's answers in this process (an ingest) until `save_memo` writes them."""
    global _memo_pid
    _memo_pid = os.getpid()


def save_memo() -> None:
    """Write the answers kept since `keep_memo` to the memo file that searches read: the words
    of the documents just indexed are what later queries ask for."""
    if _lexicon.lemma_memo().put(_fresh):
        _fresh.clear()


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


@lru_cache(maxsize=200_000)
def _lemmas(word: str, lang: str) -> tuple[str, ...]:
    if lang == "fi":
        if _get_voikko() is not None:
            found = [base.lower() for base, _, _ in _voikko_analyses(word)]
            return tuple(_unique(found) or [word.lower()])
        return (_unfolded(simplemma_lemma(word, "fi"), word),)
    if lang == "sv":
        low = word.lower()
        found = [simplemma_lemma(word, "sv"), *_sv_suffix_lemmas(low)]
        if not any(_sv_known(f) for f in found):
            found.extend(_sv_compound_lemma(low))
        return tuple(_unique(found))
    return (simplemma_lemma(word, lang),)


_FOLD = str.maketrans("äöå", "aoa")


def _unfolded(lemma: str, word: str) -> str:
    """simplemma's Finnish lemma unless it swaps a, o for ä, ö (or back) at the same place in
    the word: its dictionary maps ASCII spellings to the real word and back (Seinajoki ->
    seinäjoki, Häme -> hame), and `Seinajoki` must not find Seinäjoki. A real inflection keeps
    its stem's vowels (päivää -> päivä, analyysissä -> analyysi)."""
    low = word.lower()
    for a, b in zip(lemma, low, strict=False):
        if a != b and a.translate(_FOLD) == b.translate(_FOLD):
            return low
    return lemma


# Definite and plural endings of Swedish nouns, longest first: a word minus one of them that is a
# known base form is a reading too (simplemma alone gives beslutet -> besluten, vägarna -> vägare).
_SV_ENDINGS = (
    "arnas",
    "ernas",
    "ornas",
    "arna",
    "erna",
    "orna",
    "ens",
    "ets",
    "en",
    "et",
    "ar",
    "er",
    "or",
)


def _sv_suffix_lemmas(low: str) -> list[str]:
    for ending in _SV_ENDINGS:
        stem = low[: -len(ending)]
        if low.endswith(ending) and len(stem) >= SV_MIN_PART and _sv_known(stem):
            return [stem]
    return []


def lemmas(word: str, lang: str) -> list[str]:
    """Lower-case base forms of a word (every reading); the word itself when it is unknown.

    >>> lemmas("Helsingissä", "fi")
    ['helsinki']
    """
    if not word:
        return []
    return list(_lemmas(word, normalise_lang(lang)))


def _cuts(structure: str) -> list[int]:
    """Character offsets in the surface word where Voikko's STRUCTURE marks a new word part."""
    cuts: list[int] = []
    i = 0
    for ch in structure:
        if ch == "=":
            if i > 0:
                cuts.append(i)
        else:
            i += 1
    return cuts


@lru_cache(maxsize=100_000)
def _fi_parts(word: str) -> tuple[str, ...]:
    parts: list[str] = []
    for _base, structure, cls in _voikko_analyses(word):
        if cls in _NAME_CLASSES:
            continue
        cuts = [c for c in _cuts(structure) if MIN_PART <= c <= len(word) - MIN_PART]
        for c in cuts:
            head, tail = word[:c], word[c:]
            # The modifier (kaupungin -> kaupunki, ekosysteemi) and the head (sopimuksen ->
            # sopimus), each as a word of its own; unknown fragments (yhteis) stay as written.
            parts.extend(_lemmas(head, "fi"))
            parts.extend(_lemmas(tail, "fi"))
        if cuts:
            parts.extend(
                word[a:b].lower()
                for a, b in zip([0, *cuts], [*cuts, len(word)], strict=True)
                if b - a >= MIN_PART and not _voikko_analyses(word[a:b])
            )
    own = set(_lemmas(word, "fi"))
    return tuple(p for p in _unique(parts) if p not in own and len(p) >= MIN_PART)


@lru_cache(maxsize=1)
def _sv_lexicon() -> frozenset[str]:
    """Swedish base forms known to simplemma: the words a compound may be built from."""
    table: Any = _dictionary_factory().get_dictionary("sv")  # shared with simplemma_lemma()
    raw: dict[bytes, bytes] | None = getattr(table, "_dict", None)
    values = {v.decode() for v in raw.values()} if raw is not None else set(table.values())
    return frozenset(v.lower() for v in values if len(v) >= SV_MIN_PART and v.isalpha())


@lru_cache(maxsize=200_000)
def _sv_known(word: str) -> bool:
    """Whether `word` is a Swedish base form (memory and file agree, so a cached answer stays
    right when the dictionaries are loaded later)."""
    if not _in_memory:
        disk = _lexicon.open_lexicon("sv")
        if disk is not None:
            return disk.is_base_form(word)
    return word in _sv_lexicon()


def _sv_head(head: str) -> str | None:
    """The base form of a compound's last part when it is a known word (avtalen -> avtal)."""
    lemma = simplemma_lemma(head, "sv")
    if _sv_known(lemma):
        return lemma
    return head if _sv_known(head) else None


@lru_cache(maxsize=100_000)
def _sv_split(word: str, max_parts: int = SV_MAX_PARTS) -> tuple[str, ...] | None:
    """Known Swedish words that make up `word` (lower-case), head last; None when none fit.

    The head may be inflected (avtalen -> avtal); modifiers are base forms, optionally followed
    by a linking `s` (utvecklings|fonden). The split with the fewest parts wins, then the one
    whose shortest part is longest (föredragning|s|lista rather than före|dragningslista).
    """
    if max_parts < 2:
        return None
    best: tuple[str, ...] | None = None
    for cut in range(SV_MIN_PART, len(word) - SV_MIN_PART + 1):
        head = _sv_head(word[cut:])
        if head is None:
            continue
        modifier = word[:cut]
        options = [modifier]
        if modifier.endswith("s") and len(modifier) > SV_MIN_PART:
            options.append(modifier[:-1])
        for mod in options:
            found: tuple[str, ...] | None = None
            if _sv_known(mod):
                found = (mod, head)
            else:
                sub = _sv_split(mod, max_parts - 1)
                found = (*sub, head) if sub else None
            if found and (best is None or _rank(found) < _rank(best)):
                best = found
    return best


def _sv_compound_lemma(low: str) -> list[str]:
    """The base form of an unknown compound: its modifier as written plus its head's base form
    (ekosystemavtalen -> ekosystemavtal, tillgänglighetsguiden -> tillgänglighetsguide)."""
    if len(low) < SV_MIN_COMPOUND or not low.isalpha():
        return []
    split = _sv_split(low)
    if not split:
        return []
    head = split[-1]
    for cut in range(SV_MIN_PART, len(low) - SV_MIN_PART + 1):
        if _sv_head(low[cut:]) == head:
            return [low[:cut] + head]
    return []


def _rank(parts: tuple[str, ...]) -> tuple[int, int]:
    return (len(parts), -min(len(p) for p in parts))


@lru_cache(maxsize=100_000)
def _sv_parts(word: str) -> tuple[str, ...]:
    low = word.lower()
    if not low.isalpha():
        return ()
    lemma = simplemma_lemma(word, "sv")
    target = lemma if lemma != low and _sv_known(lemma) else low
    if len(target) < SV_MIN_COMPOUND:
        return ()
    split = _sv_split(target)
    if not split:
        return ()
    parts = list(split)
    if len(split) > 2:
        parts.append("".join(split[:-1]))  # the whole modifier
        parts.append("".join(split[1:]))  # the whole head
    own = {low, lemma}
    return tuple(p for p in _unique(parts) if p not in own)


def is_known(word: str, lang: str) -> bool:
    """Whether the lemmatiser knows the word (Voikko analyses it; a Swedish base form is in the
    lexicon). English words all count as known."""
    code = normalise_lang(lang)
    if code == "fi":
        return bool(_voikko_analyses(word)) if _get_voikko() is not None else True
    if code == "sv":
        return any(_sv_known(lemma) for lemma in _lemmas(word, "sv"))
    return True


def compound_parts(word: str, lang: str) -> list[str]:
    """Lower-case parts of a compound word (modifier and head as base forms); [] otherwise.

    >>> compound_parts("ekosysteemisopimuksen", "fi")
    ['eko', 'systeemisopimus', 'ekosysteemi', 'sopimus', 'systeemi']
    """
    code = normalise_lang(lang)
    if not word or not word[0].isalpha():
        return []
    if code == "fi":
        return list(_fi_parts(word)) if _get_voikko() is not None else []
    if code == "sv":
        return list(_sv_parts(word))
    return []
