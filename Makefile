# The two commands of the README: `make run` and `make test`. Each installs the
# Debian packages it needs first (see .ci/install-deps).
export LANG := en_US.UTF-8

# The race detector needs cgo; use it wherever a C compiler is there. The tests
# whose child processes do the work (the crash tests, two commands at once on one
# file) skip themselves under -race and run after, without it.
RACE := $(shell [ "$$(go env CGO_ENABLED)" = 1 ] && command -v gcc >/dev/null && echo -race)

.PHONY: run test deps bench build fuzz docs

deps:
	@bash .ci/install-deps

run: deps
	go run .

build: deps
	go build -o rapport .

# The screens' tests lay out text, which the race detector slows ninefold: the ui
# package runs without it, and its tests of background work (pickers, restores,
# imports, batches, the start-up re-plan, the reminders) run again under it.
UI_RACE := Picker|Background|Restore|StartUp|Scroll|Import|Batch|Backup|Notified|Reminder|Closing

test: deps
	go vet ./...
	go test $(RACE) -count=1 $$(go list ./... | grep -v '/ui$$')
	go test -count=1 ./ui/
	$(if $(RACE),go test -race -count=1 -run '$(UI_RACE)' ./ui/)
	$(if $(RACE),go test -count=1 -run '^TestCrashLeavesWholeTransactions$$' -v ./data/importer/)
	$(if $(RACE),go test -count=1 -run '^(TestTwoCommandsAtOnceOnOneFile|TestKilledBackupsAndRestoresLeaveNoLeftovers)$$' -v ./ui/cli/)
	CGO_ENABLED=0 go build -o /dev/null ./data/... ./letters/... ./ui/... ./assets/...
	$(MAKE) --no-print-directory fuzz

# Speed and memory targets: the planner and store benchmarks print their figures.
bench:
	go test -run '^$$' -bench . -benchmem ./data/... ./letters/... ./ui/

# Each fuzz target of a parser of user input, run briefly (FUZZTIME each): CI's
# smoke run. Fuzz for longer by hand with e.g. `make fuzz FUZZTIME=5m`.
FUZZTIME ?= 3s
# Minimising a new input may otherwise take a minute of its own (the default).
FUZZMIN ?= 2s
FUZZ := data/shop:FuzzParseCents data/shop:FuzzFormatCentsRoundTrip data/shop:FuzzParseClock \
	data/shop:FuzzRuleFieldParse data/shop:FuzzGuessTimeZone data/shop:FuzzEmailSettings data/shop:FuzzParseOpeningHours data/importer:FuzzImportDate data/importer:FuzzImportRows \
	data/importer:FuzzCSVImport data/importer:FuzzVCard letters:FuzzTemplate letters:FuzzEmailTemplate ui:FuzzDateTimeField
fuzz:
	@set -e; for t in $(FUZZ); do \
		echo "== $$t"; \
		go test -run '^$$' -fuzz "^$${t#*:}\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMIN) ./$${t%%:*}/; \
	done

# Pictures of every printed document for the README (docs/letters/*.png); needs pdftoppm.
docs:
	RAPPORT_RENDER_DOCS=1 go test -count=1 -run '^TestRender(Docs|ReportDoc)$$' ./letters/
