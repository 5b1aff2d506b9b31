# Urban Agenda Learning Page. Needs only Python 3.11+; every target sets up .venv itself.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum < requirements.txt | cut -d' ' -f1)
export NO_MKDOCS_2_WARNING := 1
CORE := PYTHONPATH=hooks $(PY) -m learning_catalog
OFFLINE_NAME := urban-agenda-learning-page
OFFLINE_ZIP := build/$(OFFLINE_NAME)-offline.zip
SITE ?= site

.PHONY: help serve build offline check fix new from-issue import harvest links schema templates test vnu screenshots bench bench-harvest generate lock size clean

help:
	@echo "make serve     preview the site at http://127.0.0.1:8000/ (rebuilds on catalogue edits)"
	@echo "make test      run the whole test suite"
	@echo "make build     strict build into site/"
	@echo "make offline   the offline edition: one zip of the whole site that works from file:// ($(OFFLINE_ZIP))"
	@echo "make bench     build 5,000 synthetic products against plain Material; report in build/bench/ (ARGS=--products N)"
	@echo "make bench-harvest   harvest 5,000 records from a local fixture server; time and peak memory"
	@echo "make check     validate the catalogue only (fast; ARGS=--warnings lists every warning)"
	@echo "make fix       repair what is mechanical in product files (order, codes, dates), then check"
	@echo "make new       write a new product file (asks for the essentials; or ARGS='--title ... --url ...')"
	@echo "make from-issue FILE=body.md [ARGS=--dry-run]   write a product file from a 'Suggest a product' issue's text"
	@echo "make import FILE=products.csv [ARGS=--dry-run]   turn a spreadsheet (CSV, XLSX) into product files"
	@echo "make harvest [SOURCE=id] [ARGS=--dry-run]   list partners' catalogues (catalog/sources/) as product files"
	@echo "make links     check every external link of the catalogue (needs the internet)"
	@echo "make screenshots  retake the README's screenshots into docs/assets/screenshots/ (optimised with pngquant)"
	@echo "make schema    rewrite docs/schema/*.json and the issue form from the contract and vocabularies"
	@echo "make templates rewrite the spreadsheet templates in docs/contribute/ from the contract"
	@echo "make generate  write every generated page in six languages to build/generated/ (no MkDocs hooks needed; SITE_URL=...)"
	@echo "make lock      compile requirements.in into requirements.txt (every package pinned, with hashes)"
	@echo "make size      where the built site's bytes go; fails above 950 MB, before GitHub Pages' 1 GB (SITE=site)"

# requirements.txt is compiled from requirements.in (`make lock`): every package, direct or not, pinned with the
# hashes of its files, so an install takes exactly the files that were locked or fails.
$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements.txt
	rm -f $(VENV)/.installed-* && touch $@

serve: $(STAMP)
	$(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(STAMP)
	$(VENV)/bin/mkdocs build --strict

# Pages as .html files (file:// has no folder index), data as scripts, no Pagefind; zipped in one folder.
offline: $(STAMP)
	rm -rf build/offline $(OFFLINE_ZIP)
	LEARNING_PAGE_OFFLINE=true $(VENV)/bin/mkdocs build --strict --no-directory-urls -d build/offline/$(OFFLINE_NAME)
	cd build/offline && ../../$(PY) -m zipfile -c ../$(OFFLINE_NAME)-offline.zip $(OFFLINE_NAME)
	@ls -l $(OFFLINE_ZIP)

check: $(STAMP)
	$(CORE) check $(ARGS)

fix: $(STAMP)
	$(CORE) check --fix

new: $(STAMP)
	$(CORE) new $(ARGS)

from-issue: $(STAMP)
	@test -n "$(FILE)" || (echo "usage: make from-issue FILE=body.md [ARGS=--dry-run]" && exit 2)
	$(CORE) from-issue "$(FILE)" $(ARGS)

import: $(STAMP)
	@test -n "$(FILE)" || (echo "usage: make import FILE=products.csv [ARGS=--dry-run]" && exit 2)
	$(CORE) import "$(FILE)" $(ARGS)

# Partners' published catalogues (catalog/sources/<id>.yml) into product files, with a Markdown report.
harvest: $(STAMP)
	$(CORE) harvest $(if $(SOURCE),--source $(SOURCE)) $(ARGS)

links: $(STAMP)
	$(CORE) links $(ARGS)

schema: $(STAMP)
	$(CORE) schema

templates: $(STAMP)
	PYTHONPATH=hooks $(PY) -c "from learning_catalog.tools.spreadsheet import write_templates; write_templates()"

# Every generated page in the six languages, the hand-written pages' copies, the data files and (with SITE_URL, e.g.
# https://un-habitat.github.io/urban-agenda-learning-page/) the sitemaps, for a builder that runs no MkDocs hooks;
# EDIT_URI, as for `make build`, gives the Contact page its repository and the Propose page its GitHub button.
generate: $(STAMP)
	$(CORE) generate --out build/generated $(if $(SITE_URL),--site-url "$(SITE_URL)") $(if $(EDIT_URI),--edit-uri "$(EDIT_URI)")

test: $(STAMP)
	$(PY) -m pytest

# The README's screenshots (home, explorer, product, search; desktop and phone; English and Arabic), in Chromium.
screenshots: $(STAMP)
	PYTHONPATH=hooks $(PY) tests/screenshots.py

# The W3C Nu HTML Checker for the tests (needs Java and npm): the pinned vnu-jar, installed into build/vnu/.
vnu: $(STAMP)
	$(PY) tests/vnu.py --install

bench: $(STAMP)
	PYTHONPATH=hooks $(PY) tests/benchmark.py $(ARGS)

bench-harvest: $(STAMP)
	PYTHONPATH=hooks $(PY) tests/bench_harvest.py $(ARGS)

# GitHub Pages publishes at most 1 GB: the workflows run this before they upload a site (the limit, 950 MB, is
# LIMIT_MB in hooks/learning_catalog/tools/size.py).
size: $(STAMP)
	$(CORE) size $(SITE)

# The lock tool lives in its own folder, so it never enters the site's environment.
LOCK_TOOL := uv==0.13.9
lock:
	$(PYTHON) -m venv build/lock-tool
	build/lock-tool/bin/python -m pip install --quiet $(LOCK_TOOL)
	build/lock-tool/bin/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes \
		--output-file requirements.txt requirements.in
	@echo "Compiled requirements.txt from requirements.in; commit both."

clean:
	rm -rf site build .pytest_cache
