# make new   run the fc-lifecycle wizard (sets up .venv first); the project goes beside this
#            clone (OUT=..), never inside it; OUT=path/to/folder to choose
# make test  run every test: lint, the docs site, the template matrix, the generated projects'
#            own suites (needs PyPI, and npm for the s CLI)
# make test-quick  the inner loop (a few minutes): lint, then the tests marked neither slow
#            nor e2e (the matrix on a few combinations, units, the CLI in-process); offline
# make docs  build the documentation site strictly into site/ (a broken link fails)
PYTHON ?= python3
OUT ?= ..
VENV := .venv
BIN := $(VENV)/bin
S_CLI := .tools/node_modules/.bin/s

.PHONY: new test test-quick lint docs s-cli catalogs bytecode

# uv installs what pip would, several times faster; pip installs uv itself first, from
# outside the venv when it can (pip 22.3+ has --python; seeding the venv with its own pip took
# 5 of the 8 seconds), else with the venv's own pip. Byte-compiled as pip does, so no process
# compiles what it imports (PYTHONDONTWRITEBYTECODE). pip goes in too, for the tests and you.
PIP := pip install --quiet --disable-pip-version-check
$(BIN)/fc-lifecycle: pyproject.toml
	$(PYTHON) -m venv --without-pip $(VENV)
	$(PYTHON) -m $(PIP) --python $(BIN)/python uv 2>/dev/null || { \
		$(BIN)/python -m ensurepip --default-pip >/dev/null && $(BIN)/python -m $(PIP) uv; }
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python pip -e '.[dev]'
	touch $@

# The Serverless Devs CLI, for `s preview` of every generated s.yaml (skipped without npm).
s-cli:
	@if [ -x $(S_CLI) ]; then :; \
	elif command -v npm >/dev/null; then \
		npm install --silent --no-audit --no-fund --prefix .tools @serverless-devs/s@3; \
	else echo "npm not found: the s CLI tests will be skipped"; fi

new: $(BIN)/fc-lifecycle
	$(BIN)/fc-lifecycle new -o "$(OUT)" $(ARGS)

lint: $(BIN)/fc-lifecycle
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The tests start fc-lifecycle, cookiecutter (with fc_template's Jinja extension) and the
# template's hooks (fc_template) as processes a few thousand times. Where PYTHONDONTWRITEBYTECODE
# is set (CI images often set it) none of them writes bytecode, so each compiled these
# sources again (about 150 ms of `fc-lifecycle validate`'s 250). Compiled once here, when
# changed (__pycache__ is gitignored and left out of the wheel).
bytecode: $(BIN)/fc-lifecycle
	$(BIN)/python -m compileall -q generator fc_template

# Strict: a broken link, a missing anchor or a page left out of the nav fails the build.
# Not -q: mkdocs counts only the warnings it prints, so a quiet build passes broken links.
docs: $(BIN)/fc-lifecycle
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir site

# Twice as many workers as CPUs: the tests wait on processes, sockets and PyPI part of the
# time (4 workers on 2 CPUs ran the suite about 7% faster than 2).
WORKERS ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 1) * 2 )))
test: lint docs s-cli bytecode
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadgroup $(ARGS)

# Neither slow nor e2e: no process of a generated app, no venv, no pip, no npm, no docs site.
test-quick: lint bytecode
	$(BIN)/python -m pytest -n auto --dist loadgroup -m "not slow and not e2e" $(ARGS)

# The message catalogs (generator/fc_lifecycle/locale, docs/contributing.md#translations):
# extract the messages of the code and of cookiecutter.json, merge them into every .po,
# compile the .mo files (committed, so the wheel and an editable install carry them).
LOCALE := generator/fc_lifecycle/locale
catalogs: $(BIN)/fc-lifecycle
	$(BIN)/pybabel extract -F babel.cfg --no-location --sort-output --omit-header \
		-o $(LOCALE)/fc_lifecycle.pot .
	$(BIN)/pybabel update -D fc_lifecycle -i $(LOCALE)/fc_lifecycle.pot -d $(LOCALE) \
		--ignore-obsolete --no-fuzzy-matching
	@# no creation date: a rerun with no message changed leaves the files as they are
	sed -i '/^"POT-Creation-Date: /d' $(LOCALE)/*/LC_MESSAGES/fc_lifecycle.po
	$(BIN)/pybabel compile -D fc_lifecycle -d $(LOCALE) --statistics
