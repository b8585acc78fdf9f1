"""Subsets Debian's Noto fonts to the scripts we serve and writes them as WOFF2.

Latin and Cyrillic share one file, Arabic (which covers Persian) has its own; the stylesheet
declares each with a unicode-range, so a browser downloads the Arabic font only for pages
that use Arabic script. Usage: build-fonts.py NOTO_DIR OUTPUT_DIR
"""
import os
import subprocess
import sys
import tempfile

from fontTools import subset

LATIN_CYRILLIC = "U+0000-024F,U+0259,U+02B0-02FF,U+0300-036F,U+0400-04FF,U+2000-206F,U+20AC,U+20BD,U+2116,U+2122,U+2190-2193,U+2212"
ARABIC = "U+0600-06FF,U+0750-077F,U+08A0-08FF,U+200C-200F,U+2010-2011,U+204F,U+FB50-FDFF,U+FE70-FEFF,U+0020-002F,U+003A-0040"

FONTS = [
    ("NotoSans-Regular.ttf", "noto-sans-400.woff2", LATIN_CYRILLIC),
    ("NotoSans-Bold.ttf", "noto-sans-700.woff2", LATIN_CYRILLIC),
    ("NotoSansArabic-Regular.ttf", "noto-sans-arabic-400.woff2", ARABIC),
    ("NotoSansArabic-Bold.ttf", "noto-sans-arabic-700.woff2", ARABIC),
]


def main(source_dir, output_dir):
    for source, target, ranges in FONTS:
        destination = os.path.join(output_dir, target)
        source_path = os.path.join(source_dir, source)
        if os.path.exists(destination) and os.path.getmtime(destination) >= os.path.getmtime(source_path):
            continue
        with tempfile.TemporaryDirectory() as scratch:
            subset_path = os.path.join(scratch, target.replace(".woff2", ".ttf"))
            subset.main([source_path, f"--unicodes={ranges}", f"--output-file={subset_path}",
                         "--layout-features=*", "--no-hinting", "--desubroutinize"])
            subprocess.run(["woff2_compress", subset_path], check=True, stdout=subprocess.DEVNULL)
            os.replace(subset_path.replace(".ttf", ".woff2"), destination)
        print(f"    {target}: {os.path.getsize(destination) // 1024} KiB")


if __name__ == "__main__":
    main(*sys.argv[1:])
