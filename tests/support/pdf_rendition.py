"""Render a pdftotext-style report text back into a real, multi-page PDF (test and bench only).

The seed report is the text layer of a real PDF: page ends carry a block of the page's link
targets. This writes each page's visible lines as drawn text (URLs wrapped exactly as printed) and
turns the block into real /Link annotations with the full URLs, placed over the wrapped URL text,
so extraction from the PDF can be compared with extraction from the text.
"""

from __future__ import annotations

import io
import re

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

_URL_ONLY = re.compile(r"^https?://\S+$")
FONT, SIZE, LEADING, TOP, BOTTOM, LEFT = "Helvetica", 8, 10.5, 800, 40, 36
# Helvetica's standard encoding has no glyph for these; substitute what a reader would see.
_SUBST = {"≥": ">=", "\uf0fc": "", "\uf0a7": ""}


def split_pages(text: str) -> list[tuple[list[str], list[str]]]:
    """(visible lines, link targets) per page: a run of bare URL lines without trailing space
    ends a page, as pdftotext writes annotation blocks."""
    pages: list[tuple[list[str], list[str]]] = []
    visible: list[str] = []
    links: list[str] = []
    for line in text.split("\n"):
        # A wrapped URL's first half ends with '-' and no space too: it is visible text.
        if _URL_ONLY.match(line) and line == line.rstrip() and not line.endswith("-"):
            links.append(line)
            continue
        if links:
            pages.append((visible, links))
            visible, links = [], []
        visible.append(line)
    pages.append((visible, links))
    return pages


def _clean(line: str) -> str:
    for k, v in _SUBST.items():
        line = line.replace(k, v)
    return "".join(ch if ord(ch) < 0x2100 else "?" for ch in line).rstrip()


def render(text: str, repeat: int = 1) -> bytes:
    """The report as a PDF; `repeat` concatenates it to make a longer document for benchmarks."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setTitle("Audit report (rendition for tests)")
    for _ in range(repeat):
        for visible, links in split_pages(text):
            _draw_page(c, visible, list(dict.fromkeys(links)))
    c.save()
    return buf.getvalue()


def _draw_page(c: canvas.Canvas, visible: list[str], links: list[str]) -> None:
    y = TOP
    c.setFont(FONT, SIZE)
    placed: set[str] = set()
    lines = [_clean(v) for v in visible]
    for i, line in enumerate(lines):
        if y < BOTTOM:
            c.showPage()
            c.setFont(FONT, SIZE)
            y = TOP
        if line.strip():
            c.drawString(LEFT, y, line.strip())
            for url in links:
                if url in placed:
                    continue
                head = _head_of(url, lines, i)
                if head is not None:
                    x0 = LEFT + c.stringWidth(line.strip()[:head], FONT, SIZE)
                    c.linkURL(url, (x0, y - 2, x0 + 200, y + SIZE), relative=0, thickness=0)
                    placed.add(url)
        y -= LEADING
    for url in links:
        if url not in placed:  # a link on words: put the annotation at the page bottom
            c.linkURL(url, (LEFT, BOTTOM, LEFT + 100, BOTTOM + SIZE), relative=0, thickness=0)
    c.showPage()


def _head_of(url: str, lines: list[str], i: int) -> int | None:
    """Column where `url` starts on line i, if the URL's printed text (possibly wrapped) starts
    there."""
    line = lines[i].strip()
    bare = re.sub(r"^https?://", "", url)
    joined = line + "".join(x.strip() for x in lines[i + 1 : i + 4])
    for prefix in (url, "www." + bare if not bare.startswith("www.") else bare, bare):
        col = line.find(prefix[: min(len(prefix), max(12, len(line) - line.find(prefix[:8])))])
        if col >= 0 and prefix.rstrip("/") in joined[col:].replace(" ", ""):
            return col
    return None
