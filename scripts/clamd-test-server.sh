#!/usr/bin/env bash
# A throwaway ClamAV daemon (Debian's clamd) for the upload scanning tests, on a free port on 127.0.0.1.
# Its database holds one signature, built here from the EICAR test string (so the repository never
# contains that string); no freshclam, no network. Its limits are above the app's 500 MB per study archive.
#   start            prints "DIR PID PORT" once clamd answers zPING with PONG
#   stop DIR [PID]   stops it (the one running now, after restarts too) and removes its folder
# For an outage test (same port, same config):
#   stop-keep DIR PID   stops clamd but keeps DIR, so the port stays known (nothing listens on it meanwhile)
#   restart DIR         starts clamd again on the same port; prints "DIR PID PORT" like start
#   pause PID / resume PID   SIGSTOP / SIGCONT: clamd accepts connections but never answers (a hung scanner)
# The limits can be lowered for a test of the "too big" answers (defaults shown):
#   HC_CLAMD_STREAM_MAX=700M HC_CLAMD_MAX_FILE=700M HC_CLAMD_MAX_SCAN=2000M
# MaxScanSize counts an archive plus everything unpacked from it, so it must be about twice the largest
# archive or a stored 500 MB ZIP would be flagged Heuristics.Limits.Exceeded.MaxScanSize (AlertExceedsMax).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"

clamd=/usr/sbin/clamd

# Whether PID is a running process (a zombie that nobody has reaped yet counts as gone).
alive() {
  [ -r "/proc/$1/stat" ] || return 1
  local state
  state="$(sed -E 's/^[0-9]+ \(.*\) (.).*/\1/' "/proc/$1/stat" 2>/dev/null)" || return 1
  [ "$state" != "Z" ] && [ "$state" != "X" ]
}

# Sends zPING and prints clamd's answer ("PONG" when it is up); fails when nothing answers.
ping_clamd() {
  python3 - "$1" <<'EOF'
import socket, sys
try:
    with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=2) as s:
        s.sendall(b"zPING\0")
        answer = b""
        while not answer.endswith(b"\0"):
            chunk = s.recv(64)
            if not chunk:
                break
            answer += chunk
    print(answer.rstrip(b"\0").decode())
except OSError:
    sys.exit(1)
EOF
}

# Starts clamd on the config in DIR and prints its PID once it answers PONG.
run_clamd() {
  local dir="$1" port pid
  port="$(cat "$dir/port")"
  "$clamd" --foreground --config-file="$dir/clamd.conf" >>"$dir/clamd.out" 2>&1 </dev/null &
  pid=$!
  for _ in $(seq 1 300); do
    [ "$(ping_clamd "$port" 2>/dev/null)" = "PONG" ] && { echo "$pid"; return 0; }
    alive "$pid" || break
    sleep 0.1
  done
  echo "error: clamd did not answer on 127.0.0.1:$port" >&2
  tail -n 20 "$dir/clamd.log" "$dir/clamd.out" >&2 2>/dev/null || true
  kill "$pid" 2>/dev/null || true
  return 1
}

# Stops clamd (TERM, then KILL after 10 s) and waits until it is gone, so its port is free again.
stop_clamd() {
  local pid="$1"
  kill "$pid" 2>/dev/null || return 0
  kill -CONT "$pid" 2>/dev/null || true  # a paused clamd acts on TERM only once it runs again
  for _ in $(seq 1 100); do
    alive "$pid" || return 0
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
  for _ in $(seq 1 20); do
    alive "$pid" || return 0
    sleep 0.1
  done
}

case "${1:-}" in
  start)
    [ -x "$clamd" ] || apt_install clamav-daemon >&2
    dir="$(mktemp -d /tmp/hc-clamd.XXXXXX)"
    mkdir -p "$dir/db" "$dir/tmp"
    port="$(free_port)"
    echo "$port" >"$dir/port"
    hex="$(echo 'WDVPIVAlQEFQWzRcUFpYNTQoUF4pN0NDKTd9JEVJQ0FSLVNUQU5EQVJELUFOVElWSVJVUy1URVNULUZJTEUhJEgrSCo=' \
      | base64 -d | od -An -v -tx1 | tr -d ' \n')"
    [ "${#hex}" -eq 136 ] || { echo "error: the EICAR test string is not 68 bytes" >&2; exit 1; }
    echo "Health-Connect-EICAR-Test:0:*:$hex" >"$dir/db/health-connect-test.ndb"
    cat >"$dir/clamd.conf" <<EOF
Foreground yes
TCPSocket $port
TCPAddr 127.0.0.1
DatabaseDirectory $dir/db
TemporaryDirectory $dir/tmp
PidFile $dir/clamd.pid
LogFile $dir/clamd.log
LogTime yes
LogClean no
LogVerbose no
SelfCheck 0
Bytecode no
MaxThreads 8
MaxConnectionQueueLength 30
ReadTimeout 120
CommandReadTimeout 30
IdleTimeout 60
StreamMaxLength ${HC_CLAMD_STREAM_MAX:-700M}
MaxFileSize ${HC_CLAMD_MAX_FILE:-700M}
MaxScanSize ${HC_CLAMD_MAX_SCAN:-2000M}
MaxScanTime 300000
AlertExceedsMax yes
ScanArchive yes
ArchiveBlockEncrypted no
MaxRecursion 16
MaxFiles 10000
ExtendedDetectionInfo yes
EOF
    pid="$(run_clamd "$dir")" || { rm -rf "$dir"; exit 1; }
    echo "$dir $pid $port"
    ;;
  stop)
    dir="${2:?usage: $0 stop DIR [PID]}"
    # The pid file names the clamd running now, also after a restart.
    pid="$(cat "$dir/clamd.pid" 2>/dev/null || echo "${3:-}")"
    [ -n "$pid" ] && stop_clamd "$pid"
    rm -rf "$dir"
    ;;
  stop-keep)
    dir="${2:?usage: $0 stop-keep DIR PID}"
    pid="${3:?usage: $0 stop-keep DIR PID}"
    stop_clamd "$pid"
    ;;
  restart)
    dir="${2:?usage: $0 restart DIR}"
    [ -f "$dir/clamd.conf" ] || { echo "error: $dir is not a clamd test server folder" >&2; exit 1; }
    pid="$(run_clamd "$dir")"
    echo "$dir $pid $(cat "$dir/port")"
    ;;
  pause) kill -STOP "${2:?usage: $0 pause PID}" ;;
  resume) kill -CONT "${2:?usage: $0 resume PID}" ;;
  *) echo "usage: $0 start | stop DIR PID | stop-keep DIR PID | restart DIR | pause PID | resume PID" >&2; exit 2 ;;
esac
