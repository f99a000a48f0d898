# Entry points. `make demo` and `make test` set up a fresh Debian 12 machine by themselves.
BUILD      ?= build
TEST_BUILD ?= build-asan
JOBS       ?= $(shell nproc)
DEMO_DB    ?= demo/lmis.db
CMAKE_GEN  := -G Ninja

.PHONY: all build deps test demo bench bench-pg bench-api clean format web

all: build

deps:
	scripts/install-deps

build: deps
	cmake -S . -B $(BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build $(BUILD) -j $(JOBS) --target lmis
	scripts/build-web

# Every test, built with AddressSanitizer + UBSan, on SQLite and on a throw-away PostgreSQL 15
# cluster (started on a free loopback port, removed afterwards even when a test fails), and the
# web UI's tests in headless Chromium (screenshots into docs/screenshots/).
test: deps
	cmake -S . -B $(TEST_BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLMIS_SANITIZE=ON >/dev/null
	cmake --build $(TEST_BUILD) -j $(JOBS)
	scripts/build-web
	scripts/with-postgres sh -c 'cd $(TEST_BUILD) && ctest --output-on-failure -j $(JOBS)'

demo: build
	scripts/demo $(BUILD)/lmis $(DEMO_DB)

bench: build
	bench/import/run

# The same import into a throw-away PostgreSQL 15 cluster, against psql's \copy.
bench-pg: build
	bench/import-pg/run

# The server under wrk: GET by CCCD and a 90/10 read/write mix against 1M workers (SQLite;
# `bench/api/run --backend postgres` for PostgreSQL).
bench-api: build
	bench/api/run

# The web UI alone (web/dist).
web:
	scripts/build-web

format:
	clang-format -i $$(git ls-files '*.cc' '*.h')

clean:
	rm -rf $(BUILD) $(TEST_BUILD) web/dist web/.rules-build
