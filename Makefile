# The two commands of the README: `make run` and `make test`. Each installs the
# Debian packages it needs first (see .ci/install-deps).
export LANG := en_US.UTF-8

# The race detector needs cgo; use it wherever a C compiler is there. It watches
# the code where goroutines share memory: the store and the report (their reads
# and parts run side by side), the outbox, the letters written at once, the
# window's background work and its start from the command line. The other packages
# run one goroutine and are tested without it, three times faster. (The tests
# whose child processes do the work skip themselves under -race.)
RACE := $(shell [ "$$(go env CGO_ENABLED)" = 1 ] && command -v gcc >/dev/null && echo -race)
RACE_PKGS := ./data/store/ ./data/report/ ./letters/outbox/ ./data/secret/ ./ui/dbpass/
# The store's longest tests, one goroutine each, run without it: comparing
# thousands of plans or follow-ups (the second writes two generated shops first),
# and writing a transaction big enough for SQLite to spill a sort to disk.
RACE_SKIP := TestAnOutcomeRefillsTodayAsAFullReplanWould|TestTodayHeadIsTheStartOfToday|TestABulkTransactionKeepsStatementJournalsInMemoryAndSortsOnDisk
LETTERS_RACE := Concurrent
CLI_RACE := WindowStartUp

.PHONY: run test test-all test-pg deps bench bench-million build fuzz docs lint

deps:
	@bash .ci/install-deps

run: deps
	go run .

build: deps
	go build -o rapport .

# The screens' tests lay out text, which the race detector slows ninefold: the ui
# package runs without it, and one test of each kind of background work runs
# again under it (the pickers, a restore behind background work, an import and
# its undo, a batch, the backups panel, the start-up re-plan, the reminders, the
# tray, another program's changes, the first start's open).
UI_RACE := Picker|Background|RestoreWaits|StartUp|Scroll|ImportMapPreview|BatchOfInvitations|BackupsPanelShowsAFailed|Notified|Reminder|Closing|AnotherProgram|FirstStart|ALaterStart

# make test runs every suite on SQLite, and the store's, the importer's and the
# command line's again on PostgreSQL: on the server RAPPORT_TEST_PG names, or on a
# throwaway one .ci/with-postgres starts for the run and removes after.
test: deps
	@if [ -n "$$RAPPORT_TEST_PG" ]; then $(MAKE) --no-print-directory test-all; \
	else bash .ci/with-postgres $(MAKE) --no-print-directory test-all; fi

# The suites that run again on PostgreSQL (pgtest: they skip without a server,
# and fail so under CI=true).
PG_SUITES := ./data/store/... ./data/importer/ ./ui/cli/
test-pg:
	RAPPORT_TEST_ENGINE=postgres go test -count=1 $(PG_SUITES)

# The suites run two at a time (make -j2, each one's output kept together): most
# are one package, or wait on child processes and the server, and use one core.
# Longest first, so that the last to start is short. The fuzz smoke run, which
# uses both cores, comes after.
TEST_PARTS := test-ui-race test-race test-rest test-pg test-ui test-letters-race test-cli-race test-nocgo
test-all:
	go vet ./...
	$(MAKE) --no-print-directory -j2 -O $(TEST_PARTS)
	$(MAKE) --no-print-directory fuzz

.PHONY: $(TEST_PARTS)
test-race:
	go test $(RACE) $(if $(RACE),-skip '$(RACE_SKIP)') -count=1 $(RACE_PKGS)
test-rest:
	go test -count=1 $$(go list ./... | grep -v -E '/ui$$|/data/store$$|/data/report$$|/letters/outbox$$|/data/secret$$|/ui/dbpass$$')
	$(if $(RACE),go test -count=1 -run '$(RACE_SKIP)' ./data/store/)
test-ui:
	go test -count=1 ./ui/
test-ui-race:
	$(if $(RACE),go test -race -count=1 -run '$(UI_RACE)' ./ui/)
test-letters-race:
	$(if $(RACE),go test -race -count=1 -run '$(LETTERS_RACE)' ./letters/)
test-cli-race:
	$(if $(RACE),go test -race -count=1 -run '$(CLI_RACE)' ./ui/cli/)
test-nocgo:
	CGO_ENABLED=0 go build -o /dev/null ./data/... ./letters/... ./ui/... ./assets/...

# Speed and memory targets: the benchmarks print their figures (medians, the
# floor of SQLite alone, ratios, peak heap). BENCH_SHOPS=DIR keeps the benchmark
# shops in DIR between runs (and for timing the built binary on them).
BENCH_SHOPS ?=
bench:
	RAPPORT_BENCH_SHOPS=$(BENCH_SHOPS) go test -p 1 -run '^$$' -bench . -benchmem -timeout 1h ./data/... ./letters/... ./ui/ ./ui/cli/

# The shop of a million customers and ten million sales: the headline (the day's
# call list) and the growth table from 10,000 to 1,000,000 customers. Writing the
# shop takes several minutes and about 2 GB in BENCH_MILLION_SHOPS.
BENCH_MILLION_SHOPS ?= $(CURDIR)/.bench-shops
bench-million:
	RAPPORT_BENCH_MILLION=1 RAPPORT_BENCH_SHOPS=$(BENCH_MILLION_SHOPS) go test -p 1 -run '^$$' -bench 'Growth|Million' -benchtime 1x -timeout 4h ./data/importer/ ./data/store/replan/ ./ui/cli/ ./ui/

# Each fuzz target of a parser of user input, run briefly (FUZZTIME each): CI's
# smoke run. Fuzz for longer by hand with e.g. `make fuzz FUZZTIME=5m`. The smoke
# run counts executions rather than seconds: with a time budget Go's fuzzing
# coordinator can fail a target at the deadline with "context deadline exceeded"
# having found nothing (a race in the toolchain, seen on a busy machine), and a
# count has no deadline to race. A thousand inputs take one to ten seconds a target.
FUZZTIME ?= 1000x
# Minimising a new input may otherwise take a minute of its own (the default).
FUZZMIN ?= 200x
FUZZ := data/shop:FuzzParseCents data/shop:FuzzFormatCentsRoundTrip data/shop:FuzzParseClock \
	data/shop:FuzzRuleFieldParse data/shop:FuzzGuessTimeZone data/shop:FuzzEmailSettings data/shop:FuzzParseOpeningHours data/importer:FuzzImportDate data/importer:FuzzImportRows \
	data/importer:FuzzCSVImport data/importer:FuzzVCard letters:FuzzTemplate letters:FuzzEmailTemplate ui:FuzzDateTimeField
fuzz:
	@set -e; for t in $(FUZZ); do \
		echo "== $$t"; \
		go test -run '^$$' -fuzz "^$${t#*:}\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMIN) ./$${t%%:*}/; \
	done

# staticcheck, at the version the code is kept clean against (an exception is
# explained where it is made, with //lint:ignore).
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
lint:
	go run $(STATICCHECK) ./...

# Pictures of every printed document for the README (docs/letters/*.png); needs pdftoppm.
docs:
	RAPPORT_RENDER_DOCS=1 go test -count=1 -run '^TestRender(Docs|ReportDoc)$$' ./letters/
