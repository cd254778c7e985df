# thidua — the two commands of the README: `make demo` and `make test`.
# Each chooses its mode (THIDUA_ENV): unset means production, which needs SECRET_KEY and HTTPS.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP_RUN := $(VENV)/.stamp-run
STAMP_DEV := $(VENV)/.stamp-dev

.PHONY: demo test serve bench lint typecheck clean-db help

help:
	@echo "make demo   — cài đặt và chạy bản trình diễn (SQLite) tại http://127.0.0.1:8000"
	@echo "make test   — cài đặt công cụ phát triển và chạy toàn bộ kiểm thử"
	@echo "make bench  — chạy các phép đo hiệu năng (DATABASE_URL cho PostgreSQL)"
	@echo "make lint   — ruff và mypy"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	@touch $@

$(STAMP_DEV): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $(STAMP_RUN) $@

demo: $(STAMP_RUN)
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

clean-db:
	rm -f var/thidua.sqlite3 var/thidua.sqlite3-wal var/thidua.sqlite3-shm
