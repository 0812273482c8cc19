# The two set-up commands of the README. Both work from a fresh clone: they create .venv
# with the machine's Python 3.11 and install what they need into it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
OUT ?= arraylens-demo

.PHONY: demo test lint venv test-venv clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Runtime install only: what a user of `arraylens demo` needs.
$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# Test extras: the real frameworks the conformance tests compare with.
$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/arraylens demo --out $(OUT)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/lint-imports

test: $(VENV)/.installed-test
	bash scripts/install-system-deps.sh
	$(MAKE) lint
	$(BIN)/python -m pytest -n 2 --dist loadfile

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache
