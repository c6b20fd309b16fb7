"""Readers: turn a report file (text, PDF, HTML) into `ReportText`.

Each reader raises `ExtractError` with one line a user can act on; no traceback for bad input.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from pathlib import Path

from verifier.extract.document import Line, ReportText
from verifier.extract.errors import ExtractError

PDF_MAGIC = b"%PDF-"


def read_text_bytes(data: bytes) -> ReportText:
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ExtractError("not a text file (binary content)")
    if data.startswith(codecs.BOM_UTF8):
        text = data[3:].decode("utf-8", errors="replace")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    if not text.strip():
        raise ExtractError("empty report (no text)")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines: list[Line] = []
    page = None
    for n, raw in enumerate(text.split("\n"), start=1):
        if "\f" in raw:
            # pdftotext marks page ends with a form feed: keep the page count, drop the character.
            page = (page or 1) + raw.count("\f")
            raw = raw.replace("\f", "")
            lines.append(Line(raw, page, n, True))
            continue
        lines.append(Line(raw, page, n))
    if page is not None:
        lines = _number_pages(lines)
    return ReportText(lines, annotation_blocks=True)


def _number_pages(lines: list[Line]) -> list[Line]:
    out = []
    page = 1
    for ln in lines:
        if ln.page_start:
            page = ln.page or page
        out.append(Line(ln.text, page, ln.lineno, ln.page_start))
    return out


# --- PDF ---------------------------------------------------------------------------------------


def read_pdf_bytes(data: bytes) -> ReportText:
    """A report PDF's lines and link targets, read with PDFium (verifier/extract/pdf.py); called
    in the killable worker of isolated.py."""
    from verifier.extract.pdf import read_pdf

    return read_pdf(data)


# --- HTML --------------------------------------------------------------------------------------

_BLOCK_TAGS = {
    "p", "div", "li", "ul", "ol", "table", "tr", "section", "article", "header", "footer",
    "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "dl", "dt", "dd", "main", "nav",
}  # fmt: skip


_ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+-]{0,15}://\S")


def read_html_bytes(data: bytes, base_url: str | None = None) -> ReportText:
    from urllib.parse import urljoin

    from bs4 import NavigableString

    from verifier.html_text import parse_visible

    if b"\x00" in data[:4096]:
        raise ExtractError("not an HTML file (binary content)")
    soup = parse_visible(data)
    known: list[tuple[str, int | None]] = []
    words: list[tuple[str, str]] = []
    for a in soup.find_all("a", href=True):
        href = str(a["href"]).strip()
        url = urljoin(base_url, href) if base_url else href
        if not _ABSOLUTE.match(url):
            continue  # a relative link in a local file, mailto:, javascript: ...
        known.append((url, None))
        text = a.get_text(" ", strip=True)
        if url not in text and href not in text:
            # A link on words: keep the words as the label and make the target visible after them.
            a.append(NavigableString(f" {url} "))
            if text:
                words.append((url, text))
    for br in soup.find_all("br"):
        br.replace_with(NavigableString("\n"))
    for tag in soup.find_all(["td", "th"]):
        tag.append(NavigableString("\n\n"))
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_before(NavigableString("\n\n"))
        tag.append(NavigableString("\n\n"))
    text = soup.get_text()
    text = re.sub(r"[ \t\r\f\v\u00a0]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    if not text:
        raise ExtractError("empty HTML document (no text)")
    lines = [Line(t, None, n) for n, t in enumerate(text.split("\n"), start=1)]
    return ReportText(lines, known, link_words=words)


Reader = Callable[[bytes], ReportText]

READERS: dict[str, Reader] = {
    ".txt": read_text_bytes,
    ".text": read_text_bytes,
    ".pdf": read_pdf_bytes,
    ".html": read_html_bytes,
    ".htm": read_html_bytes,
}


def reader_for(path: Path) -> Reader:
    suffix = path.suffix.lower()
    if suffix not in READERS:
        known = ", ".join(sorted(READERS))
        raise ExtractError(f"unknown report type {suffix or '(no extension)'!r} (known: {known})")
    return READERS[suffix]
