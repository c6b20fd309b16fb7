"""PDFs the project writes and then damages, so hardening tests run on a fresh clone without any
third-party file (test only). Each case is (name, bytes)."""

from __future__ import annotations

import random
import re

from tests.support.pdfs import bomb_pdf, pdf
from tests.support.rawpdf import RawPdf


def _page_tree_loop() -> bytes:
    doc = RawPdf()
    doc.add("<< /Type /Catalog /Pages 2 0 R >>")
    doc.add("<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>")  # the tree contains itself
    doc.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>")
    return doc.bytes(1)


def _deep_nesting(depth: int = 100_000) -> bytes:
    doc = RawPdf()
    doc.add("<< /Type /Catalog /Pages 2 0 R >>")
    doc.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    doc.add(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /X {'[' * depth} >>")
    return doc.bytes(1)


def _flip_bytes(data: bytes, seed: int, n: int = 40) -> bytes:
    rnd = random.Random(seed)
    out = bytearray(data)
    for _ in range(n):
        out[rnd.randrange(len(out))] = rnd.randrange(256)
    return bytes(out)


def _zero_offsets(xref_table: bytes) -> bytes:
    return re.sub(rb"\d{10} 00000 n", b"0000000000 00000 n", xref_table)


def damaged_cases() -> list[tuple[str, bytes]]:
    good = pdf([f"Page {i} of a report that will be damaged." for i in range(1, 6)])
    xref = good.rindex(b"xref")
    cases = [
        ("truncated-head", good[:200]),
        ("truncated-middle", good[: len(good) // 2]),
        ("truncated-before-xref", good[:xref]),
        ("no-eof-marker", good[: good.rindex(b"%%EOF")]),
        ("startxref-wrong", re.sub(rb"startxref\s+\d+", b"startxref 99999999", good)),
        ("xref-offsets-zeroed", good[:xref] + _zero_offsets(good[xref:])),
        ("stream-length-wrong", re.sub(rb"/Length \d+", b"/Length 999999", good)),
        ("page-tree-loop", _page_tree_loop()),
        ("deep-nesting", _deep_nesting()),
        ("header-only", b"%PDF-1.7\n"),
        ("empty", b""),
        ("bomb-120mib", bomb_pdf(120)),
    ]
    cases += [(f"bytes-flipped-{seed}", _flip_bytes(good, seed)) for seed in range(8)]
    return cases
