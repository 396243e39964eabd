# The two commands of the README: `make run` and `make test`. Each installs the
# Debian packages it needs first (see .ci/install-deps).
export LANG := en_US.UTF-8

# The race detector needs cgo; use it wherever a C compiler is there. The crash
# test skips itself under -race (its child processes do the work) and runs after.
RACE := $(shell [ "$$(go env CGO_ENABLED)" = 1 ] && command -v gcc >/dev/null && echo -race)

.PHONY: run test deps bench build fuzz

deps:
	@bash .ci/install-deps

run: deps
	go run .

build: deps
	go build -o rapport .

test: deps
	go vet ./...
	go test $(RACE) -count=1 ./...
	$(if $(RACE),go test -count=1 -run '^TestCrashLeavesWholeTransactions$$' -v ./data/)
	CGO_ENABLED=0 go build -o /dev/null ./data/... ./letters/... ./ui/... ./assets/...

# Speed and memory targets: the planner and store benchmarks print their figures.
bench:
	go test -run '^$$' -bench . -benchmem ./data/...

# Each fuzz target of a parser of user input, run briefly (FUZZTIME each): CI's
# smoke run. Fuzz for longer by hand with e.g. `make fuzz FUZZTIME=5m`.
FUZZTIME ?= 3s
# Minimising a new input may otherwise take a minute of its own (the default).
FUZZMIN ?= 2s
FUZZ_DATA := FuzzParseCents FuzzFormatCentsRoundTrip FuzzParseClock FuzzRuleFieldParse \
	FuzzGuessTimeZone FuzzImportDate FuzzImportRows
FUZZ_UI := FuzzDateTimeField
fuzz:
	@set -e; for f in $(FUZZ_DATA); do \
		echo "== $$f"; \
		go test -run '^$$' -fuzz "^$$f\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMIN) ./data/; \
	done; for f in $(FUZZ_UI); do \
		echo "== $$f"; \
		go test -run '^$$' -fuzz "^$$f\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMIN) ./ui/; \
	done
