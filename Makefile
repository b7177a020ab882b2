VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip -q --disable-pip-version-check
STAMP := $(VENV)/.installed

export GRADIO_ANALYTICS_ENABLED := False
export ANONYMIZED_TELEMETRY := False
export HF_HUB_OFFLINE := 1

.PHONY: setup chat test lint bench eval index clean

setup: $(STAMP)

# torch first, from the CPU build on this machine's disk; constraints.txt keeps it there.
$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install torch==2.13.0 -c constraints.txt
	$(PIP) install -c constraints.txt -e '.[dev]'
	touch $(STAMP)

index: $(STAMP)
	$(VENV)/bin/assistant index build

chat: index
	$(VENV)/bin/assistant ui

test: $(STAMP)
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy assistant index ui eval

bench: $(STAMP)
	$(PY) -m eval.bench

eval: index
	$(VENV)/bin/assistant eval --report artifacts/eval

clean:
	rm -rf data artifacts
