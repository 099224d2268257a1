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
$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet torch==2.13.0
	$(PIP) install --quiet -e ".[dev]"
	touch $(STAMP)

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
