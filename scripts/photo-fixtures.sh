#!/usr/bin/env bash
# Photos of people for the face tests, which we may not draw ourselves: scikit-image's public-domain
# sample images (the astronaut Eileen Collins facing the camera, the cameraman in profile), taken
# from its wheel on PyPI into var/fixtures/photos once and checked against their known hashes.
# Prints the folder.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
folder="$PWD/var/fixtures/photos"
declare -A expected=(
  [astronaut.png]=88431cd9653ccd539741b555fb0a46b61558b301d4110412b5bc28b5e3ea6cb5
  [camera.png]=b0793d2adda0fa6ae899c03989482bff9a42d3d5690fc7e3648f2795d730c23a
)
if ! files_match "$folder" expected; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: scikit-image==0.26.0 -d "$work" >&2
  mkdir -p "$folder"
  for name in "${!expected[@]}"; do
    unzip -p "$work"/scikit_image-*.whl "skimage/data/$name" > "$folder/$name"
  done
  files_match "$folder" expected || { echo "error: the sample photos from scikit-image do not match their hashes" >&2; exit 1; }
fi
echo "$folder"
