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

# The home pages, a method page and the Cost page (empty and answering the calculator) from the demo
# site (the development server loads it), the method page also in
# Arabic with its percent-encoded slugs: each a live page read through the CMS on every request.
arabic_nail="/ar/$(python3 -c 'import urllib.parse; print("/".join(urllib.parse.quote(s) for s in ["طرق-العلاج", "المسمار-الداخلي"]))')/"
for path in /healthz /en/ /ar/ /en/methods/internal-lengthening-nail/ "$arabic_nail" /en/costs/ "/en/costs/?method=0&cm=5&option=1&currency=USD"; do
  echo "==> GET $path, $connections connections, ${seconds}s"
  wrk -t2 -c"$connections" -d"${seconds}s" --latency "$base_url$path" | grep -E "Requests/sec|Latency|50%|99%|Non-2xx"
done
rss_kb=$(ps -o rss= -p "$server")
echo "==> server resident memory after the runs: $((rss_kb / 1024)) MiB"
