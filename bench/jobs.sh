#!/usr/bin/env bash
# No-op jobs per second processed by two worker processes (release build), on SQLite and on a
# throwaway PostgreSQL server. Usage: bench/jobs.sh [JOBS]   (make bench-jobs)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

jobs="${1:-5000}"
scripts/ensure-deps.sh test >/dev/null
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

run() {
  local name="$1" url="$2"
  export HC_ENV=testing HC_DATABASE_URL="$url" HC_LOG_LEVEL=warning
  "$bin" migrate --yes >/dev/null
  "$bin" jobs --enqueue system.noop --count "$jobs" >/dev/null
  local start end
  start=$(date +%s.%N)
  "$bin" worker --poll-ms 20 >/dev/null 2>&1 & workers=("$!")
  "$bin" worker --poll-ms 20 >/dev/null 2>&1 & workers+=("$!")
  # At least: workers also run the recurring jobs (session purge, audit checkpoint) on the same queue.
  # Each look starts a process (about 70 ms of CPU), so it looks twice a second, not more: the
  # figure may be up to 0.5 s pessimistic, but the poller does not steal the workers' CPU.
  until "$bin" jobs 2>/dev/null | awk -v n="$jobs" '$1 == "default" && $2 == "succeeded" && $3 >= n { ok = 1 } END { exit !ok }'; do
    sleep 0.5
  done
  end=$(date +%s.%N)
  kill "${workers[@]}"; wait "${workers[@]}" 2>/dev/null || true; workers=()
  python3 -c "import sys; s, e, n = map(float, sys.argv[1:]); print(f'$name: {int(n)} no-op jobs by 2 workers in {e - s:.2f} s = {n / (e - s):.0f} jobs/s')" "$start" "$end" "$jobs"
}

run "SQLite    " "sqlite://$work/jobs.sqlite"
"$(postgres_bin)/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE bench" >/dev/null
run "PostgreSQL" "postgres://postgres@127.0.0.1:$pg_port/bench"
