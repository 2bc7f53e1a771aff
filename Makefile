# Zorgvuldig — a thin layer over Meson and Ninja.
#
#   make run         install what is missing, build, show the engine at work,
#                    then serve the web application and the HTTP API on the
#                    demo pilot (http://127.0.0.1:8080), printing its sign-ins
#   make check       the same set-up, then every test: the style lint, the
#                    OpenAPI lint, unit, scenarios, CLI, HTTP, the web
#                    application in Chromium, the suite again under
#                    ASan+UBSan, and a short fuzz run
#   make screenshots the web application's screens into docs/screenshots/
#   make bench       benchmarks: the engine beside Cedar and Casbin, the audit
#                    log, viewing a case of the dossier, the HTTP API beside
#                    nginx (bench/RESULTS.md)
#   make fuzz        a longer fuzz run (FUZZ_SECONDS, default 600)
#   make check-full  check, plus long fuzzing and a million random situations
#
# Every stage of `make check` has a time budget (seconds) so that the whole
# stays well under 15 minutes on a 2-core machine.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

BUILD    := build
SAN      := build-san
FUZZDIR  := build-fuzz
RELEASE  := build-release
BUDGET_BUILD ?= 300
BUDGET_TEST  ?= 240
BUDGET_SAN   ?= 300
BUDGET_OPENAPI ?= 240
FUZZ_SHORT   ?= 40
FUZZ_AUDIT   ?= 20
FUZZ_API     ?= 15
FUZZ_SECONDS ?= 600

.PHONY: all build deps screenshots run check check-unit check-san check-fuzz check-style check-openapi \
        bench fuzz check-full clean

all: build

deps:
	@scripts/install-deps
	@scripts/npm-deps

$(BUILD)/build.ninja:
	meson setup $(BUILD)

build: $(BUILD)/build.ninja
	timeout $(BUDGET_BUILD) ninja -C $(BUILD)

run: deps
	@$(MAKE) --no-print-directory build
	@scripts/show-examples $(BUILD)/zorgvuldig examples
	@scripts/open-browser http://127.0.0.1:8080 &
	$(BUILD)/zorgvuldig --db zorgvuldig.db serve --listen 127.0.0.1:8080

check: deps
	@$(MAKE) --no-print-directory build
	@$(MAKE) --no-print-directory check-style
	@$(MAKE) --no-print-directory check-openapi
	@$(MAKE) --no-print-directory check-unit
	@$(MAKE) --no-print-directory check-san
	@$(MAKE) --no-print-directory check-fuzz
	@echo "make check: all stages passed"

check-style:
	scripts/lint

# docs/openapi.json against the NL API Design Rules (Spectral, pinned in
# package-lock.json; `npm ci` only when node_modules is missing or stale) and
# against the server's route table.
check-openapi:
	timeout $(BUDGET_OPENAPI) scripts/lint-openapi

check-unit: build
	timeout $(BUDGET_TEST) meson test -C $(BUILD) -v --num-processes 2

$(SAN)/build.ninja:
	meson setup $(SAN) -Dbuildtype=debug -Db_sanitize=address,undefined \
	  -Db_lundef=false -Dc_args=-fno-sanitize-recover=all

check-san: $(SAN)/build.ninja
	timeout $(BUDGET_BUILD) ninja -C $(SAN)
	ZV_PROPERTY_ITERATIONS=20000 timeout $(BUDGET_SAN) \
	  meson test -C $(SAN) --print-errorlogs --num-processes 2

$(FUZZDIR)/build.ninja:
	CC=clang meson setup $(FUZZDIR) -Dfuzz=true -Dtests=false -Dbuildtype=debugoptimized \
	  -Db_sanitize=address,undefined -Db_lundef=false -Dc_args=-fno-sanitize-recover=all

check-fuzz: $(FUZZDIR)/build.ninja
	timeout $(BUDGET_BUILD) ninja -C $(FUZZDIR)
	@fuzz/seed-corpus $(FUZZDIR)/seeds
	@mkdir -p $(FUZZDIR)/corpus
	timeout $$(( $(FUZZ_SHORT) + 60 )) $(FUZZDIR)/fuzz/fuzz_situation -max_total_time=$(FUZZ_SHORT) \
	  -max_len=8192 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=$(FUZZDIR)/ -dict=fuzz/situation.dict \
	  $(FUZZDIR)/corpus $(FUZZDIR)/seeds 2>&1 | tail -n 15
	@fuzz/seed-audit-corpus $(FUZZDIR)/audit-seeds
	@mkdir -p $(FUZZDIR)/audit-corpus
	timeout $$(( $(FUZZ_AUDIT) + 60 )) $(FUZZDIR)/fuzz/fuzz_audit -max_total_time=$(FUZZ_AUDIT) \
	  -max_len=4096 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=$(FUZZDIR)/ -dict=fuzz/audit.dict \
	  $(FUZZDIR)/audit-corpus $(FUZZDIR)/audit-seeds 2>&1 | tail -n 15
	@fuzz/seed-api-corpus $(FUZZDIR)/api-seeds
	@mkdir -p $(FUZZDIR)/api-corpus
	timeout $$(( $(FUZZ_API) + 60 )) $(FUZZDIR)/fuzz/fuzz_api -max_total_time=$(FUZZ_API) \
	  -max_len=4096 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=$(FUZZDIR)/ \
	  $(FUZZDIR)/api-corpus $(FUZZDIR)/api-seeds 2>&1 | tail -n 15

fuzz: deps $(FUZZDIR)/build.ninja
	ninja -C $(FUZZDIR)
	@fuzz/seed-corpus $(FUZZDIR)/seeds
	@mkdir -p $(FUZZDIR)/corpus
	$(FUZZDIR)/fuzz/fuzz_situation -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 -dict=fuzz/situation.dict \
	  -rss_limit_mb=2048 -print_final_stats=1 $(FUZZDIR)/corpus $(FUZZDIR)/seeds

check-full: check
	ZV_PROPERTY_ITERATIONS=1000000 $(BUILD)/tests/test_property
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(FUZZ_SECONDS)

$(RELEASE)/build.ninja:
	meson setup $(RELEASE) -Dbuildtype=release -Dtests=false

bench: 
	@scripts/install-deps --bench
	@scripts/npm-deps web
	@$(MAKE) --no-print-directory $(RELEASE)/build.ninja
	ninja -C $(RELEASE)
	bench/run $(RELEASE)

# Every screen of the web application, at full width and at 320 px, as the
# browser tests see them (README.md shows them).
screenshots: deps build
	node tests/web/test_web.mjs $(BUILD)/zorgvuldig docs/screenshots

clean:
	rm -rf $(BUILD) $(SAN) $(FUZZDIR) $(RELEASE)
