"""One minimal PDF per way real-world PDFs misled the fingerprint (issue 12), test only.

1. `cid_font_pdf`: a CID font (Identity-H) without ToUnicode, as Mac Quartz, dvipdfmx and
   Distiller write: the text decodes only through the Adobe CID tables of its ordering (GB1,
   Japan1), or not at all (ordering Identity).
2. `radicals_pdf`: a ToUnicode map to CJK radical code points, as Chrome/Skia writes when a
   font maps a radical and an ideograph to one glyph (页 -> U+2EDA, 面 -> U+2FAF).
3. `type3_control_pdf`: a Type3 font whose digits, parentheses and spaces have no Unicode
   mapping, so their codes (1, 2, 3...) come out as control characters, as in Skia's Type3 fonts.
4. `spread_pdf`: one form XObject holding a two-page spread, shown by two pages under different
   crop boxes, and by a page that shifts it left (its left half off the page).
5. `word_footer_pdf`: Word-like pages: a two-line running header, the footer page number drawn
   before the body, a cover and a contents page without numbers.

6. `system_font_pdf`: Chinese text in a font that is not embedded, one character per text
   object (found while measuring: PDFium drops it when no CJK font is installed).

CIDs below come from Adobe's public CMaps UniGB-UCS2-H and UniJIS-UCS2-H (facts, not code).
"""

from __future__ import annotations

import io
from functools import cache

from reportlab.pdfgen import canvas

from tests.support.pdfs import CJK_FONT
from tests.support.rawpdf import RawPdf, pages_pdf, to_unicode_cmap

ADOBE_CIDS = {
    "GB1": {"审": 3372, "计": 2105, "报": 1041, "告": 1761, "内": 2877, "部": 1158, "控": 2405,
            "制": 4549},
    "Japan1": {"内": 3258, "部": 3558, "控": 1991, "制": 2637},
}  # fmt: skip
SUPPLEMENT = {"GB1": 5, "Japan1": 6, "Identity": 0}


@cache
def _glyph_ids() -> dict[str, int]:
    from reportlab.pdfbase.ttfonts import TTFontFile

    return {chr(u): gid for u, gid in TTFontFile(str(CJK_FONT)).charToGlyph.items()}


def _embed_cjk_font(doc: RawPdf, ordering: str, cid_to_gid: str) -> int:
    """A Type0 font over the bundled CJK subset; returns the font object number."""
    data = CJK_FONT.read_bytes()
    file2 = doc.stream(data, f" /Length1 {len(data)}")
    desc = doc.add(
        "<< /Type /FontDescriptor /FontName /NotoCJK /Flags 4 /FontBBox [-1000 -300 2000 1100]"
        f" /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 /FontFile2 {file2} 0 R >>"
    )
    cid_font = doc.add(
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NotoCJK /CIDSystemInfo << /Registry"
        f" (Adobe) /Ordering ({ordering}) /Supplement {SUPPLEMENT[ordering]} >>"
        f" /FontDescriptor {desc} 0 R /DW 1000 /CIDToGIDMap {cid_to_gid} >>"
    )
    return cid_font


def _type0(doc: RawPdf, cid_font: int, extra: str = "") -> int:
    return doc.add(
        "<< /Type /Font /Subtype /Type0 /BaseFont /NotoCJK /Encoding /Identity-H"
        f" /DescendantFonts [{cid_font} 0 R]{extra} >>"
    )


def _lines_content(lines: list[bytes], size: int = 20) -> bytes:
    out = b""
    for n, hexcodes in enumerate(lines):
        out += b"BT /F1 %d Tf 72 %d Td <%s> Tj ET\n" % (size, 700 - n * 40, hexcodes)
    return out


