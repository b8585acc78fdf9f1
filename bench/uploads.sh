#!/usr/bin/env bash
# Uploads through the release build, on loopback: throughput of a 500 MB study archive and a
# 100 MB DICOM file into local storage and into the S3 test server (moto), the server's peak
# resident memory during the 500 MB upload, and clamd's scan time per MB (the test clamd, its one
# EICAR signature; a clamd with the full signature set is slower). A patient signs up and confirms
# the address through the pages, as in the browser tests; a worker beside the server scans.
#   bench/uploads.sh            (make bench-uploads)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

scripts/ensure-deps.sh test >/dev/null
scripts/assets.sh >/dev/null
echo "==> release build"
swift build -c release --scratch-path .build-release >/dev/null
bin="$PWD/.build-release/release/healthconnect"
work="$(mktemp -d /tmp/hc-bench-uploads.XXXXXX)"
read -r clamd_dir clamd_pid clamd_port < <(scripts/clamd-test-server.sh start)
read -r s3_dir s3_pid s3_port s3_key s3_secret < <(scripts/s3-test-server.sh start)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  scripts/clamd-test-server.sh stop "$clamd_dir" "$clamd_pid"
  scripts/s3-test-server.sh stop "$s3_dir" "$s3_pid"
  [ -n "${HC_BENCH_KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

echo "==> test files: a 500 MiB stored ZIP of random bytes, a 100 MiB DICOM file"
head -c $((500 << 20)) /dev/urandom > "$work/IM000001"
(cd "$work" && zip -q -0 study.zip IM000001 && rm IM000001)
{ head -c 128 /dev/zero; printf DICM; head -c $(((100 << 20) - 132)) /dev/urandom; } > "$work/CT000001.dcm"

# Serves one back end ($1: file or s3) with a worker; sets $base and $server.
serve() {
  local name="$1" port
  port="$(free_port)"
  mkdir -p "$work/$name"
  env_vars=(HC_ENV=testing HC_DATABASE_URL="sqlite://$work/$name/db.sqlite" HC_LOG_LEVEL=warning
    HC_CLAMD_URL="tcp://127.0.0.1:$clamd_port" HC_MAIL_OUTBOX="$work/$name/outbox" HC_AUDIT_CHECKPOINT_PATH="$work/$name/checkpoints"
    HC_UPLOAD_MAX_ARCHIVE_MB=600 TMPDIR="$work/$name")
  if [ "$name" = s3 ]; then
    env_vars+=(HC_STORAGE_URL="s3://hc-test?endpoint=http://127.0.0.1:$s3_port&region=us-east-1&style=path"
      HC_STORAGE_ACCESS_KEY_ID="$s3_key" HC_STORAGE_SECRET_ACCESS_KEY="$s3_secret")
  else
    env_vars+=(HC_STORAGE_URL="file://$work/$name/storage")
  fi
  env "${env_vars[@]}" "$bin" migrate --yes >/dev/null
  env "${env_vars[@]}" "$bin" serve --hostname 127.0.0.1 --port "$port" >"$work/$name/serve.log" 2>&1 & server=$!
  env "${env_vars[@]}" "$bin" worker >"$work/$name/worker.log" 2>&1 & local worker=$!
  pids+=("$server" "$worker")
  base="http://127.0.0.1:$port"
  for _ in $(seq 100); do curl -fs "$base/healthz" >/dev/null && return 0; sleep 0.1; done
  echo "error: the server did not start; see $work/$name/serve.log" >&2
  return 1
}

# The value of the page's csrf_token field.
csrf() { curl -fsS -b "$jar" -c "$jar" "$1" | sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -1; }

# Signs a patient up, confirms the address from the outbox, signs in; leaves the cookies in $jar.
patient() {
  local name="$1" email="bench-$1@hills.example" password="bench passphrase for uploads" token link
  jar="$work/$name/cookies"
  curl -fsS -b "$jar" -c "$jar" -o /dev/null -d "csrf_token=$(csrf "$base/en/account/sign-up")" \
    --data-urlencode first_name=Bench --data-urlencode last_name=Patient --data-urlencode "email=$email" \
    --data-urlencode "password=$password" "$base/en/account/sign-up"
  for _ in $(seq 300); do
    link=$(python3 - "$work/$name/outbox" <<'PY'
import email, email.policy, pathlib, re, sys
for path in pathlib.Path(sys.argv[1]).glob("**/*.eml"):
    for part in email.message_from_bytes(path.read_bytes(), policy=email.policy.default).walk():
        if part.get_content_type() == "text/plain":
            found = re.search(r"verify-email\?token=[A-Za-z0-9_-]+", part.get_content())
            if found:
                print(found.group(0))
                sys.exit()
PY
)
    [ -n "$link" ] && break
    sleep 0.2
  done
  [ -n "$link" ] || { echo "error: no verification mail" >&2; return 1; }
  token="${link#*token=}"
  curl -fsS -b "$jar" -c "$jar" -o /dev/null -d "csrf_token=$(csrf "$base/en/account/$link")" -d "token=$token" "$base/en/account/verify-email"
  curl -fsS -b "$jar" -c "$jar" -o /dev/null -d "csrf_token=$(csrf "$base/en/account/sign-in")" \
    --data-urlencode "email=$email" --data-urlencode "password=$password" "$base/en/account/sign-in"
  page_token="$(csrf "$base/en/account/files")"
  [ -n "$page_token" ] || { echo "error: not signed in" >&2; return 1; }
}

# Uploads $1 through the JSON endpoint; prints "SECONDS MB/S ID".
upload() {
  local out result
  out="$work/answer.json"
  result=$(curl -sS -b "$jar" -o "$out" -w '%{http_code} %{time_total} %{speed_upload}' -H "X-CSRF-Token: $page_token" \
    -H 'Accept: application/json' -F "files=@$1" "$base/en/uploads")
  [ "${result%% *}" = 200 ] || { echo "error: upload answered ${result%% *}: $(cat "$out")" >&2; return 1; }
  set -- $result
  printf '%s %.0f %s\n' "$2" "$(awk -v b="$3" 'BEGIN { print b / 1048576 }')" \
    "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["uploads"][0]["id"])' "$out")"
}

# Seconds until upload $1 is no longer in quarantine (the scan job's pick-up included).
scan_seconds() {
  local start state
  start=$(date +%s.%N)
  for _ in $(seq 6000); do
    state=$(curl -fsS -b "$jar" -H 'Accept: application/json' "$base/en/uploads/$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["state"])')
    [ "$state" != quarantined ] && break
    sleep 0.1
  done
  [ "$state" = clean ] || { echo "error: upload $1 ended $state" >&2; return 1; }
  awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }'
}

for backend in ${HC_BENCH_BACKENDS:-file s3}; do
  serve "$backend"
  patient "$backend"
  before=$(awk '/VmRSS/ { print int($2 / 1024) }' /proc/$server/status)
  read -r seconds rate id < <(upload "$work/study.zip")
  peak=$(awk '/VmHWM/ { print int($2 / 1024) }' /proc/$server/status)
  echo "==> $backend: 500 MiB study archive in ${seconds}s (${rate} MB/s); server resident ${before} MiB before, peak ${peak} MiB"
  scan=$(scan_seconds "$id")
  awk -v s="$scan" 'BEGIN { printf "    scanned whole and entry by entry in %ss: %.1f ms per MB of archive\n", s, s * 1000 / 500 }'
  read -r seconds rate id < <(upload "$work/CT000001.dcm")
  echo "==> $backend: 100 MiB DICOM file in ${seconds}s (${rate} MB/s)"
  scan=$(scan_seconds "$id")
  awk -v s="$scan" 'BEGIN { printf "    scanned in %ss: %.1f ms per MB\n", s, s * 1000 / 100 }'
done
