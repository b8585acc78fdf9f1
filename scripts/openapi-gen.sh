#!/usr/bin/env bash
# Regenerates Sources/API/Generated from openapi.yaml with swift-openapi-generator, built once in
# its own scratch folder (Tools/openapi-gen). Run it after changing openapi.yaml and commit the
# result; `make test` fails when the recorded hash no longer matches the contract.
set -euo pipefail
cd "$(dirname "$0")/.."
generator=.build-openapi-gen/release/swift-openapi-generator
if [ ! -x "$generator" ]; then
  echo "==> building swift-openapi-generator (once, a few minutes)"
  swift build --package-path Tools/openapi-gen --scratch-path .build-openapi-gen -c release --product swift-openapi-generator
fi
"$generator" generate openapi.yaml --config Sources/API/openapi-generator-config.yaml --output-directory Sources/API/Generated
sha256sum openapi.yaml | cut -d' ' -f1 > Sources/API/Generated/openapi.yaml.sha256
echo "==> Sources/API/Generated is up to date with openapi.yaml"
