#!/usr/bin/env bash
# The inquiry, release build on loopback, on SQLite and on a throwaway PostgreSQL server:
# inquiries stored per second through POST /api/v1/inquiries (each a new key, address and client
# address behind the trusted proxy, so every request stores one: sealing, blind index, rate-limit
# buckets, audit event, mail job), then the triage queue (GET /api/v1/inquiries, a coordinator of
# every region, pages of 50) with 100,000 inquiries in it, and the coordinator's HTML queue page
# (/admin/inquiries, signed in with the second factor).
#   bench/inquiries.sh [SECONDS] [CONNECTIONS]   (make bench-inquiries)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

seconds="${1:-10}"
connections="${2:-16}"
command -v wrk >/dev/null || apt_install wrk
scripts/ensure-deps.sh test >/dev/null
scripts/assets.sh >/dev/null
echo "==> release build"
swift build -c release --scratch-path .build-release >/dev/null
bin="$PWD/.build-release/release/healthconnect"
work="$(mktemp -d /tmp/hc-bench-inquiries.XXXXXX)"
read -r pg_dir pg_port < <(scripts/pg-test-cluster.sh start)
server=""
cleanup() {
  [ -n "$server" ] && { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }
  scripts/pg-test-cluster.sh stop "$pg_dir"
  rm -rf "$work"
}
trap cleanup EXIT
export HC_NOTICE_VERSION
HC_NOTICE_VERSION="$(cat Resources/Legal/inquiry-privacy/VERSION)"

run() {
  local name="$1" url="$2" port
  port="$(free_port)"
  export HC_ENV=testing HC_DATABASE_URL="$url" HC_LOG_LEVEL=warning HC_TRUSTED_PROXIES=127.0.0.1 \
    HC_MAIL_OUTBOX="$work/$name-outbox" HC_AUDIT_CHECKPOINT_PATH="$work/$name-checkpoints"
  "$bin" migrate --yes >/dev/null
  "$bin" serve --hostname 127.0.0.1 --port "$port" >"$work/$name-serve.log" 2>&1 &
  server=$!
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  echo "==> $name: POST /api/v1/inquiries, $connections connections, ${seconds}s"
  wrk -t2 -c"$connections" -d"${seconds}s" --latency -s bench/inquiries.lua "http://127.0.0.1:$port" \
    | grep -E "Requests/sec|Latency|50%|99%|Non-2xx|requests in"
  echo "==> $name: filling the queue with 100,000 inquiries"
  local out token
  out="$("$bin" bench-inquiries --fill 100000)"
  echo "    $(echo "$out" | grep '^filled')"
  token="$(echo "$out" | sed -n 's/^token //p')"
  for query in "limit=50" "limit=50&language=fa&sort=newest" "limit=50&min_age=12&max_age=17&sort=age"; do
    echo "==> $name: GET /api/v1/inquiries?$query, $connections connections, ${seconds}s"
    wrk -t2 -c"$connections" -d"${seconds}s" --latency -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/inquiries?$query" \
      | grep -E "Requests/sec|Latency|50%|99%|Non-2xx"
  done
  local cookie
  cookie="$(python3 bench/sign_in.py "http://127.0.0.1:$port" "$(echo "$out" | sed -n 's/^email //p')" \
    "$(echo "$out" | sed -n 's/^password //p')" "$(echo "$out" | sed -n 's/^totp //p')")"
  echo "==> $name: GET /admin/inquiries (the HTML page), $connections connections, ${seconds}s"
  wrk -t2 -c"$connections" -d"${seconds}s" --latency -H "Cookie: $cookie" "http://127.0.0.1:$port/admin/inquiries" \
    | grep -E "Requests/sec|Latency|50%|99%|Non-2xx"
  echo "    server resident memory: $(( $(ps -o rss= -p "$server") / 1024 )) MiB"
  kill "$server"; wait "$server" 2>/dev/null || true
  server=""
}

run sqlite "sqlite://$work/bench.sqlite"
"$(postgres_bin)/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE bench" >/dev/null
run postgres "postgres://postgres@127.0.0.1:$pg_port/bench"
