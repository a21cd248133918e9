"""Make the screen fonts: WOFF2 subsets of the Inter OTFs (which stay, whole, for the PDFs).

    python scripts/subset_fonts.py        # writes templates/static/fonts/Inter-*.woff2

The subsets keep the characters Dutch and English text, numbers and units need, and the layout features the
stylesheets use (tabular figures for tables). The output is deterministic, so it is committed as built.
"""

from __future__ import annotations

from pathlib import Path

from fontTools import subset

FONTS = Path(__file__).resolve().parents[1] / "templates" / "static" / "fonts"
UNICODES = [
    *range(0x20, 0x7F),      # Basic Latin
    *range(0xA0, 0x180),     # Latin-1 Supplement, Latin Extended-A (ë, é, ï, ü, ç, ×, ·, °, ²)
    *range(0x2010, 0x2028),  # dashes, quotation marks, bullets, ellipsis
    0x202F, 0x2030, 0x2039, 0x203A,
    *range(0x2070, 0x20A0),  # superscripts and subscripts (CO₂, 10²³)
    0x20AC,                  # €
    0x2190, 0x2192, 0x2194, 0x2212, 0x2248, 0x2264, 0x2265,  # arrows, minus, ≈, ≤, ≥
]
FEATURES = ["kern", "liga", "calt", "tnum", "case", "sups", "subs", "frac"]


def subset_font(source: Path, target: Path) -> None:
    """Write the WOFF2 subset of one OTF."""
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = FEATURES
    options.name_IDs = ["*"]  # keep the copyright and licence names the OFL asks for
    options.notdef_outline = True
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=UNICODES)
    subsetter.subset(font)
    subset.save_font(font, str(target), options)


def main() -> None:
    """Subset every OTF in the fonts folder."""
    for source in sorted(FONTS.glob("Inter-*.otf")):
        target = source.with_suffix(".woff2")
        subset_font(source, target)
        print(f"{target.name}: {target.stat().st_size:,} bytes (from {source.stat().st_size:,})")


if __name__ == "__main__":
    main()
