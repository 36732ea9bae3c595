"""Finnish, Swedish and English word analysis shared by search and entity tagging.

`lemmas(word, lang)` gives lower-case base forms, `compound_parts(word, lang)` the parts of a
compound, and `tokenize(text)` the word tokens with their offsets.
"""

from kuntahaku.text.lemmas import (
    SUPPORTED_LANGUAGES,
    compound_parts,
    is_known,
    lemmas,
    normalise_lang,
    voikko_available,
)
from kuntahaku.text.tokens import Token, tokenize

__all__ = [
    "SUPPORTED_LANGUAGES",
    "Token",
    "compound_parts",
    "is_known",
    "lemmas",
    "normalise_lang",
    "tokenize",
    "voikko_available",
]
