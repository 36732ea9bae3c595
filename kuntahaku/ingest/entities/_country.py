"""Whether a Swedish-language document comes from Sweden rather than from Finland.

Finland's state institutions have Swedish names that Sweden's own institutions share
("Riksdagen", "Högsta domstolen"); in a document from Sweden those names are Sweden's. The signs
are the currency (kronor, tkr, mnkr) and Sweden's own words (län, landsting, Sveriges) against
the euro and Finland.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_SWEDEN = re.compile(
    r"\b(kronor|kr|tkr|mkr|mnkr|skr|sek|län|länsstyrelsen|landsting(?:et)?|sveriges?|skl|skr)\b",
    re.IGNORECASE,
)
_FINLAND = re.compile(r"(\beuro\w*|€|\beur\b|\bfinlands?\b|\bsuomi\b|\bsuomen\b)", re.IGNORECASE)
MIN_SIGNS = 2


def from_sweden(texts: Iterable[str], lang: str) -> bool:
    """A Swedish document whose text shows Sweden's signs more often than Finland's."""
    if lang != "sv":
        return False
    sweden = finland = 0
    for text in texts:
        sweden += len(_SWEDEN.findall(text))
        finland += len(_FINLAND.findall(text))
    return sweden >= MIN_SIGNS and sweden > finland
