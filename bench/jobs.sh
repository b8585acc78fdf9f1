#!/usr/bin/env bash
# No-op jobs per second processed by two worker processes (release build), on SQLite and on a
# throwaway PostgreSQL server. Usage: bench/jobs.sh [JOBS]   (make bench-jobs)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

jobs="${1:-5000}"
scripts/ensure-deps.sh test >/dev/null
scripts/assets.sh >/dev/null
echo "==> release build"
swift build -c release --scratch-path .build-release >/dev/null
bin=.build-release/release/healthconnect
work="$(mktemp -d /tmp/hc-bench-jobs.XXXXXX)"
read -r pg_dir pg_port < <(scripts/pg-test-cluster.sh start)
workers=()
cleanup() {
  for pid in "${workers[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  scripts/pg-test-cluster.sh stop "$pg_dir"
  rm -rf "$work"
}
trap cleanup EXIT

# Returns once at least N no-op jobs have succeeded (at least: the workers also run the recurring
# jobs on the same queue). It asks the database directly, from one process, every 50 ms: starting
# `healthconnect jobs` for each look cost about 0.1 s of CPU, a tenth of the two cores the workers
# are measured on.
wait_for_succeeded() {
  local url="$1" n="$2"
  case "$url" in
    sqlite://*)
      python3 - "${url#sqlite://}" "$n" <<'PY'
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], timeout=5)
query = "SELECT count(*) FROM jobs WHERE kind = 'system.noop' AND state = 'succeeded'"
while db.execute(query).fetchone()[0] < int(sys.argv[2]):
    time.sleep(0.05)
PY
      ;;
    postgres://*)
      coproc PSQL { "$(postgres_bin)/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d bench -Atq 2>&1; }
      local count=0
      while [ "$count" -lt "$n" ]; do
        echo "SELECT count(*) FROM jobs WHERE kind = 'system.noop' AND state = 'succeeded';" >&"${PSQL[1]}"
        read -r count <&"${PSQL[0]}"
        [ "$count" -lt "$n" ] && sleep 0.05
      done
      echo '\q' >&"${PSQL[1]}"
      wait "$PSQL_PID" 2>/dev/null || true
      ;;
  esac
}

run() {
  local name="$1" url="$2"
  export HC_ENV=testing HC_DATABASE_URL="$url" HC_LOG_LEVEL=warning
  "$bin" migrate --yes >/dev/null
  "$bin" jobs --enqueue system.noop --count "$jobs" >/dev/null
  local start end
  start=$(date +%s.%N)
  "$bin" worker --poll-ms 20 >/dev/null 2>&1 & workers=("$!")
  "$bin" worker --poll-ms 20 >/dev/null 2>&1 & workers+=("$!")
  wait_for_succeeded "$url" "$jobs"
  end=$(date +%s.%N)
  kill "${workers[@]}"; wait "${workers[@]}" 2>/dev/null || true; workers=()
  python3 -c "import sys; s, e, n = map(float, sys.argv[1:]); print(f'$name: {int(n)} no-op jobs by 2 workers in {e - s:.2f} s = {n / (e - s):.0f} jobs/s')" "$start" "$end" "$jobs"
}

run "SQLite    " "sqlite://$work/jobs.sqlite"
"$(postgres_bin)/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE bench" >/dev/null
run "PostgreSQL" "postgres://postgres@127.0.0.1:$pg_port/bench"
