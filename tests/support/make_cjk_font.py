"""How tests/fixtures/fonts/NotoSansCJK-subset.ttf was made (run by hand, not in CI).

Noto Sans CJK (SIL Open Font License 1.1) ships as CFF-flavoured OpenType, which reportlab cannot
embed. This keeps only the characters the tests draw and converts the cubic outlines to
TrueType quadratics, giving a small font that reportlab embeds and PDF readers read back.

    pip install fonttools cvttf-notosanscjk-regular   # the font, from PyPI
    python tests/support/make_cjk_font.py PATH/TO/NotoSansCJKtc-Regular.otf
"""

import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

TEXT = (
    "审计报告第三章内部控制废气排放投诉处理机制社会责任环境信息披露员工女性权益页面不存在"
    "污染物温室气体年度可持续发展人权尽职调查供应链"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .,:;-–()/%"
)
OUT = Path(__file__).resolve().parents[1] / "fixtures" / "fonts" / "NotoSansCJK-subset.ttf"


def main(src: str) -> None:
    font = TTFont(src)
    opts = subset.Options()
    opts.name_IDs = ["*"]
    opts.notdef_outline = True
    sub = subset.Subsetter(opts)
    sub.populate(text=TEXT)
    sub.subset(font)
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = font.getGlyphOrder()
    glyf.glyphs = {}
    for name in glyf.glyphOrder:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    font["maxp"].tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                 "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                 "maxComponentElements", "maxPoints", "maxContours", "maxCompositePoints",
                 "maxCompositeContours", "maxComponentDepth"):  # fmt: skip
        setattr(font["maxp"], attr, 0)
    font["head"].indexToLocFormat = 0
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0  # no glyph names needed
    font.sfntVersion = "\x00\x01\x00\x00"
    font.save(OUT)
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main(sys.argv[1])
