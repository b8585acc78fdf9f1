#!/usr/bin/env bash
# Throughput and latency of the public pages: a release build on SQLite, driven by wrk on loopback.
#   bench/http.sh [SECONDS] [CONNECTIONS]
# Bounded in time and count; touches nothing but 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

seconds="${1:-10}"
connections="${2:-32}"
command -v wrk >/dev/null || apt_install wrk

echo "==> release build"
swift build -c release --scratch-path .build-release >/dev/null
bin=.build-release/release/healthconnect

work="$(mktemp -d /tmp/hc-bench.XXXXXX)"
port="$(free_port)"
export HC_ENV=development HC_DATABASE_URL="sqlite://$work/bench.sqlite" HC_LOG_LEVEL=warning
"$bin" migrate --yes >/dev/null
"$bin" serve --hostname 127.0.0.1 --port "$port" >"$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

for path in /healthz /en/ /ar/; do
  echo "==> GET $path, $connections connections, ${seconds}s"
  wrk -t2 -c"$connections" -d"${seconds}s" --latency "http://127.0.0.1:$port$path" | grep -E "Requests/sec|Latency|50%|99%|Non-2xx"
done
rss_kb=$(ps -o rss= -p "$server")
echo "==> server resident memory after the runs: $((rss_kb / 1024)) MiB"
