# Two commands do all the set-up: `make run` starts the app, `make test` runs every test.
# Both create the virtual environment .venv on first use (only Python 3.11+ is needed) and
# install exactly what uv.lock says: the same tree CI and Streamlit Community Cloud install.
# A bare `make` installs the same and then says those two commands.
PYTHON ?= python3
# The app's port: make run PORT=8600
PORT ?= 8501
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# uv itself is locked too (group "test"): bootstrap that version, then let it sync the rest.
UV_VERSION = $(shell $(PYTHON) -c 'import tomllib; print(next(p["version"] for p in \
	tomllib.load(open("uv.lock", "rb"))["package"] if p["name"] == "uv"))')

.PHONY: setup run test format clean bench load scale bench-browser where lock upgrade

# The first rule below would otherwise be the default goal: `make` installed only uv.
.DEFAULT_GOAL := setup

setup: $(STAMP)
	@echo "Installed in $(VENV). Then:"
	@echo "  make run     starts the app on http://localhost:$(PORT) (another port: make run PORT=8600)"
	@echo "  make test    runs lint, then the unit, AppTest and browser tests"

$(BIN)/uv:
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"

# --locked: refuses to install when uv.lock no longer matches pyproject.toml.
$(STAMP): pyproject.toml uv.lock | $(BIN)/uv
	$(BIN)/uv sync --quiet --locked --group test
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/streamlit run app.py --server.port $(PORT)

# Lint, then unit, AppTest and browser tests. Browser tests need Debian's Chromium at
# /usr/bin/chromium (apt-get install chromium); without it they are skipped, except on CI.
test: $(STAMP)
	$(BIN)/uv lock --check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Re-lock after editing pyproject.toml (every other version stays as locked).
lock: | $(BIN)/uv
	$(BIN)/uv lock

# Upgrade one dependency to the newest version pyproject.toml allows: make upgrade PACKAGE=plotly
upgrade: | $(BIN)/uv
	@[ -n "$(PACKAGE)" ] || { echo "usage: make upgrade PACKAGE=name"; exit 2; }
	$(BIN)/uv lock --upgrade-package "$(PACKAGE)"

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis build *.egg-info

# Measured figures against their targets (see docs/performance.md). Not a test: exits 0.
bench: $(STAMP)
	$(BIN)/python -m benchmarks.planner_bench

# Server under load: 60 sessions acting every 5 s (grade edits in session 1 and 2, choice
# changes, page switches), our app against the bare-Streamlit floor under the same config,
# as browser tabs on the websocket (the grade sheet) and through the agent API (the form);
# then memory over 500 sessions opened and closed. Targets (browser tabs): server CPU per
# interaction <= 1.4x the sized floor's, p95 <= 1.6x; RSS after 500 sessions within 10 %.
load: $(STAMP)
	$(BIN)/python -m benchmarks.load --sessions 60 --interval 5 --duration 60 --churn 500

# In Chromium: a grade typed in the Grades sheet (and form) -> the verdict drawn, against the floor
# app's input -> result, idle and with 60 agent-API sessions loading the server.
# Target: the median no slower than the floor app's (<= 1x).
bench-browser: $(STAMP)
	$(BIN)/python -m benchmarks.browser --edits 20 --sessions 60

# Scale: students (browser tabs, the grade sheet) acting every 5 s, ramped, one process and
# 2 replicas behind HAProxy (apt-get install haproxy); held while every interaction's p95
# is <= 300 ms. Targets: 300 students on one process, its knee above 400.
scale: $(STAMP)
	$(BIN)/python -m benchmarks.replicas --replicas 2 --ramp 60,150,300,420,480 --step-duration 60

# Whose work the server CPU per step is: the app's own code or Streamlit's for the pages it
# draws (py-spy, from the `bench` group), against the sized floor: whether the CPU target
# above is within the app's reach at all.
where: $(STAMP)
	$(BIN)/uv sync --quiet --locked --group test --group bench
	$(BIN)/python -m benchmarks.where --rounds 6
