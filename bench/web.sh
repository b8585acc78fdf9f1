#!/usr/bin/env bash
# `make bench-web`: page weight and Web Vitals of the public pages (bench/web.py), against the
# release build on SQLite on 127.0.0.1. Exits non-zero when a budget is missed.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

scripts/assets.sh >/dev/null
scripts/browser-tests.sh --co -q >/dev/null  # installs Chromium and the Selenium virtualenv when missing
start_release_server
var/venv-browser/bin/python bench/web.py "$base_url"
