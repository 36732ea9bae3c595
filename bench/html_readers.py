"""Compare the HTML readers on the real HTML pages: the generic reader (every visible block),
trafilatura's main content (the fallback for pages no adapter knows) and the publishing-system
adapters (what ingestion uses).

    python3 -m bench.html_readers            # every .htm/.html of ../shared/real-docs*/

Per page and reader: site chrome that reached the text (navigation strings every publishing
system prints: "Edellinen asia", "Avaa haku", "Takaisin kokousluetteloon", ...), the share of
the page's content words kept (an independent reading by Python's html.parser minus lines that
are chrome), and the share of the gold § headings (bench/structure/gold/) found in the text.
Writes bench/out/html_readers.md.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

from bench.structure.evaluate import resolve_source
from bench.structure.reference import html_text
from bench.structure.scoring import coverage, loose
from kuntahaku.ingest.extract.encoding import bom_encoding, decode
from kuntahaku.ingest.extract.html import declared_charset, html_to_text, parse_html
from kuntahaku.ingest.extract.systems import fallback, read_page

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "bench" / "structure" / "gold"
# Navigation and site furniture printed by the systems of the shared pages (menus, link bars,
# back links, footers): none of it is content.
CHROME = (
    "Edellinen asia",
    "Seuraava asia",
    "Avaa haku",
    "PDF-muodossa",
    "Takaisin kokousluetteloon",
    "Takaisin vuoden valintaan",
    "Paluu edelliselle sivulle",
    "Triplan",
    "Siirry sisältöön",
    "Päivitä selaimesi",
)
_CHROME_RE = re.compile("|".join(re.escape(c) for c in CHROME), re.IGNORECASE)


def _markup(path: Path) -> str:
    data = path.read_bytes()
    text, _ = decode(data, declared="" if bom_encoding(data) else declared_charset(data))
    return text


def _generic(markup: str) -> str:
    return html_to_text(markup)


def _trafilatura(markup: str) -> str:
    return fallback.main_content(markup)


def _adapter(markup: str) -> str:
    root = parse_html(markup)
    return read_page(root, markup).text if root is not None else ""


READERS: dict[str, Callable[[str], str]] = {
    "generic": _generic,
    "trafilatura": _trafilatura,
    "adapters": _adapter,
}


def _gold_headings(stem: str) -> list[str]:
    path = GOLD / f"{stem}.json"
    if not path.exists():
        return []
    return [s["heading"] for s in json.loads(path.read_text("utf-8")).get("sections", [])]


def main() -> int:
    """Print and write the comparison table."""
    folders = [resolve_source(f"../shared/{d}/SOURCES.md") for d in ("real-docs", "real-docs-2")]
    pages = sorted(p for f in folders if f is not None for p in f.parent.glob("*.htm*"))
    rows = ["| page | reader | chrome strings | content words kept | § headings found |"]
    rows.append("|---|---|---|---|---|")
    totals = {name: [0, 0, 0, 0, 0] for name in READERS}
    for path in pages:
        markup = _markup(path)
        reference = [
            line
            for line in html_text(path.read_bytes()).splitlines()
            if line.strip() and not _CHROME_RE.search(line)
        ]
        headings = _gold_headings(path.stem)
        for name, reader in READERS.items():
            text = reader(markup)
            chrome = len(_CHROME_RE.findall(text))
            cov = coverage(reference, text)
            flat = loose(text)
            found = sum(1 for h in headings if loose(h) in flat)
            t = totals[name]
            t[0] += chrome
            t[1] += cov.covered
            t[2] += cov.reference
            t[3] += found
            t[4] += len(headings)
            share = f"{cov.share:.3f}"
            head = f"{found}/{len(headings)}" if headings else "-"
            rows.append(f"| {path.name} | {name} | {chrome} | {share} | {head} |")
    for name, t in totals.items():
        share = t[1] / t[2] if t[2] else 1.0
        rows.append(f"| **total** | {name} | {t[0]} | {share:.3f} | {t[3]}/{t[4]} |")
    report = "# HTML readers on the real pages\n\n" + "\n".join(rows) + "\n"
    print(report)
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "html_readers.md").write_text(report, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
