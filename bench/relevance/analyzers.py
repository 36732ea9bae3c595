"""Measure the Finnish and Swedish lemmatiser candidates on real corpus words.

For each candidate: lemma accuracy on a hand-checked list of inflected words from `corpus/`,
compound coverage (every expected part produced), and tokens per second over the seed texts
(first pass, while the cache fills, then a second pass). Candidates: ours (Voikko, all analyses;
simplemma + our suffix rules and compound splitter for Swedish), simplemma, spaCy
`spacy-fi-experimental-web-md` (Finnish only, on running text), Snowball stemming (the baseline:
it has no lemma, so it counts as right when the word and the lemma get the same stem).

    python bench/relevance/analyzers.py      # prints a table, writes bench/out/analyzers.json
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import simplemma
from whoosh.lang import stemmer_for_language

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from kuntahaku.text import compound_parts, lemmas  # noqa: E402

OUT = ROOT / "bench" / "out" / "analyzers.json"
SPACY: Any = None
# (word as written in corpus/, its base form), checked by hand.
FI_LEMMAS = [
    ("Helsingissä", "helsinki"),
    ("Helsingin", "helsinki"),
    ("osuuskunnan", "osuuskunta"),
    ("osuuskuntaan", "osuuskunta"),
    ("Espoon", "espoo"),
    ("Oulun", "oulu"),
    ("Luulajan", "luulaja"),
    ("kaupunginhallituksen", "kaupunginhallitus"),
    ("ekosysteemisopimuksen", "ekosysteemisopimus"),
    ("sopimusten", "sopimus"),
    ("väliarvioinnin", "väliarviointi"),
    ("kaupungeissa", "kaupunki"),
    ("hyvinvointialueen", "hyvinvointialue"),
    ("tilinpäätöksen", "tilinpäätös"),
    ("investointimenojen", "investointimeno"),
    ("verotulojen", "verotulo"),
    ("valtuutetun", "valtuutettu"),
    ("aloitteen", "aloite"),
    ("jäsenmaksu", "jäsenmaksu"),
    ("kehittämisessä", "kehittäminen"),
    ("rahoitusta", "rahoitus"),
    ("pöytäkirjan", "pöytäkirja"),
    ("tarkastuslautakunnan", "tarkastuslautakunta"),
    ("maakuntauudistuksen", "maakuntauudistus"),
    ("vaikutuksista", "vaikutus"),
    ("ajoneuvojen", "ajoneuvo"),
    ("jätevedenpuhdistamon", "jätevedenpuhdistamo"),
    ("Seinäjoella", "seinäjoki"),
    ("Vaasan", "vaasa"),
    ("kuntien", "kunta"),
]
SV_LEMMAS = [
    ("avtalen", "avtal"),
    ("avtalet", "avtal"),
    ("städerna", "stad"),
    ("kommunstyrelsen", "kommunstyrelse"),
    ("protokollet", "protokoll"),
    ("stadsstyrelsens", "stadsstyrelse"),
    ("sammanträdet", "sammanträde"),
    ("beslutet", "beslut"),
    ("kommunerna", "kommun"),
    ("regionala", "regional"),
    ("ungdomarna", "ungdom"),
    ("förslaget", "förslag"),
    ("utvärderingen", "utvärdering"),
    ("nämnden", "nämnd"),
    ("vägarna", "väg"),
]
FI_COMPOUNDS = [
    ("ekosysteemisopimuksen", {"ekosysteemi", "sopimus"}),
    ("kaupunginhallituksen", {"kaupunki", "hallitus"}),
    ("vetytalous", {"vety", "talous"}),
    ("jäsenmaksu", {"jäsen", "maksu"}),
    ("osuuskunnan", {"osuus", "kunta"}),
    ("tarkastuslautakunnan", {"tarkastus", "lautakunta"}),
    ("investointimenojen", {"investointi", "meno"}),
    ("verotulojen", {"vero", "tulo"}),
    ("innovaatioekosysteemien", {"innovaatio", "ekosysteemi"}),
    ("kaupunkikehityksen", {"kaupunki", "kehitys"}),
    ("tilinpäätöksen", {"tili", "päätös"}),
    ("maakuntauudistuksen", {"maakunta", "uudistus"}),
]
SV_COMPOUNDS = [
    ("ekosystemavtalen", {"ekosystem", "avtal"}),
    ("kommunstyrelsen", {"kommun", "styrelse"}),
    ("stadsstyrelsens", {"stad", "styrelse"}),
    ("utvecklingsfonden", {"utveckling", "fond"}),
    ("ungdomsfullmäktige", {"ungdom", "fullmäktig"}),
    ("vätgasekonomi", {"vätgas", "ekonomi"}),
    ("välfärdsområdet", {"välfärd", "område"}),
    ("mellanutvärderingen", {"mellan", "utvärdering"}),
]


def _spacy_fi() -> Any:
    try:
        import spacy

        return spacy.load("spacy_fi_experimental_web_md", exclude=["ner", "parser"])
    except Exception as exc:  # the model or Voikko is missing
        print(f"spaCy fi not measured: {exc}", file=sys.stderr)
        return None


def candidates(lang: str) -> dict[str, Callable[[str], list[str]]]:
    stem = stemmer_for_language(lang)
    out: dict[str, Callable[[str], list[str]]] = {
        "kuntahaku": lambda w: lemmas(w, lang),
        "simplemma": lambda w: [str(simplemma.lemmatize(w, lang=lang)).lower()],
        "snowball": lambda w: [stem(w.lower())],
    }
    if lang == "fi" and SPACY is not None:
        out["spacy-fi"] = lambda w: [t.lemma_.lower() for t in SPACY(w)][:1]
    return out


def accuracy(
    fn: Callable[[str], list[str]], name: str, lang: str, table: list[tuple[str, str]]
) -> float:
    stem = stemmer_for_language(lang)
    right = 0
    for word, lemma in table:
        got = fn(word)
        right += (stem(lemma) in got) if name == "snowball" else (lemma in got)
    return right / len(table)


def tokens_per_second(fn: Callable[[str], list[str]], words: list[str]) -> float:
    started = time.perf_counter()
    for w in words:
        fn(w)
    return len(words) / (time.perf_counter() - started)


def main() -> None:
    global SPACY
    SPACY = _spacy_fi()
    text = " ".join(
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus/seeds").glob("*.txt"))
    )
    words = re.findall(r"[^\W\d_]+", text)[:20000]
    report: dict[str, dict[str, dict[str, float]]] = {}
    for lang, table, compounds in (
        ("fi", FI_LEMMAS, FI_COMPOUNDS),
        ("sv", SV_LEMMAS, SV_COMPOUNDS),
    ):
        report[lang] = {}
        for name, fn in candidates(lang).items():
            row = {"lemma_accuracy": round(accuracy(fn, name, lang, table), 3)}
            if name == "spacy-fi":  # running text through the pipeline, not word by word
                started = time.perf_counter()
                SPACY(" ".join(words[:5000]))
                row["tokens_per_s"] = round(5000 / (time.perf_counter() - started))
            else:
                row["tokens_per_s"] = round(tokens_per_second(fn, words))
            if name == "kuntahaku":
                row["compound_coverage"] = round(
                    sum(parts <= set(compound_parts(w, lang)) for w, parts in compounds)
                    / len(compounds),
                    3,
                )
                lemmas_cached = tokens_per_second(fn, words)
                row["tokens_per_s_cached"] = round(lemmas_cached)
            else:
                row["compound_coverage"] = 0.0
            report[lang][name] = row
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(
        f"{'lang':4} {'candidate':10} {'lemma acc':>9} {'compounds':>9} {'tokens/s':>9} "
        f"{'cached':>9}"
    )
    for lang, rows in report.items():
        for name, row in rows.items():
            print(
                f"{lang:4} {name:10} {row['lemma_accuracy']:>9.3f} "
                f"{row['compound_coverage']:>9.3f} {row['tokens_per_s']:>9.0f} "
                f"{row.get('tokens_per_s_cached', 0):>9.0f}"
            )
    print(
        f"lemma list: {len(FI_LEMMAS)} fi, {len(SV_LEMMAS)} sv words; compounds: "
        f"{len(FI_COMPOUNDS)} fi, {len(SV_COMPOUNDS)} sv; speed over {len(words)} seed words"
    )
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
