# Kith: two commands matter. `make up` runs the whole thing; `make test` proves it.
# Everything else is a step they call. Needs only python3 (3.11), Java 17 and Maven.
SHELL := /bin/bash
UV_VERSION := 0.13.8
UV := $(shell command -v uv 2>/dev/null || echo python3 -m uv)

.PHONY: up test bench setup lint typecheck unit schema-check clean-state

setup: ## install uv (if missing), the locked Python workspace and the Neo4j launcher
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet --user "uv==$(UV_VERSION)"
	@$(UV) sync --frozen --quiet
	@$(UV) run --frozen python -m kith_devstack.processes build
	@cd services/web && npm ci --no-audit --no-fund --loglevel=error  # NHS.UK frontend, htmx, axe-core (lockfile)
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)  # browser tests

up: setup ## start Neo4j, NATS, every service and the demo district; Ctrl-C stops it all
	@$(UV) run --frozen kith-up

test: setup lint typecheck ## lint, type-check and run every test against real Neo4j + NATS
	@$(UV) run --frozen pytest

lint:
	@$(UV) run --frozen ruff check .
	@$(UV) run --frozen ruff format --check .

typecheck:
	@$(UV) run --frozen mypy

BENCH_SCALE ?= quick
BENCH ?=
bench: setup ## every benchmark, each a table vs raw Cypher (BENCH_SCALE=quick|full, BENCH=suite,...)
	@$(UV) run --frozen python -m bench.all --scale $(BENCH_SCALE) --only "$(BENCH)"

clean-state: ## forget the local stack's data (Neo4j, JetStream, dev keys)
	rm -rf .state
