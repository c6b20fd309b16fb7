"""Real PDFs with known content, written with reportlab (test only)."""

from __future__ import annotations

import io
import zlib
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

CJK_FONT = Path(__file__).resolve().parents[1] / "fixtures" / "fonts" / "NotoSansCJK-subset.ttf"


def pdf(pages: list[str | None], *, footer_numbers: int | None = None, title: str = "Test",
        cjk: bool = False, author: str = "verifier tests") -> bytes:  # fmt: skip
    """One page per entry; None draws a page with only a shape (no text: image-only).
    `footer_numbers`, if given, prints that number + index in each page's footer."""
    if cjk and "NotoCJK" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("NotoCJK", str(CJK_FONT)))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setTitle(title)
    c.setAuthor(author)
    for i, text in enumerate(pages):
        if text is None:
            c.rect(100, 400, 300, 200, fill=1)
        else:
            c.setFont("NotoCJK" if cjk else "Helvetica", 12)
            y = 760
            for line in text.split("\n"):
                c.drawString(72, y, line)
                y -= 16
        if footer_numbers is not None:
            c.setFont("Helvetica", 9)
            c.drawString(290, 30, str(footer_numbers + i))
        c.showPage()
    c.save()
    return buf.getvalue()


@cache
def _inflating_to(megabytes: int) -> bytes:
    """Flate data that inflates to a text object and then `megabytes` MiB of spaces."""
    co = zlib.compressobj(9)
    parts = [co.compress(b"BT /F1 12 Tf 72 720 Td (bomb) Tj ET")]
    chunk = b" " * (1 << 20)
    parts += [co.compress(chunk) for _ in range(megabytes)]
    parts.append(co.flush())
    return b"".join(parts)


def bomb_pdf(megabytes: int = 120, *, layers: int = 1) -> bytes:
    """A one-page PDF whose content stream inflates to `megabytes` MiB of spaces; with two
    layers of Flate the file itself stays a few KiB."""
    content = _inflating_to(megabytes)
    for _ in range(layers - 1):
        content = zlib.compress(content, 9)
    filters = " ".join(["/FlateDecode"] * layers)
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter [%s] >>\nstream\n" % (len(content), filters.encode())
        + content
        + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objs, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    )
    return out.getvalue()
