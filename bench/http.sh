#!/usr/bin/env bash
# Throughput and latency of the public pages: a release build on SQLite, driven by wrk on loopback.
#   bench/http.sh [SECONDS] [CONNECTIONS]
# Bounded in time and count; touches nothing but 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

seconds="${1:-10}"
connections="${2:-32}"
command -v wrk >/dev/null || apt_install wrk
scripts/assets.sh >/dev/null
start_release_server

for path in /healthz /en/ /ar/; do
  echo "==> GET $path, $connections connections, ${seconds}s"
  wrk -t2 -c"$connections" -d"${seconds}s" --latency "$base_url$path" | grep -E "Requests/sec|Latency|50%|99%|Non-2xx"
done
rss_kb=$(ps -o rss= -p "$server")
echo "==> server resident memory after the runs: $((rss_kb / 1024)) MiB"
