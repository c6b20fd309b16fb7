"""Extraction speed: the seed report's text, and a 40-page PDF rendition of it.

Run: .venv/bin/python bench/extract_bench.py
Prints best-of-N wall times. The PDF is rendered with reportlab (the test-only writer), cut to
exactly 40 pages, with the same link annotations the tests use.
"""

from __future__ import annotations

import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader, PdfWriter  # noqa: E402

from tests.support.pdf_rendition import render  # noqa: E402
from verifier.extract import extract_report  # noqa: E402
from verifier.extract.readers import read_pdf_bytes  # noqa: E402

SEED = ROOT / "examples" / "asi-report-shandong-innovation-2025.txt"
PAGES = 40


def best_of(fn, n: int) -> tuple[float, float]:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def forty_page_pdf() -> bytes:
    full = render(SEED.read_text(encoding="utf-8"), repeat=2)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(full)))
    while len(writer.pages) > PAGES:
        writer.remove_page(len(writer.pages) - 1)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def main() -> None:
    best, med = best_of(lambda: extract_report(str(SEED)), 20)
    n = len(extract_report(str(SEED)))
    print(f"seed text ({SEED.stat().st_size // 1024} KiB, {n} citations): "
          f"best {best * 1000:.1f} ms, median {med * 1000:.1f} ms")  # fmt: skip

    data = forty_page_pdf()
    assert len(PdfReader(io.BytesIO(data)).pages) == PAGES
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "rendition-40p.pdf"
        path.write_bytes(data)
        read_best, _ = best_of(lambda: read_pdf_bytes(data), 3)
        best, med = best_of(lambda: extract_report(str(path)), 3)
        n = len(extract_report(str(path)))
    print(f"40-page PDF ({len(data) // 1024} KiB, {n} citations): best {best:.2f} s, "
          f"median {med:.2f} s, {PAGES / best:.0f} pages/s; "
          f"of which PDF text + annotations {read_best:.2f} s")  # fmt: skip


if __name__ == "__main__":
    main()
