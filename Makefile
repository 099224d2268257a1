# Two commands do all the set-up:  `make run` starts the app, `make test` runs the tests.
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
STAMP  := $(VENV)/.installed
PORT   ?= 8501

.PHONY: install run setup test test-fast lint eval calibrate clean

install: $(STAMP)

# torch goes first and pinned: this exact version is a CPU wheel here, anything looser would
# fetch a multi-GB CUDA build. llama-cpp-python compiles from source the first time (~6 min on
# 2 cores); pip caches the wheel, so later installs take seconds.
# pip's and setuptools' own warnings (about editable installs, build back-ends) go to the log, not
# to a learner's first screen; on a failure the log's end is shown.
LOG    := $(VENV)/install.log

$(STAMP): pyproject.toml
	@echo "[1/4] creating $(VENV)"
	@python3 -m venv $(VENV)
	@mkdir -p $(VENV) && : > $(LOG)
	@$(PIP) install --quiet --upgrade pip >> $(LOG) 2>&1 || { tail -n 40 $(LOG); exit 1; }
	@echo "[2/4] installing torch (CPU build)"
	@$(PIP) install --quiet torch==2.13.0 >> $(LOG) 2>&1 || { tail -n 40 $(LOG); exit 1; }
	@echo "[3/4] installing the tutor and its dependencies (llama-cpp-python compiles: ~6 min the first time)"
	@$(PIP) install --quiet -e ".[dev]" >> $(LOG) 2>&1 || { tail -n 40 $(LOG); exit 1; }
	@echo "[4/4] installed (details in $(LOG))"
	@touch $(STAMP)

setup: install
	$(VENV)/bin/tutor setup

run: setup
	$(VENV)/bin/tutor ui --port $(PORT)

# pytest exits 5 when it collected no test: not a failure of the code under test.
test: install
	$(PY) -m pytest; rc=$$?; if [ $$rc -eq 5 ]; then rc=0; fi; exit $$rc

test-fast: install
	$(PY) -m pytest -m "not slow and not llm and not server and not browser"

lint: install
	$(VENV)/bin/ruff check app ingest evals tests
	$(VENV)/bin/ruff format --check app ingest evals tests

eval: setup
	$(VENV)/bin/tutor eval --out eval-runs/latest

calibrate: setup
	$(PY) -m evals.calibrate

clean:
	rm -rf $(VENV) data eval-runs
