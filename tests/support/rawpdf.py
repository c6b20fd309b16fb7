"""Write PDFs object by object, for the cases reportlab cannot produce (test only).

`RawPdf` numbers objects from 1 in the order they are added; `bytes()` writes a classic xref
table. Nothing here is clever: the point is to state exactly which dictionaries a file has.
"""

from __future__ import annotations

import io
import zlib


class RawPdf:
    def __init__(self) -> None:
        self.objects: list[bytes] = []

    def add(self, body: bytes | str) -> int:
        self.objects.append(body.encode("latin-1") if isinstance(body, str) else body)
        return len(self.objects)

    def reserve(self) -> int:
        """An object number to fill in later (a parent referenced by its kids)."""
        return self.add(b"null")

    def set(self, num: int, body: bytes | str) -> None:
        self.objects[num - 1] = body.encode("latin-1") if isinstance(body, str) else body

    def stream(self, data: bytes, extra: str = "", *, compress: bool = True) -> int:
        if compress:
            data = zlib.compress(data)
            extra += " /Filter /FlateDecode"
        head = f"<< /Length {len(data)}{extra} >>\nstream\n".encode()
        return self.add(head + data + b"\nendstream")

    def bytes(self, root: int, info: int | None = None) -> bytes:
        out = io.BytesIO()
        out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for n, body in enumerate(self.objects, start=1):
            offsets.append(out.tell())
            out.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
        xref = out.tell()
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(self.objects) + 1))
        for off in offsets:
            out.write(b"%010d 00000 n \n" % off)
        trailer = f"<< /Size {len(self.objects) + 1} /Root {root} 0 R"
        trailer += f" /Info {info} 0 R >>" if info else " >>"
        out.write(f"trailer\n{trailer}\nstartxref\n{xref}\n%%EOF\n".encode())
        return out.getvalue()


def pages_pdf(doc: RawPdf, page_bodies: list[str]) -> bytes:
    """Catalog and page tree over page dictionaries given without /Type and /Parent."""
    pages = doc.reserve()
    kids = [doc.add(f"<< /Type /Page /Parent {pages} 0 R {body} >>") for body in page_bodies]
    refs = " ".join(f"{k} 0 R" for k in kids)
    doc.set(pages, f"<< /Type /Pages /Kids [{refs}] /Count {len(kids)} >>")
    root = doc.add(f"<< /Type /Catalog /Pages {pages} 0 R >>")
    return doc.bytes(root)


def to_unicode_cmap(mapping: dict[int, str], code_bytes: int = 2) -> bytes:
    """A ToUnicode CMap from character codes to text."""
    width = code_bytes * 2
    lo, hi = "0" * width, "F" * width
    rows = "\n".join(
        f"<{code:0{width}X}> <{text.encode('utf-16-be').hex().upper()}>"
        for code, text in sorted(mapping.items())
    )
    return (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        f"1 begincodespacerange <{lo}> <{hi}> endcodespacerange\n"
        f"{len(mapping)} beginbfchar\n{rows}\nendbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end\n"
    ).encode()
