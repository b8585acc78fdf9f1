#!/usr/bin/env bash
# Audited appends per second (release build), from one writer and from 8 concurrent writers, on
# SQLite and on a throwaway PostgreSQL server. Usage: bench/audit.sh [EVENTS]   (make bench-audit)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

events="${1:-5000}"
scratch="${HC_BENCH_SCRATCH:-.build-release}"
scripts/ensure-deps.sh test >/dev/null
scripts/assets.sh >/dev/null
echo "==> release build"
swift build -c release --scratch-path "$scratch" >/dev/null
bin="$scratch/release/healthconnect"
work="$(mktemp -d /tmp/hc-bench-audit.XXXXXX)"
read -r pg_dir pg_port < <(scripts/pg-test-cluster.sh start)
cleanup() {
  scripts/pg-test-cluster.sh stop "$pg_dir"
  rm -rf "$work"
}
trap cleanup EXIT

run() {
  local name="$1" url="$2" writers="$3"
  export HC_ENV=testing HC_DATABASE_URL="$url" HC_LOG_LEVEL=warning HC_AUDIT_CHECKPOINT_PATH="$work/checkpoints"
  "$bin" migrate --yes >/dev/null
  printf '%-10s ' "$name"
  "$bin" bench-audit --events "$events" --writers "$writers"
}

for writers in 1 8; do
  run sqlite "sqlite://$work/bench-$writers.sqlite" "$writers"
  "$(postgres_bin)/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE bench$writers" >/dev/null
  run postgres "postgres://postgres@127.0.0.1:$pg_port/bench$writers" "$writers"
done
