"""langdetect's detection, step for step, without its per-character method calls.

`Detector.get_probabilities` of langdetect 1.0.9 spent most of the language stage in Python
calls made for every character (`NGram.add_char`, `NGram.normalize`, `unicode_block`). Here the
characters are normalised by one `str.translate`, and the n-grams are taken word by word (the
n-gram buffer restarts at every space) with each word's n-grams kept for its next occurrence.
The random trials that follow use the same seeded `random.Random` draws and the same float
operations, so `probabilities` returns exactly what langdetect returns for any text;
`tests/test_language.py` checks that against langdetect itself.
"""

from __future__ import annotations

import random
import re

from langdetect.detector import Detector
from langdetect.detector_factory import DetectorFactory
from langdetect.utils.ngram import NGram

_SPACES = re.compile(" {2,}")
_LATIN = re.compile("[A-z]")  # langdetect's `'A' <= ch <= 'z'`, brackets and carets included
_NON_LATIN = re.compile("[\u0300-\U0010ffff]")
_DIACRITIC_MARK = re.compile(f"[{NGram.DMARK_CLASS}]")  # what `NGram.normalize_vi` rewrites
N_GRAM = NGram.N_GRAM
_WORD_CACHE = 200_000  # words whose n-grams are kept


class FastDetector:
    """Language probabilities for texts, from the profiles of one langdetect factory."""

    def __init__(self, factory: DetectorFactory) -> None:
        self._probs: dict[str, list[float]] = factory.word_lang_prob_map
        self._langs: list[str] = list(factory.langlist)
        self._table: dict[int, str] = {}  # characters that NGram.normalize changes
        self._seen: set[str] = set()
        self._word_ngrams: dict[tuple[str, bool], tuple[str, ...]] = {}

    def _prepare(self, text: str, max_chars: int) -> str:
        """`Detector.append` then `Detector.cleaning_text` (each step skipped where the text
        lacks what it needs to match: an "http", an "@", a combining mark, a non-Latin letter)."""
        if "http" in text:
            text = Detector.URL_RE.sub(" ", text)
        if "@" in text:
            text = Detector.MAIL_RE.sub(" ", text)
        if _DIACRITIC_MARK.search(text):
            text = NGram.normalize_vi(text)
        text = _SPACES.sub(" ", text[:max_chars])
        if _NON_LATIN.search(text) and len(_LATIN.findall(text)) * 2 < len(
            _NON_LATIN.findall(text)
        ):
            text = _LATIN.sub("", text)
        return text

    def _normalise(self, text: str) -> str:
        """`NGram.normalize` of every character, through a translation table kept per process."""
        table = self._table
        for ch in set(text).difference(self._seen):
            self._seen.add(ch)
            normal = NGram.normalize(ch)
            if normal != ch:
                table[ord(ch)] = normal
        return text.translate(table)

    def _ngrams(self, text: str) -> list[str]:
        """`Detector._extract_ngrams`: the known 1- to 3-grams, in langdetect's order."""
        text = self._normalise(text)
        if any(ch.isupper() for ch in set(text)):
            return self._ngrams_by_char(text)
        # langdetect's n-gram buffer restarts after every space, and only runs of capitals skip
        # n-grams: without capitals, the n-grams are those of each word on its own (with its
        # leading space, and its trailing one when it has one).
        result: list[str] = []
        words = text.split(" ")
        last = len(words) - 1
        cache = self._word_ngrams
        for n, word in enumerate(words):
            if not word:
                continue
            key = (word, n < last)
            found = cache.get(key)
            if found is None:
                found = self._word_grams(word, n < last)
                if len(cache) < _WORD_CACHE:
                    cache[key] = found
            result.extend(found)
        return result

    def _word_grams(self, word: str, space_after: bool) -> tuple[str, ...]:
        """The known n-grams langdetect takes from one word without capitals, in its order."""
        probs = self._probs
        s = " " + word
        grams = [s[1], s[0:2]]
        for k in range(2, len(s)):
            grams += (s[k], s[k - 1 : k + 1], s[k - 2 : k + 1])
        if space_after:
            t = s + " "
            grams += (t[-2:], t[-3:])
        return tuple(g for g in grams if g in probs)

    def _ngrams_by_char(self, text: str) -> list[str]:
        """`Detector._extract_ngrams` character by character (text with capitals)."""
        probs = self._probs
        result: list[str] = []
        grams = " "
        capital = False
        for ch in text:
            last = grams[-1]
            if last == " ":
                grams = " "
                capital = False
                if ch == " ":
                    continue  # the buffer holds only " ": no n-gram to take
            elif len(grams) >= N_GRAM:
                grams = grams[1:]
            grams += ch
            if ch.isupper():
                if last.isupper():
                    capital = True
            else:
                capital = False
            if capital:
                continue
            for n in range(1, min(len(grams), N_GRAM) + 1):
                w = grams[-n:]
                if w != " " and w in probs:
                    result.append(w)
        return result

    def probabilities(self, text: str, seed: int, max_chars: int) -> list[tuple[str, float]]:
        """(language, probability) above langdetect's threshold, most probable first, as
        `Detector.get_probabilities` gives them; [] when the text has no known n-gram (where
        langdetect raises)."""
        ngrams = self._ngrams(self._prepare(text, max_chars))
        if not ngrams:
            return []
        probs = self._probs
        size = len(self._langs)
        langprob = [0.0] * size
        rng = random.Random()
        rng.seed(seed)
        choice = rng.choice
        trials = 7  # Detector.n_trial
        for _ in range(trials):
            prob = [1.0 / size] * size
            alpha = Detector.ALPHA_DEFAULT + rng.gauss(0.0, 1.0) * Detector.ALPHA_WIDTH
            weight = alpha / Detector.BASE_FREQ
            i = 0
            while True:
                word_prob = probs[choice(ngrams)]
                for j in range(size):
                    prob[j] *= weight + word_prob[j]
                if i % 5 == 0:
                    maxp, sump = 0.0, sum(prob)
                    for j in range(size):
                        p = prob[j] / sump
                        if maxp < p:
                            maxp = p
                        prob[j] = p
                    if maxp > Detector.CONV_THRESHOLD or i >= Detector.ITERATION_LIMIT:
                        break
                i += 1
            for j in range(size):
                langprob[j] += prob[j] / trials
        found = [
            (lang, p)
            for lang, p in zip(self._langs, langprob, strict=True)
            if p > Detector.PROB_THRESHOLD
        ]
        found.sort(key=lambda lp: lp[1], reverse=True)
        return found
