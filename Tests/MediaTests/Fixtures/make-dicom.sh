#!/usr/bin/env bash
# Test DICOM files for the media tests, made here from generated images (nothing downloaded) with DCMTK
# (img2dcm, dcmodify, dcmcjpeg, dcmmkdir) and GDCM (gdcmconv):
#   Tests/MediaTests/Fixtures/make-dicom.sh OUTDIR
# writes into OUTDIR (made if missing) and prints each file's name, one a line:
#   source.bmp          64x64 8-bit grayscale BMP (palette), from Python's standard library
#   plain.dcm           uncompressed Secondary Capture (Explicit VR Little Endian), MONOCHROME2, 8 bits,
#                       PatientName "Test^Patient", PatientID HC-TEST-0001, PatientBirthDate 19800101,
#                       InstitutionName "Health Connect Test Clinic" (and sex, study date and ID, accession
#                       number, modality OT: dcmmkdir needs StudyID and Modality)
#   jpeg-baseline.dcm   the same image, JPEG baseline (1.2.840.10008.1.2.4.50), lossy, by dcmcjpeg +eb
#   j2k.dcm             the same image, JPEG 2000 lossless only (1.2.840.10008.1.2.4.90), by gdcmconv --j2k
#   study/DICOMDIR, study/DICOM/ST000001/SE000001/IM000001 and IM000002
#                       two uncompressed images of one patient, study and series, with their DICOMDIR
#   study.zip           that study folder zipped (DICOMDIR and DICOM/ at the top)
# To make PNGs of them: dcmj2pnm +on IN.dcm OUT.png (first frame by default; +F N picks frame N) for the
# uncompressed and JPEG baseline ones; Debian's DCMTK cannot decode JPEG 2000, so first
# gdcmconv --raw j2k.dcm raw.dcm, then dcmj2pnm +on raw.dcm OUT.png.
set -euo pipefail
out="${1:?usage: $0 OUTDIR}"
. "$(cd "$(dirname "$0")/../../.." && pwd)/scripts/lib.sh"

for tool in img2dcm dcmodify dcmcjpeg dcmmkdir dcmdump; do
  command -v "$tool" >/dev/null || { apt_install dcmtk >&2; break; }
done
command -v gdcmconv >/dev/null || apt_install libgdcm-tools >&2
command -v zip >/dev/null || apt_install zip >&2

mkdir -p "$out"
out="$(cd "$out" && pwd)"
rm -rf "$out/study" "$out/study.zip"

# A 64x64 8-bit BMP with a grayscale palette (img2dcm makes MONOCHROME2 of it): a diagonal gradient with
# an inverted disc, so that a wrong decoding or a flipped image shows in a pixel check.
make_bmp() {
  python3 - "$1" "$2" <<'EOF'
import struct, sys
path, variant = sys.argv[1], int(sys.argv[2])
w = h = 64
rows = []
for y in range(h):  # top row first
    row = bytearray()
    for x in range(w):
        v = (x * 4 + y * 2 + variant * 64) % 256
        if (x - 20 - variant * 24) ** 2 + (y - 24) ** 2 < 100:
            v = 255 - v
        row.append(v)
    rows.append(bytes(row))
pixels = b"".join(reversed(rows))  # BMP stores the bottom row first
palette = b"".join(bytes((i, i, i, 0)) for i in range(256))
offset = 14 + 40 + len(palette)
with open(path, "wb") as f:
    f.write(b"BM" + struct.pack("<IHHI", offset + len(pixels), 0, 0, offset))
    f.write(struct.pack("<IiiHHIIiiII", 40, w, h, 1, 8, 0, len(pixels), 2835, 2835, 256, 256))
    f.write(palette + pixels)
EOF
}

# Fails unless FILE's transfer syntax is UID.
expect_syntax() {
  local syntax
  syntax="$(dcmdump -q -M -Un +P TransferSyntaxUID "$1" | sed -E 's/.*\[([0-9.]+)\].*/\1/')"
  [ "$syntax" = "$2" ] || { echo "error: $1 has transfer syntax $syntax, not $2" >&2; exit 1; }
}

make_bmp "$out/source.bmp" 0
img2dcm -q -i BMP "$out/source.bmp" "$out/plain.dcm"
dcmodify -q -nb \
  -i "PatientName=Test^Patient" \
  -i "PatientID=HC-TEST-0001" \
  -i "PatientBirthDate=19800101" \
  -i "PatientSex=O" \
  -i "InstitutionName=Health Connect Test Clinic" \
  -i "StudyDate=20261202" \
  -i "StudyTime=100000" \
  -i "AccessionNumber=HC-ACC-0001" \
  -i "StudyID=1" \
  -i "Modality=OT" \
  -i "StudyDescription=Health Connect test study" \
  -i "SeriesNumber=1" \
  -i "InstanceNumber=1" \
  "$out/plain.dcm"
expect_syntax "$out/plain.dcm" 1.2.840.10008.1.2.1

dcmcjpeg -q +eb "$out/plain.dcm" "$out/jpeg-baseline.dcm"
expect_syntax "$out/jpeg-baseline.dcm" 1.2.840.10008.1.2.4.50

gdcmconv --j2k "$out/plain.dcm" "$out/j2k.dcm"
expect_syntax "$out/j2k.dcm" 1.2.840.10008.1.2.4.90

# The study: the first image, and a second one in the same patient, study and series (--series-from).
series="$out/study/DICOM/ST000001/SE000001"
mkdir -p "$series"
cp "$out/plain.dcm" "$series/IM000001"
make_bmp "$out/study/second.bmp" 1
img2dcm -q -i BMP --series-from "$out/plain.dcm" -k "InstanceNumber=2" -k "Modality=OT" -k "InstitutionName=Health Connect Test Clinic" \
  "$out/study/second.bmp" "$series/IM000002"
rm "$out/study/second.bmp"
(cd "$out/study" && dcmmkdir -q +r DICOM) || { echo "error: dcmmkdir failed (run it with -v in $out/study)" >&2; exit 1; }
(cd "$out/study" && zip -q -X -r "$out/study.zip" DICOMDIR DICOM)

for f in source.bmp plain.dcm jpeg-baseline.dcm j2k.dcm study/DICOMDIR study/DICOM/ST000001/SE000001/IM000001 \
  study/DICOM/ST000001/SE000001/IM000002 study.zip; do
  echo "$out/$f"
done
