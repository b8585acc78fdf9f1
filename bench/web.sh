#!/usr/bin/env bash
# `make bench-web`: page weight and Web Vitals of the public pages (bench/web.py), against the
# release build on SQLite on 127.0.0.1. Exits non-zero when a budget is missed.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

scripts/assets.sh >/dev/null
scripts/browser-tests.sh --co -q >/dev/null  # installs Chromium and the Selenium virtualenv when missing
echo "==> release build"
swift build -c release --scratch-path .build-release >/dev/null
bin=.build-release/release/healthconnect

work="$(mktemp -d /tmp/hc-bench-web.XXXXXX)"
port="$(free_port)"
export HC_ENV=development HC_DATABASE_URL="sqlite://$work/bench.sqlite" HC_LOG_LEVEL=warning
"$bin" migrate --yes >/dev/null
"$bin" serve --hostname 127.0.0.1 --port "$port" >"$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
var/venv-browser/bin/python bench/web.py "http://127.0.0.1:$port"
