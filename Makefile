# sfbridge — common tasks. `make test` is the one test command the README
# names; `.ci/run` calls it and then the heavier suites.

GO ?= go
STATICCHECK_VERSION ?= v0.8.2

.PHONY: test race lint fuzz bench e2e emulator build

# test runs every Go test, with the race detector.
test:
	$(GO) test -race -count=1 ./...

# lint checks formatting (gofmt), then runs go vet and staticcheck
# (configured in staticcheck.conf).
lint:
	@unformatted="$$(gofmt -l .)"; if [ -n "$$unformatted" ]; then echo "not gofmt-formatted (run gofmt -w):"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) ./...

# fuzz runs the SOQL parser fuzz target for a minute.
fuzz:
	$(GO) test -run='^$$' -fuzz=FuzzParse -fuzztime=60s ./internal/soql

# bench runs the emulator's benchmarks (paging, ORDER BY, memory).
bench:
	$(GO) test -run='^$$' -bench=. -benchmem -count=1 ./sfemu ./internal/soql

# e2e runs the real-client suites (jsforce, the sf CLI) against the emulator.
e2e:
	bash e2e/run.sh

# emulator starts an emulated org with demo data on 127.0.0.1:8443.
emulator:
	$(GO) run ./cmd/sfbridge emulator --seed demo

build:
	$(GO) build -o bin/sfbridge ./cmd/sfbridge
