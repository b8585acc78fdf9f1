# Health Connect: `make run` serves the site on http://127.0.0.1:8080; `make test` runs every test.
# Both install what is missing first. See README.md.

HOST ?= 127.0.0.1
PORT ?= 8080
BIN := .build/debug/healthconnect

.PHONY: run test assets build migrate routes bench bench-web bench-jobs bench-auth bench-audit bench-uploads bench-inquiries bench-media openapi clean

run:
	@scripts/ensure-deps.sh run
	@scripts/assets.sh
	swift build
	@mkdir -p var
	HC_ENV=$${HC_ENV:-development} $(BIN) serve --hostname $(HOST) --port $(PORT)

test:
	@scripts/test.sh

# Stylesheet, scripts, icons and fonts into Public/build/ (never committed).
assets:
	@scripts/assets.sh

build:
	@scripts/ensure-deps.sh run
	swift build

migrate: build
	$(BIN) migrate --yes

routes: build
	$(BIN) routes

# Throughput of the release build under wrk (bench/RESULTS.md has the figures).
bench:
	@bench/http.sh

# Page weight, LCP and CLS of the public pages, throttled, against their budgets.
bench-web:
	@bench/web.sh

# One sign-in (Bcrypt cost 12) and JWT-authenticated API requests per second.
bench-auth:
	@bench/auth.sh

# Regenerate Sources/API/Generated after changing openapi.yaml.
openapi:
	@scripts/openapi-gen.sh

# No-op jobs per second by two worker processes, on SQLite and PostgreSQL.
bench-jobs:
	@bench/jobs.sh

# Audited appends per second, one writer and eight, on SQLite and PostgreSQL.
bench-audit:
	@bench/audit.sh

# Face detection, covering and every rendition of a 6000 × 4000 photo, and the worker's peak memory.
bench-media:
	@bench/media.sh

# Upload throughput on both storage back ends, peak memory during a 500 MB upload, scan time per MB.
bench-uploads:
	@bench/uploads.sh

# Inquiries stored per second, and the triage queue with 100,000 inquiries.
bench-inquiries:
	@bench/inquiries.sh

clean:
	rm -rf .build var
