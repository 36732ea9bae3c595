# Common tasks (after `bash scripts/install.sh --dev`): `just test`, `just lint`, `just bench`.
test:
    bash scripts/test.sh

lint:
    .venv/bin/python -m ruff check .
    .venv/bin/python -m ruff format --check .
    .venv/bin/python -m mypy

bench:
    .venv/bin/python -m bench.run_all
