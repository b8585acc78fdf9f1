#!/usr/bin/env bash
# The SMTP servers the mail tests send through (Tests/SMTPServer/server.py, aiosmtpd from PyPI),
# with a throwaway CA whose certificate the tests trust.
#   start   prints "DIR PID STARTTLS_PORT IMPLICIT_PORT PLAINTEXT_PORT INJECTION_PORT"
#   stop DIR PID
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

case "${1:-}" in
  start)
    command -v openssl >/dev/null || apt_install openssl
    venv=var/venv-smtp
    if [ ! -f "$venv/.installed" ] || ! cmp -s Tests/SMTPServer/requirements.txt "$venv/.installed"; then
      echo "==> installing the test SMTP server into $venv" >&2
      python3 -m venv "$venv"
      "$venv/bin/pip" install -q --disable-pip-version-check -r Tests/SMTPServer/requirements.txt >&2
      cp Tests/SMTPServer/requirements.txt "$venv/.installed"
    fi
    dir="$(mktemp -d /tmp/hc-smtp.XXXXXX)"
    (
      cd "$dir"
      openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj "/CN=Health Connect test CA" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
      openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj "/CN=localhost" 2>/dev/null
      printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' > server.ext
      openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 -extfile server.ext 2>/dev/null
      # A second CA the tests use to show that an untrusted certificate is refused.
      openssl req -x509 -newkey rsa:2048 -nodes -keyout other-ca.key -out other-ca.pem -days 2 -subj "/CN=Untrusted CA" 2>/dev/null
    )
    "$venv/bin/python" Tests/SMTPServer/server.py --outbox "$dir/outbox" --cert "$dir/server.pem" --key "$dir/server.key" \
      >"$dir/ports.json" 2>"$dir/server.log" &
    pid=$!
    for _ in $(seq 1 100); do
      [ -s "$dir/ports.json" ] && break
      kill -0 "$pid" 2>/dev/null || { cat "$dir/server.log" >&2; exit 1; }
      sleep 0.1
    done
    [ -s "$dir/ports.json" ] || { echo "error: the test SMTP server did not start" >&2; cat "$dir/server.log" >&2; exit 1; }
    ports="$(python3 -c 'import json,sys; p=json.load(open(sys.argv[1])); print(p["starttls"], p["implicit"], p["plaintext"], p["injection"])' "$dir/ports.json")"
    echo "$dir $pid $ports"
    ;;
  stop)
    dir="${2:?usage: $0 stop DIR PID}"
    pid="${3:?usage: $0 stop DIR PID}"
    kill "$pid" 2>/dev/null || true
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start | stop DIR PID" >&2; exit 2 ;;
esac
