"""PDF fingerprint with PDFium (pypdfium2): per-page text of the visible page area, normalised and
hashed; page labels; printed page numbers found by position; pages whose text layer cannot be
trusted; metadata.

PDFium is C++: it runs only inside the killable, memory-capped, recycled worker processes of
pool.py, which are its sandbox (SECURITY.md). It was chosen by measurement (README, "Which
extractor"): 5-9x faster than pypdf on real PDFs, and it decodes CID fonts through the Adobe CID
tables, where pypdf emits raw CIDs (Japanese text came out as mojibake).
"""

from __future__ import annotations

import ctypes
import hashlib
import re
import unicodedata
from functools import cache
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pypdfium2.version import PDFIUM_INFO, PYPDFIUM_INFO

from verifier.fingerprint.normalise import normalise
from verifier.fingerprint.pdfopen import PdfUnopenable, open_pdf
from verifier.fingerprint.simhash import simhashes
from verifier.models import Fingerprint, PageText, Unparseable

EXTRACTOR = f"pdfium {PDFIUM_INFO.build} / pypdfium2 {PYPDFIUM_INFO.version}"
_PRINTED = [
    re.compile(r"^(\d{1,4})$"),
    re.compile(r"^[-–—]\s*(\d{1,4})\s*[-–—]$"),
    re.compile(r"^(?:page|p\.)\s*(\d{1,4})(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE),
    re.compile(r"^(\d{1,4})\s*/\s*\d{1,4}$"),
    re.compile(r"^第\s*(\d{1,4})\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?$"),
]
BAND = 0.1  # top and bottom tenth of the page: where running headers and footers are printed
NEIGHBOURS = (-2, -1, 1, 2)  # pages a printed number must agree with (a page may lack one)
# Control characters other than tab and line breaks, U+FFFD, and private-use characters.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")
_PRIVATE = re.compile(r"[\ue000-\uf8ff\U000f0000-\U0010ffff]")
_ODD = re.compile(f"{_CONTROL.pattern}|{_PRIVATE.pattern}")  # one scan when there is neither
_BLANK = re.compile(r"[ \t\n\r\u00a0\u2000-\u200b\u3000]")
_VISIBLE = re.compile(r"[^ \t\n\r\u00a0\u2000-\u200b\u3000]")
SAMPLE = 64  # characters per page asked whether their font maps them to Unicode


def printed_number(line: str) -> int | None:
    """The page number a header or footer line prints, if the line is nothing but one."""
    line = unicodedata.normalize("NFKC", line).strip()
    for pattern in _PRINTED:
        m = pattern.match(line)
        if m:
            return int(m.group(1))
    return None


def consistent_numbers(candidates: list[set[int]]) -> list[int | None]:
    """Per page, the one candidate number that continues a neighbour's (n-1 on the page before,
    n+1 after, within two pages), so a year or a table figure in the margin is not taken."""
    out: list[int | None] = []
    for i, cands in enumerate(candidates):
        ok = {
            n
            for n in cands
            for d in NEIGHBOURS
            if 0 <= i + d < len(candidates) and n + d in candidates[i + d]
        }
        out.append(ok.pop() if len(ok) == 1 else None)
    return out


def unreadable_reason(text: str, unmapped: float) -> str | None:
    """Why a page's text layer cannot be trusted, or None. `unmapped` is the share of sampled
    characters whose font gives no Unicode mapping (PDFium then returns the raw code)."""
    if not _VISIBLE.search(text):
        return None
    odd = _ODD.search(text) is not None
    control = len(_CONTROL.findall(text)) if odd else 0
    private = len(_PRIVATE.findall(text)) if odd else 0
    if control + private:  # counting the visible characters costs as much as the rest
        visible = len(text) - len(_BLANK.findall(text))
        if (control + private) / visible >= 0.5:
            return "mostly control or private-use characters"
    if unmapped >= 0.5:
        return "fonts without a Unicode mapping"
    if control >= 3 and control >= 0.005 * visible:  # a stray code or two in a long page is not
        return f"{control} characters decode to control codes (digits or punctuation lost)"
    if unmapped >= 0.1:
        return f"{unmapped:.0%} of characters have no Unicode mapping"
    return None


def _unmapped_share(textpage: Any, n_chars: int) -> float:
    step = max(1, n_chars // SAMPLE)
    asked = errors = 0
    for k in range(0, n_chars, step):
        code = pdfium_c.FPDFText_GetUnicode(textpage, k)
        if code in (0, 9, 10, 13, 32):
            continue
        asked += 1
        errors += pdfium_c.FPDFText_HasUnicodeMapError(textpage, k) == 1
    return errors / asked if asked else 0.0


Box = tuple[float, float, float, float]  # left, bottom, right, top (PDF user space)


def _inside(rect: Box, box: Box) -> bool:
    """The centre of a text rectangle lies in the visible area."""
    x, y = (rect[0] + rect[2]) / 2, (rect[1] + rect[3]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _margin_numbers(textpage: Any, rects: list[Box], box: Box, rotation: int) -> set[int]:
    """Numbers printed alone in the top or bottom band of the visible page (as displayed)."""
    left, bottom, right, top = box
    sideways = rotation in (90, 270)
    lo, hi = (left, right) if sideways else (bottom, top)
    band = (hi - lo) * BAND
    found: set[int] = set()
    for rect in rects:
        x0, y0, x1, y1 = rect
        centre = (x0 + x1) / 2 if sideways else (y0 + y1) / 2
        if lo + band < centre < hi - band or not _inside(rect, box):
            continue
        number = printed_number(textpage.get_text_bounded(x0, y0, x1, y1))
        if number is not None:
            found.add(number)
    return found


NO_CJK_FONT = (
    "text in a font that is not embedded, and no CJK font is installed to stand in for it"
    " (Debian: fonts-wqy-zenhei or fonts-noto-cjk)"
)


def _probe_pdf() -> bytes:
    """One Chinese character alone in its text object, in a non-embedded SimSun."""
    code = "审".encode("gbk").hex()
    content = f"BT /F1 17 Tf 50 100 Td <{code}> Tj ET".encode()
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources << /Font << /F1 5 0 R"
        b" >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /GBK-EUC-H"
        b" /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry"
        b" (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 7 0 R /DW 1000 >>",
        b"<< /Type /FontDescriptor /FontName /SimSun /Flags 6 /FontBBox [0 -141 1000 859]"
        b" /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 683 /StemV 80 >>",
    ]
    out, offsets = b"%PDF-1.7\n", []
    for n, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = b"xref\n0 8\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    trailer = b"trailer\n<< /Size 8 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % len(out)
    return out + xref + trailer


@cache
def cjk_font_missing() -> bool:
    """Whether PDFium, on this machine, drops CJK text drawn in a font that is not embedded (it
    does when no installed font covers CJK: measured on Chinese and Japanese office PDFs)."""
    doc = pdfium.PdfDocument(_probe_pdf())
    try:
        page = doc[0]
        textpage = page.get_textpage()
        missing = textpage.count_chars() == 0
        textpage.close()
        page.close()
        return missing
    finally:
        doc.close()


def lost_text(page: Any, textpage: Any) -> bool:
    """A font that is not embedded, of whose text objects on the page PDFium kept (almost) no
    character: checked only where `cjk_font_missing()`, since that is when it happens. Ten or
    more empty objects, five times those with text: a Latin font used only for a few spaces is
    not taken (on 1,469 real pages read with no CJK font: 9 flagged, 8 of which had lost their
    Chinese or Japanese text); a short run of lost characters may be missed: install a CJK font."""
    fonts: dict[int, list[int] | None] = {}  # font -> [objects without text, objects with text]
    for i in range(pdfium_c.FPDFPage_CountObjects(page)):
        obj = pdfium_c.FPDFPage_GetObject(page, i)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_TEXT:
            continue
        font = pdfium_c.FPDFTextObj_GetFont(obj)
        key = ctypes.cast(font, ctypes.c_void_p).value or 0
        if key not in fonts:
            fonts[key] = None if pdfium_c.FPDFFont_GetIsEmbedded(font) else [0, 0]
        counts = fonts[key]
        if counts is not None:
            counts[pdfium_c.FPDFTextObj_GetText(obj, textpage, None, 0) > 2] += 1
    return any(c is not None and c[0] >= 10 and c[0] >= 5 * c[1] for c in fonts.values())


_DIGITS = re.compile(r"\d+")
EDGE_LINES = 2  # lines at each end of a page where running headers and footers are printed
RUNNING_CHARS = 120  # a running header or footer is one short line


def running_edges(lines: list[list[str]]) -> list[set[int]]:
    """Per page (its stripped, non-empty lines), the indices of its running header and footer
    lines: at the top or bottom of the page, a line that is a bare page number, or that (digits
    aside: "Page 5 of 40", a date) stands at an edge of a neighbouring page too. What stays is
    what aligns one page with the same page in another version, so an inserted page is one
    change, not a shift of every later page number."""

    def edge_indices(ls: list[str]) -> list[int]:
        return sorted(
            {*range(min(EDGE_LINES, len(ls))), *range(max(0, len(ls) - EDGE_LINES), len(ls))}
        )

    masked = [{k: _DIGITS.sub("#", ls[k]) for k in edge_indices(ls)} for ls in lines]
    out = []
    for i, ls in enumerate(lines):
        near = set().union(
            *(masked[j].values() for j in (i - 2, i - 1, i + 1, i + 2) if 0 <= j < len(lines))
        )
        roomy = len(ls) > 2 * EDGE_LINES  # on a page of a few lines, only a bare number goes
        out.append({
            k for k, mask in masked[i].items()
            if printed_number(ls[k]) is not None
            or (roomy and len(ls[k]) <= RUNNING_CHARS and mask in near)
        })  # fmt: skip
    return out


def page_lines(raw: str) -> list[str]:
    """A page's lines, stripped, without the empty ones."""
    return [ln.strip() for ln in raw.splitlines() if ln.strip()]


def text_and_body(lines: list[str], gone: set[int]) -> tuple[str, str]:
    """normalise() of the page's text and of its body (without the lines in `gone`), each page
    normalised once: the edge lines one by one, the middle in one piece. Equal to normalising
    the two texts, since normalise() turns every line break into a space and no normal form
    joins characters across one."""
    head = min(EDGE_LINES, len(lines))
    tail = max(head, len(lines) - EDGE_LINES)
    parts = [(k, normalise(lines[k])) for k in (*range(head), *range(tail, len(lines)))]
    middle = normalise("\n".join(lines[head:tail]))
    parts.insert(head, (-1, middle))
    text = " ".join(n for _, n in parts if n)
    body = " ".join(n for k, n in parts if n and k not in gone)
    return text, body


def read_page(page: Any) -> tuple[str, set[int], str | None]:
    """(text of the visible area, numbers alone in its margins, unreadable reason).

    PDFium's text page holds every character the content draws, on the page or not (a spread's
    other half, a cropped margin). When a text rectangle lies outside the crop box, only the text
    inside it is taken; otherwise the whole text, in PDFium's reading order and line breaks."""
    box = page.get_bbox()  # crop box clipped to the media box: what a reader sees
    textpage = page.get_textpage()
    try:
        n_chars = textpage.count_chars()
        lost = cjk_font_missing() and lost_text(page, textpage)
        if n_chars <= 0:
            return "", set(), NO_CJK_FONT if lost else None
        rects = [textpage.get_rect(r) for r in range(textpage.count_rects())]
        if all(_inside(r, box) for r in rects):
            text = textpage.get_text_range()
        else:
            text = textpage.get_text_bounded(*box)
        numbers = _margin_numbers(textpage, rects, box, page.get_rotation())
        # PDFium joins a word hyphenated at a line end, marking the join with U+FFFE or U+0002:
        # split it back as printed (as pdftotext shows it).
        text = text.replace("\ufffe", "-\n").replace("\x02", "-\n")
        reason = unreadable_reason(text, _unmapped_share(textpage, n_chars)) if text else None
        return text, numbers, NO_CJK_FONT if lost else reason
    finally:
        textpage.close()


def _metadata(doc: Any) -> dict[str, str | None]:
    try:
        meta = doc.get_metadata_dict(skip_empty=True)
    except Exception:  # damaged info dictionary: fingerprint without it
        return {"error": "metadata unreadable"}
    keys = (("title", "Title"), ("author", "Author"), ("producer", "Producer"),
            ("creator", "Creator"), ("creation_date", "CreationDate"),
            ("modification_date", "ModDate"))  # fmt: skip
    return {key: meta[k][:500] if meta.get(k) else None for key, k in keys} if meta else {}


def _open(path: str) -> Any:
    try:
        return open_pdf(path)
    except PdfUnopenable as exc:
        raise Unparseable(str(exc)) from None


def fingerprint_pdf(
    path: str, sha256: str, size: int, max_pages: int, *, simhash: bool = True
) -> Fingerprint:
    """`simhash=False`: no similarity hashes (a third of the parse's own time, beside PDFium's),
    left to a comparison that needs them, from the stored texts (verifier/drift/likeness.py)."""
    doc = _open(path)
    try:
        return _fingerprint(doc, sha256, size, max_pages, simhash)
    finally:
        doc.close()


def _fingerprint(doc: Any, sha256: str, size: int, max_pages: int, simhash: bool) -> Fingerprint:
    count = len(doc)
    if count <= 0:
        raise Unparseable("PDF has no pages")
    warnings: list[str] = []
    if count > max_pages:
        warnings.append(f"only the first {max_pages} of {count} pages were read")
    n = min(count, max_pages)
    labels = [doc.get_page_label(i) or None for i in range(n)]
    has_labels = any(labels)
    reasons: list[str | None] = []  # why a page's text layer cannot be trusted
    raws: list[str] = []
    candidates: list[set[int]] = []
    for i in range(n):
        try:
            page = doc[i]
        except pdfium.PdfiumError:
            warnings.append(f"page {i + 1}: page unreadable")
            reasons.append(None)
            raws.append("")
            candidates.append(set())
            continue
        try:
            raw, numbers, reason = read_page(page)
        except (pdfium.PdfiumError, ValueError, OverflowError) as exc:  # odd values from PDFium
            raw, numbers, reason = "", set(), None
            warnings.append(f"page {i + 1}: text unreadable ({type(exc).__name__}: {exc})")
        finally:
            page.close()
        reasons.append(reason)
        raws.append(raw)
        candidates.append(numbers)
    printed = consistent_numbers(candidates)
    lines = [page_lines(raw) for raw in raws]
    normalised = [
        text_and_body(ls, gone) for ls, gone in zip(lines, running_edges(lines), strict=True)
    ]
    texts = [text for text, _ in normalised]
    bodies = [body for _, body in normalised]
    page_simhashes, whole_simhash = simhashes(texts) if simhash else ([""] * len(texts), "")
    pages = [
        PageText(
            index=i + 1,
            text=text,
            text_sha256=hashlib.sha256(text.encode()).hexdigest(),
            simhash=page_simhashes[i],
            label=labels[i] if has_labels else None,
            printed=printed[i],
            unreadable=reason,
            body_sha256=hashlib.sha256(bodies[i].encode()).hexdigest(),
        )
        for i, (text, reason) in enumerate(zip(texts, reasons, strict=True))
    ]
    whole = "\n".join(p.text for p in pages)
    meta = _metadata(doc)
    return Fingerprint(
        sha256=sha256,
        bytes=size,
        type="pdf",
        extractor=EXTRACTOR,
        text_sha256=hashlib.sha256(whole.encode()).hexdigest(),
        simhash=whole_simhash,
        page_count=count,
        has_page_labels=has_labels,
        title=meta.get("title"),
        metadata=meta,
        pages=tuple(pages),
        warnings=tuple(warnings),
    )
