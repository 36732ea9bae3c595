#!/usr/bin/env bash
# The checks CI runs (after `bash scripts/install.sh --dev`): ruff, ruff format, strict mypy, the
# test suite, and the suite again with Voikko and Tesseract made unavailable
# (KUNTAHAKU_DISABLE=voikko,tesseract), as on a machine without them.
# Arguments go to both pytest runs. The Python is the clone's `.venv` (or $KUNTAHAKU_PYTHON).
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${KUNTAHAKU_PYTHON:-.venv/bin/python}"
echo "== ruff" >&2
"$PY" -m ruff check .
"$PY" -m ruff format --check .
echo "== mypy" >&2
"$PY" -m mypy
echo "== tests" >&2
"$PY" -m pytest "$@"
echo "== tests without Voikko and Tesseract (KUNTAHAKU_DISABLE=voikko,tesseract)" >&2
KUNTAHAKU_DISABLE=voikko,tesseract "$PY" -m pytest "$@"
