#!/usr/bin/env python3
"""Make the committed font subsets in assets/fonts/ from the DejaVu Sans fonts.

Run once, by hand, when the character coverage below must change; the outputs
are committed, so neither building nor running egready needs Python.

    pip install fonttools
    python3 scripts/subset-fonts.py [/usr/share/fonts/truetype/dejavu]

Why a committed subset: DejaVu Sans is ~740 KB per style. The subset keeps only
scripts that render correctly WITHOUT a shaping engine (Latin, Greek, Cyrillic,
plus punctuation and symbols the reports use), so it is (1) smaller in the
binary and faster to parse, and (2) the honest definition of "supported": text
in any other script (Arabic, Ethiopic, Chinese, ...) is replaced by U+FFFD and
reported as a warning instead of being drawn with wrong, unshaped glyphs.
At run time src/report/pdf/fonts.rs subsets again, to the glyphs a document
actually uses, before embedding.
"""

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

# Unicode ranges kept (inclusive). Keep in sync with docs/pdf.md.
RANGES = [
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x00FF),  # Latin-1 Supplement
    (0x0100, 0x017F),  # Latin Extended-A (ā ē ī ō ū ŋ ...)
    (0x0180, 0x024F),  # Latin Extended-B (ƙ ƴ ǝ ...)
    (0x0250, 0x02AF),  # IPA Extensions (ɛ ɔ ɓ ɗ ...)
    (0x02B0, 0x02FF),  # Spacing Modifier Letters (ʻ okina ...)
    (0x0300, 0x036F),  # Combining Diacritical Marks
    (0x0370, 0x03FF),  # Greek and Coptic
    (0x0400, 0x045F),  # Cyrillic (basic)
    (0x1E00, 0x1EFF),  # Latin Extended Additional (ẹ ọ ṣ ...)
    (0x2000, 0x206F),  # General Punctuation
    (0x2070, 0x209F),  # Superscripts and Subscripts
    (0x20A0, 0x20CF),  # Currency Symbols
    (0x2100, 0x214F),  # Letterlike Symbols
    (0x2150, 0x218F),  # Number Forms
    (0x2190, 0x21FF),  # Arrows
    (0x2200, 0x22FF),  # Mathematical Operators
    (0x25A0, 0x25FF),  # Geometric Shapes
    (0x2713, 0x2718),  # check marks and crosses
    (0x2C60, 0x2C7F),  # Latin Extended-C
    (0xA720, 0xA7FF),  # Latin Extended-D (saltillo ...)
    (0xFB00, 0xFB06),  # Latin ligatures (so pasted text still renders)
    (0xFFFD, 0xFFFD),  # replacement character, drawn for unsupported text
]

FONTS = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"]


def main() -> None:
    src = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/dejavu")
    out = Path(__file__).resolve().parent.parent / "assets" / "fonts"
    out.mkdir(parents=True, exist_ok=True)
    unicodes = [cp for lo, hi in RANGES for cp in range(lo, hi + 1)]
    for name in FONTS:
        options = subset.Options()
        options.layout_features = []  # no shaping engine: GSUB/GPOS unused
        options.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "MATH", "FFTM"]
        options.hinting = False  # PDF viewers do not use TrueType hints; saves ~40%
        options.notdef_outline = True
        options.recalc_timestamp = False  # deterministic output
        options.name_IDs = ["*"]  # keep copyright, licence and version strings
        font = TTFont(src / name, recalcTimestamp=False)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(font)
        target = out / name.replace(".ttf", "-subset.ttf")
        font.save(target)
        glyphs = font["maxp"].numGlyphs
        print(f"{target.name}: {target.stat().st_size} bytes, {glyphs} glyphs")


if __name__ == "__main__":
    main()
