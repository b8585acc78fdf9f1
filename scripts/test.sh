#!/usr/bin/env bash
# `make test`: installs and starts what the tests need, builds once, runs every test (or those
# matching $FILTER), and stops what it started, also when a test fails.
set -euo pipefail
cd "$(dirname "$0")/.."
"scripts/ensure-deps.sh" test
HC_TEST_PHOTOS_DIR=$(scripts/photo-fixtures.sh)
export HC_TEST_PHOTOS_DIR
HC_TEST_SCHEMAORG_DIR=$(scripts/schemaorg-vocabulary.sh)
export HC_TEST_SCHEMAORG_DIR

started_at=$(date +%s)
scripts/assets.sh
echo "==> building (debug, with tests)"
swift build --build-tests
built_at=$(date +%s)

read -r pg_dir pg_port < <(scripts/pg-test-cluster.sh start)
[ -n "${pg_port:-}" ] || { echo "error: the PostgreSQL test server did not start" >&2; exit 1; }
trap 'scripts/pg-test-cluster.sh stop "$pg_dir"' EXIT INT TERM
echo "==> PostgreSQL test server on 127.0.0.1:$pg_port"

read -r smtp_dir smtp_pid smtp_starttls smtp_implicit smtp_plaintext smtp_injection < <(scripts/smtp-test-server.sh start)
[ -n "${smtp_injection:-}" ] || { echo "error: the test SMTP server did not start" >&2; exit 1; }
trap 'scripts/pg-test-cluster.sh stop "$pg_dir"; scripts/smtp-test-server.sh stop "$smtp_dir" "$smtp_pid"' EXIT INT TERM
echo "==> SMTP test servers on 127.0.0.1:$smtp_starttls (STARTTLS), :$smtp_implicit (TLS)"

read -r clamd_dir clamd_pid clamd_port < <(scripts/clamd-test-server.sh start)
[ -n "${clamd_port:-}" ] || { echo "error: the test clamd did not start" >&2; exit 1; }
trap 'scripts/pg-test-cluster.sh stop "$pg_dir"; scripts/smtp-test-server.sh stop "$smtp_dir" "$smtp_pid"; scripts/clamd-test-server.sh stop "$clamd_dir" "$clamd_pid"' EXIT INT TERM
echo "==> clamd on 127.0.0.1:$clamd_port (one signature: EICAR)"

read -r s3_dir s3_pid s3_port s3_key_id s3_secret < <(scripts/s3-test-server.sh start)
[ -n "${s3_secret:-}" ] || { echo "error: the S3 test server did not start" >&2; exit 1; }
trap 'scripts/pg-test-cluster.sh stop "$pg_dir"; scripts/smtp-test-server.sh stop "$smtp_dir" "$smtp_pid"; scripts/clamd-test-server.sh stop "$clamd_dir" "$clamd_pid"; scripts/s3-test-server.sh stop "$s3_dir" "$s3_pid"' EXIT INT TERM
echo "==> S3 test server (moto, signatures checked) on 127.0.0.1:$s3_port, bucket hc-test"
export HC_TEST_S3_ENDPOINT="http://127.0.0.1:$s3_port" HC_TEST_S3_BUCKET="hc-test"
export HC_TEST_S3_ACCESS_KEY_ID="$s3_key_id" HC_TEST_S3_SECRET_ACCESS_KEY="$s3_secret"
export HC_TEST_CLAMD_URL="tcp://127.0.0.1:$clamd_port" HC_TEST_CLAMD_DIR="$clamd_dir"
export HC_TEST_SMTP_DIR="$smtp_dir"
export HC_TEST_SMTP_PORTS="$smtp_starttls $smtp_implicit $smtp_plaintext $smtp_injection"

results="var/test-run"
rm -rf "$results" && mkdir -p "$results"
export HC_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$pg_port/postgres"
export HC_TEST_RESULTS_DIR="$PWD/$results"

# The suites that encode images or stream hundreds of megabytes run after the others, on their
# own: on two cores, sharing them made timing-bound tests elsewhere (a 30 s client deadline, a
# PostgreSQL connection wait) fail in fresh-clone runs.
heavy='MediaLibraryTests|AdminMediaTests|CDNPurgeTests|LargeUploadTests'
status=0
if [ -n "${FILTER:-}" ]; then
  swift test --skip-build --filter "$FILTER" || status=$?
else
  swift test --skip-build --skip "$heavy" || status=$?
  swift test --skip-build --filter "$heavy" || status=$?
fi
if [ "$status" -ne 0 ] && [ -f "$pg_dir/server.log" ]; then
  # The test server's directory goes when it stops: keep what it said for the failure's reader.
  echo "==> the PostgreSQL test server's log, last 40 lines"
  tail -n 40 "$pg_dir/server.log" || true
fi
swift_done_at=$(date +%s)

# The browser tests run unless FILTER names Swift tests only (BROWSER_FILTER selects browser tests).
browser_status=0
if [ -z "${FILTER:-}" ] || [ -n "${BROWSER_FILTER:-}" ]; then
  browser_args=()
  [ -n "${BROWSER_FILTER:-}" ] && browser_args+=(-k "$BROWSER_FILTER")
  scripts/browser-tests.sh "${browser_args[@]}" || browser_status=$?
fi
[ "$browser_status" -eq 0 ] || status=$browser_status
browser_done_at=$(date +%s)

# The API contract test runs with the whole suite, or alone with CONTRACT=1.
contract_status=0
if [ -z "${FILTER:-}" ] || [ -n "${CONTRACT:-}" ]; then
  scripts/contract-tests.sh || contract_status=$?
fi
[ "$contract_status" -eq 0 ] || status=$contract_status

sqlite=$(grep -c '^sqlite$' "$results/databases.log" 2>/dev/null || true)
postgres=$(grep -c '^postgres$' "$results/databases.log" 2>/dev/null || true)
finished_at=$(date +%s)
echo "==> database tests: ${sqlite:-0} on SQLite, ${postgres:-0} on PostgreSQL"
if [ -s "$results/single-engine.log" ]; then
  echo "==> on one engine on purpose:"
  sort "$results/single-engine.log" | uniq -c | sed 's/^/    /'
fi
echo "==> assets and build $((built_at - started_at)) s, Swift tests $((swift_done_at - built_at)) s, browser tests $((browser_done_at - swift_done_at)) s, API contract $((finished_at - browser_done_at)) s"
exit $status
