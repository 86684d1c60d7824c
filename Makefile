# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test install browser db-upgrade clean

$(STAMP): setup.cfg pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

db-upgrade: install
	$(BIN)/screening db upgrade

# The web server and one queue worker (one process per core) together; Ctrl-C stops both.
run: db-upgrade
	HOST=$(HOST) WEB_PORT=$(PORT) $(BIN)/honcho -f Procfile start

# Browser tests drive Debian's Chromium through Playwright (Playwright's own download does not work here).
browser:
	@if command -v chromium >/dev/null 2>&1 || test -x /usr/bin/chromium; then \
	  true; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installation de Chromium (apt-get install chromium)…"; \
	  apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null; \
	else \
	  echo "Chromium est absent : les tests dans le navigateur seront ignorés."; \
	  echo "Pour les lancer : sudo apt-get install chromium (Debian/Ubuntu), puis relancez make test."; \
	fi

test: install browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
