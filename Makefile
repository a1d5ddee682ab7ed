# Two commands do all the set-up: `make run` starts the app, `make test` runs every test.
# Both create the virtual environment .venv on first use (only Python 3.11+ is needed).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format clean bench load scale

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/streamlit run app.py

# Lint, then unit, AppTest and browser tests. Browser tests need Debian's Chromium at
# /usr/bin/chromium (apt-get install chromium); without it they are skipped, except on CI.
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis

# Measured figures against their targets (see docs/performance.md). Not a test: exits 0.
bench: $(STAMP)
	$(BIN)/python -m benchmarks.planner_bench

# Server under load: 60 sessions acting every 5 s, our app against the bare-Streamlit floor.
load: $(STAMP)
	$(BIN)/python -m benchmarks.load --sessions 60 --interval 5 --duration 60

# Scale-out proof: 2 replicas behind HAProxy (apt-get install haproxy), the same load.
scale: $(STAMP)
	$(BIN)/python -m benchmarks.replicas --replicas 2 --sessions 60 --interval 5 --duration 60
