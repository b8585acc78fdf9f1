# Shared by the bench scripts: builds the release binary and serves it on a free loopback port,
# on a throwaway SQLite file. After `start_release_server`, $base_url and $server are set and
# an EXIT trap stops the server and removes its files.
. scripts/lib.sh

start_release_server() {
  echo "==> release build"
  swift build -c release --scratch-path .build-release >/dev/null
  local bin=.build-release/release/healthconnect
  bench_work="$(mktemp -d /tmp/hc-bench.XXXXXX)"
  local port
  port="$(free_port)"
  export HC_ENV=development HC_DATABASE_URL="sqlite://$bench_work/bench.sqlite" HC_LOG_LEVEL=warning
  "$bin" migrate --yes >/dev/null
  "$bin" serve --hostname 127.0.0.1 --port "$port" >"$bench_work/serve.log" 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$bench_work"' EXIT
  base_url="http://127.0.0.1:$port"
  for _ in $(seq 50); do curl -fs "$base_url/healthz" >/dev/null && return 0; sleep 0.1; done
  echo "error: the release server did not start; see $bench_work/serve.log" >&2
  return 1
}
