#!/usr/bin/env bash
# The browser tests (part of make test): Debian's headless Chromium and chromedriver, driven by
# Selenium from var/venv-browser, against the debug build. Screenshots go to var/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

{ command -v chromium >/dev/null && command -v chromedriver >/dev/null; } || apt_install chromium chromium-driver
venv=var/venv-browser
if [ ! -f "$venv/.installed" ] || ! cmp -s Tests/Browser/requirements.txt "$venv/.installed"; then
  echo "==> installing browser test tools into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r Tests/Browser/requirements.txt
  # Only the axe-core 4 bundle inside this wheel is used, so Playwright is not installed with it.
  "$venv/bin/pip" install -q --disable-pip-version-check --no-deps axe-playwright-python==0.1.8
  cp Tests/Browser/requirements.txt "$venv/.installed"
fi
rm -rf var/screenshots
echo "==> browser tests (Chromium $(chromium --version 2>/dev/null | awk '{print $2}'))"
"$venv/bin/python" -m pytest Tests/Browser -q -p no:cacheprovider "$@"
