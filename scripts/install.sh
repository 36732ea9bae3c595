#!/usr/bin/env bash
# Installs kuntahaku and everything it needs on a fresh Debian/Ubuntu machine with Python 3.11.
# System packages (Voikko for Finnish lemmas and compounds, Tesseract for OCR of image-only pages)
# are installed when apt-get is available and we may use it; without them kuntahaku still works,
# degraded (simplemma lemmas without compound splitting; image-only pages flagged, not OCRed),
# and says so.
set -u
APT_PACKAGES="libvoikko1 voikko-fi tesseract-ocr tesseract-ocr-fin tesseract-ocr-swe"
if command -v apt-get >/dev/null 2>&1; then
    SUDO=""
    if [ "$(id -u)" != "0" ]; then
        if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; fi
    fi
    if [ "$(id -u)" = "0" ] || [ -n "$SUDO" ]; then
        missing=""
        for p in $APT_PACKAGES; do
            dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
        done
        if [ -n "$missing" ]; then
            echo "installing system packages:$missing" >&2
            { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null; } \
                || echo "warning: could not install$missing; kuntahaku runs without them (degraded)" >&2
        fi
    else
        echo "warning: not root: skipping system packages ($APT_PACKAGES); kuntahaku runs degraded" >&2
    fi
else
    echo "warning: no apt-get: skipping system packages ($APT_PACKAGES); kuntahaku runs degraded" >&2
fi
set -e
python3 -m pip install --quiet --disable-pip-version-check -e ".[dev]"
