"""Text fingerprinting speed on a realistic 100-page report PDF, pypdf against alternatives.

The report is generated: headings and paragraphs, a ruled table every third page, a JPEG photo
every fifth, printed page numbers. Figures are pages per second, best of 3, in this process:
- verifier: fingerprint_pdf (pypdf text of every page + NFKC + SHA-256 + simhash, labels, metadata)
- pypdf: extract_text alone, the part verifier's fingerprint spends most of its time in
- pypdfium2 (bench extra) and poppler's pdftotext (Debian poppler-utils), as speed references.

Run: .venv/bin/python bench/fingerprint_bench.py
"""

from __future__ import annotations

import hashlib
import io
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = 100
WORDS = [
    "emissions",
    "governance",
    "supplier",
    "audit",
    "water",
    "energy",
    "waste",
    "community",
    "safety",
    "training",
    "policy",
    "procedure",
    "facility",
    "report",
    "disclosure",
    "risk",
    "assessment",
    "target",
    "reduction",
    "scope",
    "biodiversity",
    "labour",
    "rights",
    "grievance",
    "management",
    "system",
    "performance",
    "indicator",
]


def report_pdf() -> bytes:
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    rnd = random.Random(7)
    photo = io.BytesIO()
    Image.frombytes("RGB", (320, 200), rnd.randbytes(320 * 200 * 3)).save(photo, "JPEG", quality=70)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for n in range(1, PAGES + 1):
        c.setFont("Helvetica-Bold", 14)
        c.drawString(60, 790, f"{n}. Sustainability performance, section {n}")
        c.setFont("Helvetica", 9.5)
        y = 765
        for _ in range(34 if n % 3 else 18):
            c.drawString(60, y, " ".join(rnd.choice(WORDS) for _ in range(14)).capitalize() + ".")
            y -= 13
        if n % 3 == 0:
            for row in range(8):
                for col in range(5):
                    x0, y0 = 60 + col * 95, y - row * 18
                    c.rect(x0, y0 - 14, 95, 18)
                    c.drawString(x0 + 4, y0 - 9, f"{rnd.choice(WORDS)} {rnd.randint(1, 9999)}")
        if n % 5 == 0:
            c.drawImage(ImageReader(io.BytesIO(photo.getvalue())), 300, 60, 240, 150)
        c.drawString(290, 30, str(n))
        c.showPage()
    c.save()
    return buf.getvalue()


def best(fn, n: int = 3) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    from pypdf import PdfReader

    from verifier.fingerprint.pdf import fingerprint_pdf

    data = report_pdf()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report-100p.pdf"
        path.write_bytes(data)
        sha = hashlib.sha256(data).hexdigest()
        print(f"{PAGES}-page report PDF, {len(data) // 1024} KiB")
        results = {
            "verifier fingerprint (pypdf)": best(
                lambda: fingerprint_pdf(str(path), sha, len(data), 3000)
            ),
            "pypdf extract_text only": best(
                lambda: [p.extract_text() for p in PdfReader(path).pages]
            ),
        }
        try:
            import pypdfium2 as pdfium

            def pdfium_text() -> None:
                doc = pdfium.PdfDocument(str(path))
                for page in doc:
                    page.get_textpage().get_text_range()
                doc.close()

            results["pypdfium2"] = best(pdfium_text)
        except ImportError:
            print("pypdfium2: not installed (pip install -e '.[bench]')")
        if shutil.which("pdftotext"):
            results["poppler pdftotext (subprocess)"] = best(
                lambda: subprocess.run(
                    ["pdftotext", str(path), "-"], capture_output=True, check=True
                )
            )
        else:
            print("pdftotext: not installed (Debian package poppler-utils)")
    for name, seconds in results.items():
        print(f"{name:32} {seconds:6.2f} s  {PAGES / seconds:7.0f} pages/s")


if __name__ == "__main__":
    main()
