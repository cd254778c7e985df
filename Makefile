# thidua — the two commands of the README: `make demo` and `make test`.
# Each chooses its mode (THIDUA_ENV): unset means production, which needs SECRET_KEY and HTTPS.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP_RUN := $(VENV)/.stamp-run
STAMP_DEMO := $(VENV)/.stamp-demo
STAMP_DEV := $(VENV)/.stamp-dev
# Exact versions of every dependency, tested together: pip installs within them (`make lock` refreshes).
LOCK := requirements/constraints.txt
PIP_INSTALL := $(BIN)/python -m pip install -q -c $(LOCK)

.PHONY: demo test serve bench lint typecheck clean-db help lock

help:
	@echo "make demo   — cài đặt và chạy bản trình diễn (SQLite) tại http://127.0.0.1:8000"
	@echo "make test   — cài đặt công cụ phát triển và chạy toàn bộ kiểm thử"
	@echo "make bench  — chạy các phép đo hiệu năng (DATABASE_URL cho PostgreSQL)"
	@echo "make lint   — ruff và mypy"
	@echo "make lock   — cập nhật requirements/constraints.txt (phiên bản chính xác của mọi gói)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP_RUN): pyproject.toml $(LOCK) | $(BIN)/python
	$(PIP_INSTALL) -e .
	@touch $@

$(STAMP_DEMO): pyproject.toml $(LOCK) | $(BIN)/python
	$(PIP_INSTALL) -e '.[demo]'
	@touch $(STAMP_RUN) $@

$(STAMP_DEV): pyproject.toml $(LOCK) | $(BIN)/python
	$(PIP_INSTALL) -e '.[dev,demo]'
	@touch $(STAMP_RUN) $(STAMP_DEMO) $@

demo: $(STAMP_DEMO)
	THIDUA_ENV=demo $(BIN)/thidua demo --serve

serve: $(STAMP_RUN)
	$(BIN)/thidua serve

test: $(STAMP_DEV)
	THIDUA_ENV=test $(BIN)/python -m pytest -n auto

bench: $(STAMP_DEV)
	THIDUA_ENV=development $(BIN)/python bench/run_all.py

lint: $(STAMP_DEV)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

# The lock: a throwaway venv takes the newest versions pyproject.toml allows (dev and demo extras), and
# their exact pins replace requirements/constraints.txt. Run the tests after it, then commit the file.
lock:
	rm -rf .venv-lock
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install -q --upgrade pip
	.venv-lock/bin/python -m pip install -q '.[dev,demo]'
	mkdir -p requirements
	{ echo "# Exact versions installed by the Makefile (pip install -c). Refresh: make lock."; \
	  .venv-lock/bin/python -m pip freeze --exclude-editable | grep -iv '^thidua\b'; } > $(LOCK)
	rm -rf .venv-lock
	@echo "$(LOCK) cập nhật: chạy lại make test rồi commit."

clean-db:
	rm -f var/thidua.sqlite3 var/thidua.sqlite3-wal var/thidua.sqlite3-shm
