#!/usr/bin/env bash
# The API contract test (part of make test): openapi.yaml is validated, then Schemathesis from
# var/venv-contract sends every operation of it generated requests against the debug build,
# served on a new PostgreSQL database, and checks each answer against the contract.
#   HC_TEST_POSTGRES_URL  a superuser URL on a throwaway cluster (test.sh sets it); without it a
#                         cluster is started here and stopped after.
# Extra arguments go to `schemathesis run` (e.g. --seed 1, --max-examples 10).
# The server's log and what the run wrote are in var/contract-run/.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

bin=.build/debug/healthconnect
[ -x "$bin" ] || { echo "error: $bin is missing: build first (swift build)" >&2; exit 1; }

venv=var/venv-contract
if [ ! -f "$venv/.installed" ] || ! cmp -s Tests/Contract/requirements.txt "$venv/.installed"; then
  echo "==> installing contract test tools into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r Tests/Contract/requirements.txt
  cp Tests/Contract/requirements.txt "$venv/.installed"
fi

echo "==> validating openapi.yaml"
"$venv/bin/openapi-spec-validator" openapi.yaml

run=var/contract-run
rm -rf "$run" && mkdir -p "$run/outbox"
work="$PWD/$run"
server_pid="" pg_dir="" database=""

stop() {
  local status=$?
  for pid in $server_pid; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in $server_pid; do
    wait "$pid" 2>/dev/null || true
  done
  if [ -n "$database" ]; then
    "$psql" "$admin_url" -qAt -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  [ -n "$pg_dir" ] && scripts/pg-test-cluster.sh stop "$pg_dir"
  if [ "$status" -ne 0 ] && grep -q '[^[:space:]]' "$work/serve.log" 2>/dev/null; then
    echo "==> the server's log, last 40 lines ($run/serve.log)"
    tail -n 40 "$work/serve.log" || true
  fi
  exit "$status"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

psql="$(postgres_bin)/psql"
admin_url="${HC_TEST_POSTGRES_URL:-}"
if [ -z "$admin_url" ]; then
  read -r pg_dir pg_port < <(scripts/pg-test-cluster.sh start)
  [ -n "${pg_port:-}" ] || { echo "error: the PostgreSQL test server did not start" >&2; exit 1; }
  admin_url="postgres://postgres@127.0.0.1:$pg_port/postgres"
fi
database="contract_$(date +%s)_$$"
"$psql" "$admin_url" -qAt -v ON_ERROR_STOP=1 -c "CREATE DATABASE $database" >/dev/null
database_url="${admin_url%/*}/$database"

port="$(free_port)"
site="http://127.0.0.1:$port"
# The server sees only these variables: none of the caller's HC_* (an SMTP URL, say) leaks in.
# `env` execs the binary, so `$!` of `"${hc[@]}" … &` is the server's own process id.
hc=(env)
for name in $(compgen -e | grep '^HC_' || true); do hc+=(-u "$name"); done
hc+=(HC_ENV=testing HC_BCRYPT_COST=4 HC_LOG_LEVEL=warning HC_DATABASE_URL="$database_url"
     HC_BASE_URL="$site" HC_MAIL_OUTBOX="$work/outbox" HC_AUDIT_CHECKPOINT_PATH="$work/audit-checkpoints" "$bin")

admin_email="contract-admin@hills.example"
admin_password="brass lantern over the quiet harbour"
patient_email="contract-patient@hills.example"
patient_password="seven herons above the salt marsh"

echo "==> database $database: migrating, creating the administrator"
"${hc[@]}" migrate --yes >"$work/migrate.log" 2>&1 || { cat "$work/migrate.log" >&2; exit 1; }
printf '%s\n' "$admin_password" | "${hc[@]}" create-admin --email "$admin_email" --password-stdin --first-name Contract --last-name Admin >/dev/null

"${hc[@]}" serve --hostname 127.0.0.1 --port "$port" >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
  curl -fsS -o /dev/null "$site/healthz" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { echo "error: the server exited; see $run/serve.log" >&2; exit 1; }
  sleep 0.1
done
curl -fsS -o /dev/null "$site/healthz" || { echo "error: the server did not answer on $site" >&2; exit 1; }
echo "==> server on $site"

# The patient's verification mail and the staff's invitations go out as jobs: after each request
# that queues one, accounts.py runs the due jobs to the end with this, and the mail is in the outbox.
printf '#!/usr/bin/env bash\nexec %s jobs --run-due >>%q 2>&1\n' "$(printf '%q ' "${hc[@]}")" "$work/jobs.log" >"$work/run-due-jobs"
chmod +x "$work/run-due-jobs"
cat >"$work/accounts.json" <<EOF
{"admin": {"email": "$admin_email", "password": "$admin_password"},
 "patient": {"email": "$patient_email", "password": "$patient_password"},
 "coordinator": {"email": "contract-coordinator@hills.example", "password": "copper kettle by the north window"},
 "surgeon": {"email": "contract-surgeon@hills.example", "password": "walnut shelves in the reading room"}}
EOF
export HC_CONTRACT_ACCOUNTS="$work/accounts.json" HC_CONTRACT_SITE="$site" HC_CONTRACT_API="$site/api/v1" HC_MAIL_OUTBOX="$work/outbox"
export HC_CONTRACT_RUN_JOBS="$work/run-due-jobs"
"$venv/bin/python" Tests/Contract/accounts.py setup

echo "==> schemathesis over every operation of openapi.yaml"
# Hypothesis keeps caches of its own (Unicode tables, constants): here, not in .hypothesis/ at the root.
export HYPOTHESIS_STORAGE_DIRECTORY="$work/hypothesis"
started=$(date +%s)
status=0
"$venv/bin/schemathesis" --config-file Tests/Contract/schemathesis.toml run openapi.yaml \
  --url "$site/api/v1" --no-color "$@" || status=$?
echo "==> schemathesis took $(( $(date +%s) - started )) s"
exit "$status"
