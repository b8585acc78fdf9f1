#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests, on a free port on 127.0.0.1.
#   start         prints "DIR PORT" of a new running cluster
#   stop DIR      stops it and removes its folder
# initdb and pg_ctl refuse to run as root, so as root they run as the postgres user in a folder it owns.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"

bin="$(postgres_bin)"
[ -n "$bin" ] || { echo "error: PostgreSQL is not installed (run scripts/ensure-deps.sh test)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    dir="$(mktemp -d /tmp/hc-pg.XXXXXX)"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    port="$(free_port)"
    # Durability is pointless for a throwaway cluster; turning it off makes CREATE DATABASE fast.
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "$dir $port"
    ;;
  stop)
    dir="${2:?usage: $0 stop DIR}"
    [ -d "$dir/data" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
