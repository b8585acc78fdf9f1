#!/usr/bin/env bash
# Installs what a part of Health Connect needs when it is missing: `run` (building and serving on
# SQLite) or `test` (everything the test suite starts). Safe to run again: it installs nothing twice.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"

need_run() {
  command -v swift >/dev/null || { echo "error: the Swift toolchain (6.1 or newer) is not on PATH" >&2; exit 1; }
  # The test servers and the asset tools live in venvs: Debian's python3 needs python3-venv for that.
  command -v python3 >/dev/null && python3 -c 'import ensurepip' 2>/dev/null || apt_install python3 python3-venv
  # QR codes for two-factor enrolment are drawn by libqrencode (linked into the binary).
  [ -f /usr/include/qrencode.h ] || apt_install libqrencode-dev pkg-config
  # Renditions are made by libvips (linked); faces are found by OpenCV's cascades (linked, with
  # the cascade files from opencv-data).
  missing=()
  [ -f /usr/include/vips/vips.h ] || missing+=(libvips-dev)
  [ -f /usr/include/opencv4/opencv2/objdetect.hpp ] || missing+=(libopencv-objdetect-dev)
  [ -f /usr/share/opencv4/haarcascades/haarcascade_profileface.xml ] || missing+=(opencv-data)
  [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
  # DICOM previews are made by DCMTK and GDCM; study archives are unpacked by unzip.
  missing=()
  command -v dcmj2pnm >/dev/null || missing+=(dcmtk)
  command -v gdcmconv >/dev/null || missing+=(libgdcm-tools)
  command -v unzip >/dev/null || missing+=(unzip)
  [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
}

need_test() {
  need_run
  [ -n "$(postgres_bin)" ] || apt_install postgresql
  [ -n "$(postgres_bin)" ] || { echo "error: PostgreSQL server binaries are still missing after install" >&2; exit 1; }
  # Uploads are scanned by a real clamd; the test study archives are made with zip.
  missing=()
  [ -x /usr/sbin/clamd ] || missing+=(clamav-daemon)
  command -v zip >/dev/null || missing+=(zip)
  # The cache in front of the public images is a real Varnish, purged as a CDN is.
  [ -x /usr/sbin/varnishd ] || missing+=(varnish)
  [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
}

case "${1:-}" in
  run) need_run ;;
  test) need_test ;;
  *) echo "usage: $0 run|test" >&2; exit 2 ;;
esac
