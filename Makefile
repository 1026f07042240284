# Basket360: the two commands of the README, and their parts.
#   make demo   install what is missing, build, start a project-local PostgreSQL, run every stage on the bundled data
#   make test   install what is missing, build, start the same local PostgreSQL, run every test against it
SHELL := /bin/bash
PG := scripts/pg-local.sh
DATA ?= data/online_retail.csv.gz

.PHONY: setup build release db-start db-stop demo test clean-test-databases

setup:
	@bash scripts/setup.sh

build: setup
	swift build

release: setup
	swift build -c release

db-start: setup
	@$(PG) start

db-stop:
	@$(PG) stop

demo: release db-start
	@export BASKET360_DATABASE_URL="$$($(PG) conninfo)"; \
	set -e; \
	.build/release/basket360 run $(DATA); \
	echo; \
	.build/release/basket360 status; \
	echo; \
	echo "Warehouse: psql \"$$BASKET360_DATABASE_URL\"   (stop it with: make db-stop)"

# Leftover databases of an interrupted test run.
clean-test-databases: db-start
	@admin="$$(BASKET360_PGDATABASE=postgres $(PG) conninfo)"; \
	for db in $$(psql "$$admin" -Atc "select datname from pg_database where datname like 'b360\_test\_%' or datname like 'b360\_template\_%'"); do \
	  psql "$$admin" -qc "drop database if exists \"$$db\" with (force)"; \
	done

test: build clean-test-databases
	swift build --build-tests
	BASKET360_TEST_DATABASE_URL="$$(BASKET360_PGDATABASE=postgres $(PG) conninfo)" swift test
