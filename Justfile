# Common tasks: `just test`, `just lint`, `just bench`.
test:
    python3 -m pytest

lint:
    ruff check .
    ruff format --check .
    mypy

bench:
    python3 -m bench.run_all
