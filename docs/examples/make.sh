#!/usr/bin/env bash
# Regenerate the example reading lists in docs/examples/ from the bundled corpus.
# Usage: bash docs/examples/make.sh   (from anywhere; takes a few minutes: it ingests corpus/)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=docs/examples
index="$(mktemp -d)"
trap 'rm -rf "$index"' EXIT
kh() { kuntahaku --index "$index" "$@"; }

# Exit 1 means some file failed (reported on stderr); the lists are still worth making.
kh ingest corpus/seeds corpus/seed-pdfs corpus/real-docs --workers 2 || [ $? -eq 1 ]

# 1. A Finnish theme, grouped by municipality, with a note; Markdown and HTML.
kh reading-list build --theme kiertotalous --group-by municipality \
   --title "Kiertotalous – circular economy" --save circular-economy >/dev/null
kh reading-list note circular-economy 004_5c2fa7a6dfcf7351.txt \
   "Oulu's ecosystem agreement: circular economy is one of its strategic focus areas."
kh reading-list export circular-economy -o "$out/circular-economy.md"
kh reading-list export circular-economy -o "$out/circular-economy.html"

# 2. A theme given in Swedish finds Swedish and Finnish documents alike; Markdown and JSON.
kh reading-list build --theme ungdom --group-by municipality \
   --title "Ungdom – youth (theme given in Swedish)" --save youth >/dev/null
kh reading-list export youth -o "$out/youth.md"
kh reading-list export youth -o "$out/youth.json"

# 3. Innovation and RDI by year, most recent first; Markdown and CSV (UTF-8 with BOM).
kh reading-list build --theme innovaatio --group-by year --quotes 3 \
   --title "Innovaatiot ja TKI – innovation and RDI by year" --save innovation >/dev/null
kh reading-list export innovation -o "$out/innovation.md"
kh reading-list export innovation -o "$out/innovation.csv"

kh reading-list ls
