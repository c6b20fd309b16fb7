"""Report PDFs read with PDFium (pypdfium2): lines of text per page, a blank line where the
vertical gap says a paragraph ends, and the targets of the page's URI links.

Runs only inside the killable, memory-capped worker of isolated.py (PDFium is C++; SECURITY.md).
The same engine as evidence fingerprints, so CID fonts and radicals read the same way in both.
"""

from __future__ import annotations

import ctypes
import re
from typing import Any

from verifier.extract.document import Line, ReportText
from verifier.extract.errors import ExtractError

PDF_MAGIC = b"%PDF-"
_CLAUSE_END = (".", ":", ";", "!", "?", ")", "”")
_BREAK = re.compile("\r\n|\ufffe|\x02")


def read_pdf(data: bytes) -> ReportText:
    from verifier.fingerprint.pdfopen import PdfUnopenable, open_pdf

    if PDF_MAGIC not in data[:1024]:
        raise ExtractError("not a PDF (no %PDF- header)")
    try:
        doc = open_pdf(data)
    except PdfUnopenable as exc:
        raise ExtractError(str(exc)) from None
    try:
        return _read(doc)
    finally:
        doc.close()


def _read(doc: Any) -> ReportText:
    import pypdfium2 as pdfium

    lines: list[Line] = []
    known: list[tuple[str, int | None]] = []
    for i in range(len(doc)):
        try:
            page = doc[i]
            try:
                page_lines = page_text_lines(page)
                known.extend((u, i + 1) for u in link_targets(doc, page))
            finally:
                page.close()
        except pdfium.PdfiumError as exc:  # one unreadable page must not lose the rest silently
            raise ExtractError(f"damaged PDF: page {i + 1} cannot be read: {exc}") from None
        if lines and lines[-1].text.strip().endswith(_CLAUSE_END):
            # A page break ends a paragraph only where the text before it ends a clause, so an
            # item such as "Yunnan Innovation Alloy -" stays with its URL on the next page.
            lines.append(Line("", i + 1, None))
        for k, text in enumerate(page_lines):
            lines.append(Line(text, i + 1, None, k == 0 and i > 0))
    if not any(ln.text.strip() for ln in lines) and not known:
        raise ExtractError("PDF has no text layer (scanned images?) and no links")
    return ReportText(lines, known)


def page_text_lines(page: Any) -> list[str]:
    """Page text in PDFium's reading order, with a blank line where the gap between two lines is
    over 1.6 times the font size (or the text jumps up: a new column or cell), because paragraph
    and cell boundaries matter for reading a report (what names a link, where a title ends)."""
    import pypdfium2.raw as pdfium_c

    textpage = page.get_textpage()
    try:
        if textpage.count_chars() <= 0:
            return []
        text = textpage.get_text_range()
        out: list[str] = []
        prev: tuple[float, float] | None = None
        x, y = ctypes.c_double(), ctypes.c_double()
        for start, raw in _split_lines(text):
            line = re.sub(r"[ \t]+$", "", raw)
            if not line.strip():
                continue
            lead = start + len(raw) - len(raw.lstrip())
            index = pdfium_c.FPDFText_GetCharIndexFromTextIndex(textpage, lead)
            here = None
            if index >= 0 and pdfium_c.FPDFText_GetCharOrigin(textpage, index, x, y):
                here = (y.value, pdfium_c.FPDFText_GetFontSize(textpage, index) or 10.0)
            if prev is not None and here is not None and out:
                gap = prev[0] - here[0]
                if gap > 1.6 * prev[1] or gap < -prev[1]:
                    out.append("")
            out.append(line)
            prev = here or prev
        return out
    finally:
        textpage.close()


def _split_lines(text: str) -> list[tuple[int, str]]:
    """(text index, line) per line. PDFium joins a word hyphenated at a line end and marks the
    join with U+FFFE or U+0002: the line is given back as printed, ending in its hyphen."""
    out = []
    start = 0
    for m in _BREAK.finditer(text):
        out.append((start, text[start : m.start()] + ("" if m.group() == "\r\n" else "-")))
        start = m.end()
    out.append((start, text[start:]))
    return out


def link_targets(doc: Any, page: Any) -> list[str]:
    """http(s) targets of the page's link annotations (URI actions)."""
    import pypdfium2.raw as pdfium_c

    urls: list[str] = []
    pos = ctypes.c_int(0)
    link = pdfium_c.FPDF_LINK()
    while pdfium_c.FPDFLink_Enumerate(page, ctypes.byref(pos), ctypes.byref(link)):
        action = pdfium_c.FPDFLink_GetAction(link)
        if not action or pdfium_c.FPDFAction_GetType(action) != pdfium_c.PDFACTION_URI:
            continue
        size = pdfium_c.FPDFAction_GetURIPath(doc, action, None, 0)
        if size <= 0:
            continue
        buf = ctypes.create_string_buffer(size)
        pdfium_c.FPDFAction_GetURIPath(doc, action, buf, size)
        uri = buf.value.decode("latin-1").strip()
        if uri.lower().startswith(("http://", "https://")):
            urls.append(uri)
    return urls
