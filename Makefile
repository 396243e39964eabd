# The two commands of the README: `make run` and `make test`. Each installs the
# Debian packages it needs first (see .ci/install-deps).
export LANG := en_US.UTF-8

# The race detector needs cgo; use it wherever a C compiler is there.
RACE := $(shell [ "$$(go env CGO_ENABLED)" = 1 ] && command -v gcc >/dev/null && echo -race)

.PHONY: run test deps bench build

deps:
	@bash .ci/install-deps

run: deps
	go run .

build: deps
	go build -o rapport .

test: deps
	go vet ./...
	go test $(RACE) -count=1 ./...
	CGO_ENABLED=0 go build -o /dev/null ./data/... ./letters/... ./ui/... ./assets/...

# Speed and memory targets: the planner and store benchmarks print their figures.
bench:
	go test -run '^$$' -bench . -benchmem ./data/... ./ui/
