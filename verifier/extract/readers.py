"""Readers: turn a report file (text, PDF, HTML) into `ReportText`.

Each reader raises `ExtractError` with one line a user can act on; no traceback for bad input.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

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
    from verifier.logs import quiet_parsers

    quiet_parsers()
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError, PdfStreamError

    head = data[:1024]
    if PDF_MAGIC not in head:
        raise ExtractError("not a PDF (no %PDF- header)")
    import io

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception as exc:  # pypdf raises several types for unsupported encryption
                raise ExtractError(f"encrypted PDF that cannot be opened: {exc}") from None
            if not ok:
                raise ExtractError("encrypted PDF: a password is needed to read it")
        pages = reader.pages
        n_pages = len(pages)
    except ExtractError:
        raise
    except FileNotDecryptedError:
        raise ExtractError("encrypted PDF: a password is needed to read it") from None
    except (PdfReadError, PdfStreamError) as exc:
        raise ExtractError(f"damaged or truncated PDF: {exc}") from None
    except RecursionError:
        raise ExtractError("damaged PDF: its structure is nested too deeply to read") from None
    except Exception as exc:  # pypdf raises anything on hostile input (assertions, attributes)
        raise ExtractError(f"damaged PDF: {type(exc).__name__}: {str(exc)[:200]}") from None
    lines: list[Line] = []
    known: list[tuple[str, int | None]] = []
    for i in range(n_pages):
        try:
            page = pages[i]
            page_lines = _pdf_page_lines(page)
            known.extend((u, i + 1) for u in _link_targets(page))
        except ExtractError:
            raise
        except Exception as exc:  # one unreadable page must not lose the rest of the report
            raise ExtractError(f"damaged PDF: page {i + 1} cannot be read: {exc}") from None
        if lines and lines[-1].text.strip().endswith((".", ":", ";", "!", "?", ")", "”")):
            # A page break ends a paragraph only where the text before it ends a clause, so an
            # item such as "Yunnan Innovation Alloy -" stays with its URL on the next page.
            lines.append(Line("", i + 1, None))
        for k, text in enumerate(page_lines):
            lines.append(Line(text, i + 1, None, k == 0 and i > 0))
    if not any(ln.text.strip() for ln in lines) and not known:
        raise ExtractError("PDF has no text layer (scanned images?) and no links")
    return ReportText(lines, known)


def _pdf_page_lines(page: Any) -> list[str]:
    """Page text in content order, with a blank line where the vertical gap says a paragraph ends.

    pypdf's plain text has no blank lines, but paragraph and cell boundaries matter for reading a
    report (what names a link, where a title ends), so they are rebuilt from text positions.
    """
    out: list[str] = [""]
    state: dict[str, float | None] = {"y": None, "size": None}

    def visit(text: str, cm: list[float], tm: list[float], _font: Any, size: float) -> None:
        if not text:
            return
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = abs(tm[3] * cm[3]) or 1.0
        eff = (size or 10.0) * scale
        prev_y, prev_size = state["y"], state["size"]
        if prev_y is not None and out[-1] == "" and len(out) > 1:
            gap = prev_y - y
            if gap > 1.6 * (prev_size or eff) or gap < -(prev_size or eff):
                out.append("")
        parts = text.split("\n")
        out[-1] += parts[0]
        for p in parts[1:]:
            out.append(p)
        state["y"], state["size"] = y, eff

    page.extract_text(visitor_text=visit)
    while out and out[-1] == "":
        out.pop()
    # A blank-line marker is an empty entry between two text lines: render as one blank line.
    return [re.sub(r"[ \t]+$", "", t) for t in out]


def _link_targets(page: Any) -> list[str]:
    urls: list[str] = []
    annots = page.get("/Annots")
    if annots is None:
        return urls
    try:
        annots = annots.get_object()
    except Exception:
        return urls
    for ref in annots or []:
        try:
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot.get("/A")
            action = action.get_object() if action is not None else None
            if action is None or action.get("/S") != "/URI":
                continue
            uri = action.get("/URI")
            if isinstance(uri, bytes):
                uri = uri.decode("latin-1")
            uri = str(uri).strip()
            if uri.lower().startswith(("http://", "https://")):
                urls.append(uri)
        except Exception:  # noqa: S112 - a broken annotation is skipped, not fatal
            continue
    return urls


# --- HTML --------------------------------------------------------------------------------------

_BLOCK_TAGS = {
    "p", "div", "li", "ul", "ol", "table", "tr", "section", "article", "header", "footer",
    "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "dl", "dt", "dd", "main", "nav",
}  # fmt: skip


_ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+-]{0,15}://\S")


def read_html_bytes(data: bytes, base_url: str | None = None) -> ReportText:
    from urllib.parse import urljoin

    from bs4 import BeautifulSoup, NavigableString

    if b"\x00" in data[:4096]:
        raise ExtractError("not an HTML file (binary content)")
    soup = BeautifulSoup(data, "html.parser")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
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
