#!/usr/bin/env bash
# Installs kuntahaku into a virtual environment in the clone (`.venv/`) on a fresh Debian/Ubuntu
# machine with Python 3.11: `bash scripts/install.sh` for using it (runtime dependencies),
# `bash scripts/install.sh --dev` for running the tests and checks (adds the `dev` extra and
# the `cluster` one, Dask distributed for `ingest --cluster`), `--cluster` for a cluster machine.
# A virtual environment because Debian's and Ubuntu's own python3 refuse `pip install` into the
# system (PEP 668). The Python is the first `python3` on PATH (or $PYTHON).
# System packages (Voikko for Finnish lemmas and compounds, Tesseract for OCR of image-only pages)
# are installed when apt-get is available and we may use it; without them kuntahaku still works,
# degraded (simplemma lemmas without compound splitting; image-only pages flagged, not OCRed),
# and says so.
set -u
cd "$(dirname "$0")/.."
EXTRAS=""
for arg in "$@"; do
    case "$arg" in
        --dev) EXTRAS="[dev,cluster]" ;;
        --bench) EXTRAS="[dev,cluster,bench]" ;;
        --cluster) EXTRAS="[cluster]" ;;
        *) echo "usage: bash scripts/install.sh [--dev|--bench|--cluster]" >&2; exit 2 ;;
    esac
done
PYTHON="${PYTHON:-python3}"
VENV="${KUNTAHAKU_VENV:-.venv}"
# antiword reads legacy Word (.doc) files; without it only .doc files fail, with one line each.
APT_PACKAGES="libvoikko1 voikko-fi tesseract-ocr tesseract-ocr-fin tesseract-ocr-swe antiword"
# For the tests: Chromium for the web app's browser tests, poppler's pdftotext for the structure
# benchmark's independent reading of PDFs. Without them those tests skip and say why.
TEST_APT_PACKAGES="chromium poppler-utils"
# For the benchmarks (--bench): wrk, the web load benchmark's HTTP client.
BENCH_APT_PACKAGES="wrk"

SUDO=""
CAN_APT=""
if command -v apt-get >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ]; then
        CAN_APT=1
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO="sudo -n"
        CAN_APT=1
    fi
fi
APT_UPDATED=""
apt_install() {
    # apt_install PACKAGE...: installs what is missing; returns 1 when it cannot.
    local missing="" p
    for p in "$@"; do
        dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
    done
    [ -z "$missing" ] && return 0
    [ -n "$CAN_APT" ] || return 1
    echo "installing system packages:$missing" >&2
    if [ -z "$APT_UPDATED" ]; then
        $SUDO apt-get update -qq || return 1
        APT_UPDATED=1
    fi
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
}

if ! command -v apt-get >/dev/null 2>&1; then
    echo "warning: no apt-get: skipping system packages ($APT_PACKAGES); kuntahaku runs degraded" >&2
elif [ -z "$CAN_APT" ]; then
    echo "warning: not root: skipping system packages ($APT_PACKAGES); kuntahaku runs degraded" >&2
else
    # shellcheck disable=SC2086
    apt_install $APT_PACKAGES \
        || echo "warning: could not install $APT_PACKAGES; kuntahaku runs without them (degraded)" >&2
    if [ "$EXTRAS" != "" ] && [ "$EXTRAS" != "[cluster]" ]; then
        # shellcheck disable=SC2086
        apt_install $TEST_APT_PACKAGES \
            || echo "warning: could not install $TEST_APT_PACKAGES; the tests that need them skip" >&2
    fi
    if [ "$EXTRAS" = "[dev,cluster,bench]" ]; then
        # shellcheck disable=SC2086
        apt_install $BENCH_APT_PACKAGES \
            || echo "warning: could not install $BENCH_APT_PACKAGES; bench.web_load uses httpx" >&2
    fi
fi

if ! command -v "$PYTHON" >/dev/null 2>&1; then
    echo "error: no $PYTHON on PATH; install Python 3.11 or newer (apt-get install python3)" >&2
    exit 1
fi
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "error: kuntahaku needs Python 3.11 or newer; $PYTHON is $("$PYTHON" -V 2>&1)" >&2
    exit 1
fi
if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -m pip --version >/dev/null 2>&1; then
    echo "using the virtual environment $VENV" >&2
else
    rm -rf "$VENV"
    if ! "$PYTHON" -m venv "$VENV" >/dev/null 2>&1; then
        # Debian and Ubuntu ship `venv` without ensurepip unless python3-venv is installed.
        rm -rf "$VENV"
        ver="$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
        if apt_install "python$ver-venv" 2>/dev/null || apt_install python3-venv; then
            "$PYTHON" -m venv "$VENV" || rm -rf "$VENV"
        fi
    fi
    if [ ! -x "$VENV/bin/python" ]; then
        echo "error: cannot create a virtual environment with $PYTHON -m venv; install Debian's" \
            "python3-venv (apt-get install python3-venv) and run this again" >&2
        exit 1
    fi
    echo "created the virtual environment $VENV ($("$VENV/bin/python" -V 2>&1))" >&2
fi
set -e
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e ".$EXTRAS"
echo "installed kuntahaku$EXTRAS into $VENV: run it as $VENV/bin/kuntahaku" >&2
