#!/usr/bin/env bash
# What signing in costs, and what a JWT-authenticated API request costs: a release build on
# SQLite with the production Bcrypt cost (12), on loopback.
#   bench/auth.sh [SECONDS] [CONNECTIONS]
# Sign-ins stay under the rate limits on purpose (8 per account, 24 from this address): the
# figure is the cost of one sign-in, not the limiter's answer.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

seconds="${1:-10}"
connections="${2:-32}"
command -v wrk >/dev/null || apt_install wrk
scripts/assets.sh >/dev/null
export HC_BCRYPT_COST=12
start_release_server
bin=.build-release/release/healthconnect
password="bench passphrase for sign-in timing"

token_request() {
  local out result
  out="$(mktemp "$bench_work/token.XXXXXX")"
  result=$(curl -sS -o "$out" -w '%{http_code} %{time_total}' -H 'Content-Type: application/json' \
    -d "{\"grant_type\":\"password\",\"email\":\"$1\",\"password\":\"$password\"}" "$base_url/api/v1/auth/token")
  [ "${result%% *}" = 200 ] || { echo "error: sign-in answered ${result%% *}: $(cat "$out")" >&2; return 1; }
  mv "$out" "$bench_work/token.json"
  echo "${result#* }"
}

for n in 1 2 3; do
  printf %s "$password" | "$bin" create-admin --email "bench-$n@hills.example" --password-stdin >/dev/null
done

echo "==> POST /api/v1/auth/token one at a time (Bcrypt cost 12), 16 sign-ins"
times=()
for n in 1 2; do for _ in $(seq 8); do times+=("$(token_request "bench-$n@hills.example")"); done; done
printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "    median %.0f ms, min %.0f ms, max %.0f ms\n", a[int((NR + 1) / 2)] * 1000, a[1] * 1000, a[NR] * 1000 }'

echo "==> 8 sign-ins two at a time"
start=$(date +%s.%N)
for _ in 1 2 3 4; do
  # `wait` by pid: a bare `wait` would also wait for the server.
  token_request bench-3@hills.example >/dev/null & first=$!
  token_request bench-3@hills.example >/dev/null & second=$!
  wait "$first" "$second"
done
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" 'BEGIN { printf "    %.1f sign-ins/s\n", 8 / (e - s) }'

access=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["access_token"])' "$bench_work/token.json")
echo "==> GET /api/v1/me with a bearer token, $connections connections, ${seconds}s"
wrk -t2 -c"$connections" -d"${seconds}s" --latency -H "Authorization: Bearer $access" "$base_url/api/v1/me" \
  | grep -E "Requests/sec|Latency|50%|99%|Non-2xx"
rss_kb=$(ps -o rss= -p "$server")
echo "==> server resident memory after the runs: $((rss_kb / 1024)) MiB"
