#!/usr/bin/env bash
# `make test`: installs and starts what the tests need, builds once, runs every test (or those
# matching $FILTER), and stops what it started, also when a test fails.
set -euo pipefail
cd "$(dirname "$0")/.."
"scripts/ensure-deps.sh" test

started_at=$(date +%s)
scripts/assets.sh
echo "==> building (debug, with tests)"
swift build --build-tests
built_at=$(date +%s)

read -r pg_dir pg_port < <(scripts/pg-test-cluster.sh start)
[ -n "${pg_port:-}" ] || { echo "error: the PostgreSQL test server did not start" >&2; exit 1; }
trap 'scripts/pg-test-cluster.sh stop "$pg_dir"' EXIT INT TERM
echo "==> PostgreSQL test server on 127.0.0.1:$pg_port"

results="var/test-run"
rm -rf "$results" && mkdir -p "$results"
export HC_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$pg_port/postgres"
export HC_TEST_RESULTS_DIR="$PWD/$results"

args=(--skip-build)
[ -n "${FILTER:-}" ] && args+=(--filter "$FILTER")
status=0
swift test "${args[@]}" || status=$?

sqlite=$(grep -c '^sqlite$' "$results/databases.log" 2>/dev/null || true)
postgres=$(grep -c '^postgres$' "$results/databases.log" 2>/dev/null || true)
finished_at=$(date +%s)
echo "==> database tests: ${sqlite:-0} on SQLite, ${postgres:-0} on PostgreSQL"
echo "==> build $((built_at - started_at)) s, tests $((finished_at - built_at)) s"
exit $status
