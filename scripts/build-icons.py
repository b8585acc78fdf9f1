"""Extracts the Heroicons named in Assets/icons.txt into one JSON file of path data.

The app renders icons through its Markup module from this data, so no raw SVG text ever
reaches a page. Usage: build-icons.py HEROICONS_ZIP ICON_LIST OUTPUT_JSON
"""
import json
import re
import sys
import xml.etree.ElementTree as ET
import zipfile

SVG = "{http://www.w3.org/2000/svg}"


def main(zip_path, list_path, output_path):
    wanted = [line.split("#")[0].strip() for line in open(list_path, encoding="utf-8")]
    wanted = [name for name in wanted if name]
    icons = {}
    with zipfile.ZipFile(zip_path) as archive:
        for name in wanted:
            style, _, icon = name.partition("/")
            root = ET.fromstring(archive.read(f"{style}/{icon}.svg"))
            paths = []
            for path in root.iter(f"{SVG}path"):
                paths.append({
                    "d": path.get("d"),
                    "fillRule": path.get("fill-rule"),
                    "clipRule": path.get("clip-rule"),
                })
            if not paths or any(not re.fullmatch(r"[0-9MmLlHhVvCcSsQqTtAaZz .,\-eE]+", p["d"]) for p in paths):
                sys.exit(f"icon {name}: unexpected SVG content")
            icons[name] = {
                "viewBox": root.get("viewBox"),
                "outline": root.get("fill") == "none",
                "strokeWidth": root.get("stroke-width"),
                "paths": paths,
            }
    with open(output_path, "w", encoding="utf-8") as out:
        json.dump(icons, out, sort_keys=True, separators=(",", ":"))
    print(f"    {len(icons)} icons")


if __name__ == "__main__":
    main(*sys.argv[1:])
