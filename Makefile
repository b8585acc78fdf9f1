# Health Connect: `make run` serves the site on http://127.0.0.1:8080; `make test` runs every test.
# Both install what is missing first. See README.md.

HOST ?= 127.0.0.1
PORT ?= 8080
BIN := .build/debug/healthconnect

.PHONY: run test build migrate routes clean

run:
	@scripts/ensure-deps.sh run
	swift build
	@mkdir -p var
	HC_ENV=$${HC_ENV:-development} $(BIN) serve --hostname $(HOST) --port $(PORT)

test:
	@scripts/test.sh

build:
	@scripts/ensure-deps.sh run
	swift build

migrate: build
	$(BIN) migrate --yes

routes: build
	$(BIN) routes

clean:
	rm -rf .build var
