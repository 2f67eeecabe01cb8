# Kith: two commands matter. `make up` runs the whole thing; `make test` proves it.
# Everything else is a step they call. Needs only python3 (3.11), Java 17 and Maven.
SHELL := /bin/bash
UV_VERSION := 0.13.8
UV := $(shell command -v uv 2>/dev/null || echo python3 -m uv)

.PHONY: up test bench setup lint typecheck schema schema-check clean-state audit chaos

setup: ## install uv (if missing), the locked Python workspace and the Neo4j launcher
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet --user "uv==$(UV_VERSION)"
	@$(UV) sync --frozen --quiet
	@$(UV) run --frozen python -m kith_devstack.processes build
	@cd services/web && npm ci --no-audit --no-fund --loglevel=error  # NHS.UK frontend, htmx, axe-core (lockfile)
	@(command -v chromium >/dev/null && fc-list 2>/dev/null | grep -q 'Noto Nastaliq') || \
		(apt-get update -qq && apt-get install -y -qq chromium fonts-noto-core)  # browser tests; a phone's Urdu font

up: setup ## start Neo4j, NATS, every service and the demo district; Ctrl-C stops it all
	@$(UV) run --frozen kith-up

test: setup lint typecheck ## lint, type-check and run every test against real Neo4j + NATS
	@$(UV) run --frozen pytest
	@# again over the driver's routing scheme (neo4j://), as against a cluster or Aura
	@KITH_TEST_NEO4J_SCHEME=neo4j $(UV) run --frozen pytest -q tests/referrals tests/router \
		tests/notifications tests/observability/test_routing_scheme.py

lint:
	@$(UV) run --frozen ruff check .
	@$(UV) run --frozen ruff format --check .

typecheck:
	@$(UV) run --frozen mypy

schema: ## write the gateway's GraphQL schema to services/gateway/schema.graphql (commit it)
	@$(UV) run --frozen python -m kith_gateway.schema > services/gateway/schema.graphql

schema-check: ## fail if services/gateway/schema.graphql is not the schema the gateway serves
	@$(UV) run --frozen pytest -q -p no:cacheprovider tests/unit/test_graphql_sdl.py

BENCH_SCALE ?= quick
BENCH ?=
bench: setup ## every benchmark, each a table vs raw Cypher (BENCH_SCALE=quick|full, BENCH=suite,...)
	@$(UV) run --frozen python -m bench.all --scale $(BENCH_SCALE) --only "$(BENCH)"

clean-state: ## forget the local stack's data (Neo4j, JetStream, dev keys)
	rm -rf .state

PIP_AUDIT_VERSION := 2.9.0
audit: ## known vulnerabilities in the locked production dependencies (needs PyPI's JSON API)
	@$(UV) export --frozen --no-hashes --no-emit-workspace --no-dev --quiet > .audit-requirements.txt
	@$(UV) tool run --from "pip-audit==$(PIP_AUDIT_VERSION)" pip-audit --strict --no-deps \
		--disable-pip --vulnerability-service pypi -r .audit-requirements.txt; \
		status=$$?; rm -f .audit-requirements.txt; exit $$status

CHAOS_ARGS ?=
chaos: setup ## 3-node NATS cluster under kill -9 of nodes, the leader, every process and Neo4j; proves no lost or doubled event
	@$(UV) run --frozen python -m bench.chaos $(CHAOS_ARGS)