def cid_font_pdf(lines: list[str], ordering: str = "GB1") -> bytes:
    """CID-keyed text with no ToUnicode. For GB1/Japan1 the codes are Adobe CIDs (mapped to the
    embedded glyphs by a CIDToGIDMap stream); for Identity they are glyph ids, undecodable."""
    doc = RawPdf()
    gids = _glyph_ids()
    if ordering == "Identity":
        code_of = gids
        cid_font = _embed_cjk_font(doc, ordering, "/Identity")
    else:
        code_of = ADOBE_CIDS[ordering]
        table = bytearray(2 * (max(code_of.values()) + 1))
        for ch, cid in code_of.items():
            table[2 * cid : 2 * cid + 2] = gids[ch].to_bytes(2, "big")
        cid_font = _embed_cjk_font(doc, ordering, f"{doc.stream(bytes(table))} 0 R")
    font = _type0(doc, cid_font)
    codes = [b"".join(b"%04X" % code_of[ch] for ch in line) for line in lines]
    content = doc.stream(_lines_content(codes))
    return pages_pdf(
        doc,
        [f"/MediaBox [0 0 612 792] /Resources << /Font << /F1 {font} 0 R >> >> /Contents "
         f"{content} 0 R"],
    )  # fmt: skip


RADICAL_OF = {"页": "\u2eda", "面": "\u2faf"}  # CJK Radicals Supplement, Kangxi Radicals


def radicals_pdf(lines: list[str]) -> bytes:
    """Glyph-id codes with a ToUnicode map that sends 页 and 面 to radical code points."""
    doc = RawPdf()
    gids = _glyph_ids()
    mapping = {gids[ch]: RADICAL_OF.get(ch, ch) for line in lines for ch in line}
    cid_font = _embed_cjk_font(doc, "Identity", "/Identity")
    tounicode = doc.stream(to_unicode_cmap(mapping))
    font = _type0(doc, cid_font, f" /ToUnicode {tounicode} 0 R")
    codes = [b"".join(b"%04X" % gids[ch] for ch in line) for line in lines]
    content = doc.stream(_lines_content(codes))
    return pages_pdf(
        doc,
        [f"/MediaBox [0 0 612 792] /Resources << /Font << /F1 {font} 0 R >> >> /Contents "
         f"{content} 0 R"],
    )  # fmt: skip


def type3_control_pdf(lines: list[str]) -> bytes:
    """A Type3 font with codes 1, 2, 3... in order of first use; only letters and some
    punctuation have a ToUnicode entry, so digits, '(' and spaces decode to control codes."""
    doc = RawPdf()
    chars = list(dict.fromkeys(ch for line in lines for ch in line))
    code_of = {ch: i + 1 for i, ch in enumerate(chars)}
    procs = {ch: doc.stream(b"600 0 0 0 500 700 d1 50 0 400 700 re f", compress=False)
             for ch in chars}  # fmt: skip
    mapped = {code_of[ch]: ch for ch in chars if ch.isalpha() or ch in ",.:"}
    tounicode = doc.stream(to_unicode_cmap(mapped, code_bytes=1))
    names = " ".join(f"/g{code_of[ch]}" for ch in chars)
    charprocs = " ".join(f"/g{code_of[ch]} {procs[ch]} 0 R" for ch in chars)
    font = doc.add(
        "<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000]"
        " /FontMatrix [0.001 0 0 0.001 0 0] /Resources << >>"
        f" /CharProcs << {charprocs} >> /Encoding << /Type /Encoding /Differences [1 {names}] >>"
        f" /FirstChar 1 /LastChar {len(chars)} /Widths [{' '.join(['600'] * len(chars))}]"
        f" /ToUnicode {tounicode} 0 R >>"
    )
    codes = [b"".join(b"%02X" % code_of[ch] for ch in line) for line in lines]
    content = doc.stream(_lines_content(codes, size=14))
    return pages_pdf(
        doc,
        [f"/MediaBox [0 0 612 792] /Resources << /Font << /F1 {font} 0 R >> >> /Contents "
         f"{content} 0 R"],
    )  # fmt: skip


