"""Extraction speed: the seed report's text, a 40-page PDF rendition of it, and text reports of
2, 20 and 200 MB, to show that extraction time grows linearly with the size of the report.

Run: .venv/bin/python bench/extract_bench.py [--sizes 2,20,200]
Prints best-of-N wall times. The PDF is rendered with reportlab (the test-only writer), cut to
exactly 40 pages, with the same link annotations the tests use. The large reports repeat the
seed report's findings (pdftotext layout: wrapped URLs, annotation blocks, running headers) with
every document hash made distinct, so each repetition cites new URLs. Each size runs in its own
process, which reports its peak memory; next to it, the floor any extractor pays (decoding the
text and one pass of a URL regex over it) and a naive `https?://\\S+` scan (what a link checker
does, with no criteria, labels, pages or rejoined URLs).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED = ROOT / "examples" / "asi-report-shandong-innovation-2025.txt"
PAGES = 40
_HEX = re.compile(r"[0-9a-f]{32}")


def best_of(fn, n: int) -> tuple[float, float]:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def forty_page_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    from tests.support.pdf_rendition import render

    full = render(SEED.read_text(encoding="utf-8"), repeat=2)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(full)))
    while len(writer.pages) > PAGES:
        writer.remove_page(len(writer.pages) - 1)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _distinct(rep: int, digest: str) -> str:
    return hashlib.md5(f"{rep}:{digest}".encode()).hexdigest()


def asi_text(mb: float) -> bytes:
    """The seed report with its findings repeated up to `mb` MiB (never over: 200 MiB is the
    default max_report_bytes), every URL distinct."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    start = next(i for i, ln in enumerate(lines) if ln.strip() == "FINDINGS")
    end = next(i for i, ln in enumerate(lines) if "LIMITATION OF LIABILITY" in ln)
    head = "\n".join(lines[:start]).encode()
    body = "\n".join(lines[start:end])
    tail = "\n".join(lines[end:]).encode()
    parts, size, rep = [head], len(head) + len(tail) + 1, 0
    while True:
        chunk = _HEX.sub(lambda m, r=rep: _distinct(r, m.group(0)), body).encode()
        if size + len(chunk) + 1 > mb * 1024 * 1024:
            break
        parts.append(chunk)
        size += len(chunk) + 1
        rep += 1
    parts.append(tail)
    return b"\n".join(parts)


def one_size(mb: float) -> None:
    """Child process: time one size, print JSON."""
    from verifier.extract.bounded import _extract
    from verifier.extract.readers import read_text_bytes

    data = asi_text(mb)
    t0 = time.perf_counter()
    text = data.decode("utf-8").split("\n")
    url_pass = sum(1 for _ in re.finditer(r"https?://|www\.", "\n".join(text)))
    floor = time.perf_counter() - t0
    t0 = time.perf_counter()
    naive = len(set(re.findall(rb"https?://\S+", data)))
    naive_s = time.perf_counter() - t0
    del text
    t0, c0 = time.perf_counter(), time.process_time()
    n = len(_extract("bench.txt", read_text_bytes, data))  # what the worker runs, in-process
    took, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"mb": len(data) / 2**20, "citations": n, "s": took, "cpu_s": cpu,
                      "floor_s": floor, "naive_s": naive_s, "naive_urls": naive,
                      "url_starts": url_pass, "peak_mib": peak}))  # fmt: skip


def scaling(sizes: list[float]) -> None:
    print("text reports (ASI findings repeated, distinct URLs), one process per size; CPU time")
    print("per MiB is the linearity figure (wall time also counts other processes' load):")
    base = None
    for mb in sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(mb)], capture_output=True, text=True
        )
        if out.returncode:
            print(f"  {mb:g} MB: failed: {out.stderr.strip().splitlines()[-1:]}")
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        per_mb = r["cpu_s"] / r["mb"]
        base = base or per_mb
        print(f"  {r['mb']:6.1f} MiB  {r['citations']:7d} citations  {r['s']:7.2f} s wall  "
              f"{r['cpu_s']:7.2f} s CPU  {per_mb:5.3f} CPU s/MiB (x{per_mb / base:.2f} of the "
              f"smallest)  peak {r['peak_mib']:.0f} MiB | floor (decode + one URL-regex pass) "
              f"{r['floor_s']:.2f} s; naive https?://\\S+ scan {r['naive_s']:.2f} s")  # fmt: skip


def seed_and_pdf() -> None:
    from pypdf import PdfReader

    from verifier.extract import extract_report
    from verifier.extract.readers import read_pdf_bytes

    extract_report(str(SEED))  # start the extraction worker
    best, med = best_of(lambda: extract_report(str(SEED)), 20)
    n = len(extract_report(str(SEED)))
    print(f"seed text ({SEED.stat().st_size // 1024} KiB, {n} citations, in the bounded "
          f"worker): best {best * 1000:.1f} ms, median {med * 1000:.1f} ms")  # fmt: skip

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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--one", type=float, help=argparse.SUPPRESS)
    ap.add_argument("--sizes", default="2,20,200", help="MiB of text, comma-separated")
    args = ap.parse_args()
    if args.one is not None:
        one_size(args.one)
        return
    seed_and_pdf()
    scaling([float(x) for x in args.sizes.split(",")])


if __name__ == "__main__":
    main()
