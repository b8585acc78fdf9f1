"""Subsets Debian's Noto fonts to the scripts we serve and writes them as WOFF2.

Latin, Cyrillic and Arabic (which covers Persian) each have their own file; the stylesheet
declares each with a unicode-range, so a browser downloads only the scripts a page uses. Usage: build-fonts.py NOTO_DIR OUTPUT_DIR
"""
import os
import subprocess
import sys
import tempfile

from fontTools import subset

# The same ranges stand in Assets/css/app.css as each @font-face's unicode-range.
LATIN = "U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-200B,U+2010-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD"
CYRILLIC = "U+0301,U+0400-045F,U+0490-0491,U+04B0-04B1,U+2116"
# Arabic pages put this font first, so it also carries the space, digits and punctuation
# that sit between Arabic words: were they taken from the Latin file, its late arrival would
# change the width of every space and re-wrap the text.
ARABIC = "U+0020-0040,U+005B-0060,U+007B-007E,U+00A0,U+00AB,U+00BB,U+00D7,U+0600-06FF,U+200C-200F,U+2010-2011,U+2013-2014,U+2018-201D,U+2026,U+204F,U+2E41,U+FDF2,U+FDFC"

FONTS = [
    ("NotoSans-Regular.ttf", "noto-sans-latin-400.woff2", LATIN),
    ("NotoSans-Bold.ttf", "noto-sans-latin-700.woff2", LATIN),
    ("NotoSans-Regular.ttf", "noto-sans-cyrillic-400.woff2", CYRILLIC),
    ("NotoSans-Bold.ttf", "noto-sans-cyrillic-700.woff2", CYRILLIC),
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
