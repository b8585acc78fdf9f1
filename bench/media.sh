#!/usr/bin/env bash
# What a worker spends on one 6000 × 4000 photo: face detection, covering the faces, and every
# rendition (5 widths × 2 shapes) in AVIF, WebP and JPEG, with its peak resident memory
# (`healthconnect bench-media`). The photo is scikit-image's astronaut enlarged with Pillow and
# grain added, so the encoders see photo-like detail, saved as a JPEG at quality 92.
#   bench/media.sh   (make bench-media)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

scripts/ensure-deps.sh run >/dev/null
scripts/assets.sh >/dev/null
photos=$(scripts/photo-fixtures.sh)
venv="var/bench-venv"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c 'import PIL' 2>/dev/null || "$venv/bin/pip" install --quiet --disable-pip-version-check pillow
work="$(mktemp -d /tmp/hc-bench-media.XXXXXX)"
trap 'rm -rf "$work"' EXIT
"$venv/bin/python" - "$photos/astronaut.png" "$work/photo.jpg" <<'PY'
import sys
from PIL import Image
source = Image.open(sys.argv[1]).convert("RGB")
# The astronaut centred on a 3:2 canvas of her own background, enlarged to 6000 × 4000.
canvas = source.resize((768, 512), Image.LANCZOS).crop((0, 0, 768, 512))
canvas.paste(source, (128, 0))
large = canvas.resize((6000, 4000), Image.LANCZOS)
grain = Image.effect_noise((6000, 4000), 24).convert("RGB")
Image.blend(large, grain, 0.12).save(sys.argv[2], quality=92)
PY
swift build >/dev/null
export HC_ENV=testing HC_DATABASE_URL="sqlite://$work/bench.sqlite" HC_STORAGE_URL="file://$work/storage" HC_LOG_LEVEL=warning
.build/debug/healthconnect bench-media --photo "$work/photo.jpg"