def spread_pdf(left: str, right: str) -> bytes:
    """Page 1: a cover. Pages 2 and 3: one 1224-wide form XObject (a spread) under crop boxes
    [0 0 612 792] and [612 0 1224 792]. Page 4: the same form moved left by 612 on a 612-wide
    page, so only its right half is on the page."""
    doc = RawPdf()
    helv = doc.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    res = f"/Resources << /Font << /F1 {helv} 0 R >> >>"
    spread = doc.stream(
        f"BT /F1 14 Tf 72 700 Td ({left}) Tj ET BT /F1 14 Tf 684 700 Td ({right}) Tj ET".encode(),
        f" /Type /XObject /Subtype /Form /BBox [0 0 1224 792] {res}",
    )
    xres = f"/Resources << /XObject << /Fm1 {spread} 0 R >> >>"
    cover = doc.stream(b"BT /F1 24 Tf 72 700 Td (Annual report) Tj ET")
    show = doc.stream(b"q /Fm1 Do Q")
    shifted = doc.stream(b"q 1 0 0 1 -612 0 cm /Fm1 Do Q")
    return pages_pdf(
        doc,
        [
            f"/MediaBox [0 0 612 792] {res} /Contents {cover} 0 R",
            f"/MediaBox [0 0 1224 792] /CropBox [0 0 612 792] {xres} /Contents {show} 0 R",
            f"/MediaBox [0 0 1224 792] /CropBox [612 0 1224 792] {xres} /Contents {show} 0 R",
            f"/MediaBox [0 0 612 792] {xres} /Contents {shifted} 0 R",
        ],
    )


def word_footer_pdf(bodies: list[str], unnumbered: int = 2, first: int = 1) -> bytes:
    """Word's order: running header (title; chapter left, year right), then the footer number,
    then the body. The first `unnumbered` pages (cover, contents) carry no number; the rest are
    numbered from `first`. A body line may be a lone number (a table cell) to mislead."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842), invariant=1)
    for i, body in enumerate(bodies):
        if i >= unnumbered:
            c.setFont("Helvetica", 9)
            c.drawString(72, 800, "Yunnan Aluminium Co., Ltd. Sustainability Report")
            c.drawString(72, 788, f"Chapter {i}: Environment")
            c.drawRightString(523, 788, "2024")
            c.drawCentredString(297, 40, str(first + i - unnumbered))
        c.setFont("Helvetica", 11)
        y = 740
        for line in body.split("\n"):
            c.drawString(72, y, line)
            y -= 15
        c.showPage()
    c.save()
    return buf.getvalue()


def system_font_pdf(lines: list[str], font: str = "SimSun") -> bytes:
    """Chinese text in a font that is not embedded (GBK codes, predefined CMap GBK-EUC-H), one
    character per text object as OCR layers and some Chinese office software write it: PDFium
    drops such characters when no CJK font is installed to stand in for the font."""
    doc = RawPdf()
    desc = doc.add(
        f"<< /Type /FontDescriptor /FontName /{font} /Flags 6 /FontBBox [-8 -145 1000 859]"
        " /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 683 /StemV 80 >>"
    )
    cid_font = doc.add(
        f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{font} /CIDSystemInfo << /Registry"
        f" (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor {desc} 0 R /DW 1000 >>"
    )
    type0 = doc.add(
        f"<< /Type /Font /Subtype /Type0 /BaseFont /{font} /Encoding /GBK-EUC-H"
        f" /DescendantFonts [{cid_font} 0 R] >>"
    )
    content = doc.stream(
        b"".join(
            b"BT /F1 17 Tf %d %d Td <%s> Tj ET\n"
            % (72 + 18 * k, 700 - 40 * n, ch.encode("gbk").hex().encode())
            for n, line in enumerate(lines)
            for k, ch in enumerate(line)
        )
    )
    return pages_pdf(
        doc,
        [f"/MediaBox [0 0 612 792] /Resources << /Font << /F1 {type0} 0 R >> >> /Contents "
         f"{content} 0 R"],
    )  # fmt: skip


def padded_footer_pdf(bodies: list[str], pad: int = 120) -> bytes:
    """Each page's number drawn after `pad` spaces in the same text object as they are, from
    the left margin (a producer aligning with spaces): PDFium's rectangle for that footer then
    spans most of the page, spaces included."""
    doc = RawPdf()
    font = doc.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    pages = []
    for n, body in enumerate(bodies, start=1):
        content = doc.stream(
            f"BT /F1 12 Tf 72 700 Td ({body}) Tj ET "
            f"BT /F1 10 Tf 72 30 Td ({' ' * pad}{n}) Tj ET".encode("latin-1")
        )
        pages.append(f"/MediaBox [0 0 612 792] /Resources << /Font << /F1 {font} 0 R >> >>"
                     f" /Contents {content} 0 R")  # fmt: skip
    return pages_pdf(doc, pages)
