"""Fingerprint speed, memory and fidelity on real-world PDFs: verifier (PDFium) against poppler's
pdftotext and pypdf, in the same run.

Inputs: every PDF under the repository's sibling `shared/corpus/` and under each directory given
as an argument (public PDF projects' test corpora, fetched by hand, never committed); with none
of these, a generated 100-page report. Each engine runs in its own child process over the same
files, one at a time, so wall time and peak RSS (from wait4) compare:
- verifier: `fingerprint_pdf` (PDFium text of the visible area, normalisation, SHA-256, simhash,
  margin page numbers, the unreadable check), everything a worker does per document;
- pdfium text: `get_text_range` per page and nothing else, the floor for this engine;
- pypdf: `extract_text` per page (verifier's engine before issue 12);
- pdftotext -layout: a subprocess per document (Debian poppler-utils), RSS of the largest one.
Fidelity: per page, the char-bag F1 of each engine's normalised text against pdftotext's, for
Latin and for CJK pages. Last, the verdicts verifier gives on the five misread classes.

Run: .venv/bin/python bench/fingerprint_bench.py [DIR ...]
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = ROOT / ".." / "shared" / "corpus"
FILE_LIMIT_S = 60
LARGEST = 8  # "large real PDFs": this many files with the most pages
ENGINES = ("verifier", "pdfium text", "pypdf", "pdftotext -layout")
WORDS = ["emissions", "governance", "supplier", "audit", "water", "energy", "waste", "safety",
         "training", "policy", "disclosure", "risk", "target", "scope", "biodiversity"]  # fmt: skip


# --- children: one engine over a list of files --------------------------------------------------


def _alarm(_sig: int, _frame: object) -> None:
    raise TimeoutError


def _pages_verifier(path: str) -> list[str]:
    from verifier.fingerprint.pdf import fingerprint_pdf

    return [p.text for p in fingerprint_pdf(path, "0" * 64, os.path.getsize(path), 3000).pages]


def _pages_pdfium(path: str) -> list[str]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(path)
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def _pages_pypdf(path: str) -> list[str]:
    from pypdf import PdfReader

    return [p.extract_text() or "" for p in PdfReader(path).pages]


def _pages_pdftotext(path: str) -> list[str]:
    done = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", path, "-"],
                          capture_output=True, timeout=FILE_LIMIT_S, check=False)  # fmt: skip
    if done.returncode != 0 and not done.stdout:
        raise RuntimeError(done.stderr.decode(errors="replace")[:100])
    pages = done.stdout.decode("utf-8", errors="replace").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def child(engine: str, list_file: str, out_file: str) -> None:
    from verifier.logs import quiet_parsers

    quiet_parsers()
    read = {"verifier": _pages_verifier, "pdfium text": _pages_pdfium, "pypdf": _pages_pypdf,
            "pdftotext -layout": _pages_pdftotext}[engine]  # fmt: skip
    signal.signal(signal.SIGALRM, _alarm)
    results = {}
    for path in Path(list_file).read_text().splitlines():
        start = time.perf_counter()
        signal.alarm(FILE_LIMIT_S)
        try:
            pages, error = read(path), None
        except BaseException as exc:  # every engine fails its own way on damaged files
            pages, error = [], f"{type(exc).__name__}"
        finally:
            signal.alarm(0)
        results[path] = {"s": time.perf_counter() - start, "pages": pages, "error": error}
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    Path(out_file).write_text(json.dumps({"files": results, "children_rss_kib": children}))


# --- parent --------------------------------------------------------------------------------------


def run_engine(engine: str, files: list[Path], tmp: Path) -> tuple[dict, float, float]:
    """(per-file results, wall seconds, peak RSS MiB) of one engine in a child process."""
    list_file, out_file = tmp / "files.txt", tmp / f"{engine.split()[0]}.json"
    list_file.write_text("\n".join(str(f) for f in files))
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, __file__, "--child", engine, str(list_file),
                             str(out_file)])  # fmt: skip
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{engine}: child failed ({status})")
    data = json.loads(out_file.read_text())
    rss_kib = max(
        usage.ru_maxrss, data["children_rss_kib"] if engine.startswith("pdftotext") else 0
    )
    return data["files"], wall, rss_kib / 1024


def _bag(text: str) -> Counter[str]:
    from verifier.fingerprint.normalise import normalise

    return Counter(c for c in normalise(text).casefold() if not c.isspace())


def f1(a: Counter[str], b: Counter[str]) -> float:
    total = sum(a.values()) + sum(b.values())
    return 1.0 if total == 0 else 2 * sum((a & b).values()) / total


def script_of(bag: Counter[str]) -> str | None:
    n = sum(bag.values())
    cjk = sum(v for c, v in bag.items() if "\u3040" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7af")
    latin = sum(v for c, v in bag.items() if c.isascii() and c.isalpha())
    if cjk >= 20 and cjk >= 0.3 * n:
        return "CJK"
    if latin >= 50 and latin >= 0.5 * n:
        return "Latin"
    return None


def generated_report(tmp: Path) -> list[Path]:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    rnd = random.Random(7)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for n in range(1, 101):
        c.setFont("Helvetica", 9.5)
        for k in range(34):
            c.drawString(60, 765 - 13 * k, " ".join(rnd.choice(WORDS) for _ in range(14)))
        c.drawString(290, 30, str(n))
        c.showPage()
    c.save()
    path = tmp / "generated-100p.pdf"
    path.write_bytes(buf.getvalue())
    return [path]


def misread_verdicts() -> None:
    from tests.support import misread_pdfs as m
    from verifier.checks import run_checks
    from verifier.checks.expectations import Expectation
    from verifier.fingerprint.pdf import fingerprint_pdf
    from verifier.models import Citation, FetchResult, Location

    footer = m.word_footer_pdf(["c", "t"] + [f"body {n}" for n in range(1, 6)])
    cases = {
        "1 CID font, no ToUnicode (GB1)": (m.cid_font_pdf(["审计报告", "内部控制"]), 1, "内部控制"),
        "1 CID font, no Unicode at all": (m.cid_font_pdf(["内部控制"], "Identity"), 1, "内部控制"),
        "2 radical code points": (m.radicals_pdf(["页面不存在"]), 1, "页面不存在"),
        "3 Type3 digits as control codes": (m.type3_control_pdf(["Total 14,918,000 t"]), 1,
                                            "14,918,000"),
        "4 spread, cited page 2": (m.spread_pdf("left half", "right half"), 2, "right half"),
        "5 footer number (page 3 cited)": (footer, 3, "body 3"),
        "6 non-embedded CJK font": (m.system_font_pdf(["审计报告内部控制", "废气排放投诉处理机制"]),
                                    1, "投诉处理机制"),
    }  # fmt: skip
    url = "https://x.example/r.pdf"
    ok = FetchResult(url, url, url, "ok", "HTTP 200", 200, 1, detected_type="pdf")
    print("\nmisread classes (issue 12): expected_text on the cited page")
    with tempfile.TemporaryDirectory() as tmp:
        for name, (data, cited, phrase) in cases.items():
            path = Path(tmp) / "m.pdf"
            path.write_bytes(data)
            fp = fingerprint_pdf(str(path), hashlib.sha256(data).hexdigest(), len(data), 100)
            c = Citation("r", "1", "t", "c", url, "report", (cited,), True, Location())
            checks = run_checks(c, ok, fp, [Expectation("b", url=url, all_of=(phrase,))])
            check = next(k for k in checks if k.name == "expected_text")
            print(f"  {name:36} {check.outcome:13} {check.detail[:70]}")


def main(dirs: list[str]) -> None:
    files = sorted(SHARED.glob("*/*.pdf")) if SHARED.is_dir() else []
    for d in dirs:
        files += sorted(Path(d).rglob("*.pdf"))
    engines = [e for e in ENGINES if not e.startswith("pdftotext") or shutil.which("pdftotext")]
    if "pdftotext -layout" not in engines:
        print("pdftotext: not installed (Debian poppler-utils): no agreement figures")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        if not files:
            files = generated_report(tmp)
        runs = {e: run_engine(e, files, tmp) for e in engines}
    ref = runs["verifier"][0]
    pages = {f: len(r["pages"]) for f, r in ref.items()}
    total = sum(pages.values())
    largest = sorted(pages, key=pages.get, reverse=True)[:LARGEST]
    big = sum(pages[f] for f in largest)
    print(f"{len(files)} PDFs, {total} pages (PDFium count); largest {LARGEST}: {big} pages")
    print(
        f"{'engine':20} {'pages/s all':>11} {'pages/s largest':>15} {'peak RSS':>9} {'failed':>6}"
    )
    for engine, (res, wall, rss) in runs.items():
        failed = sum(1 for r in res.values() if r["error"])
        big_s = sum(res[f]["s"] for f in largest)
        print(f"{engine:20} {total / wall:11.0f} {big / big_s:15.0f} {rss:7.0f} MiB {failed:6}")
    if "pdftotext -layout" in runs:
        agreement(runs)
    misread_verdicts()


def agreement(runs: dict) -> None:
    ref = runs["pdftotext -layout"][0]
    print("\nper-page char-bag F1 against pdftotext -layout (mean, pages under 0.9)")
    for engine in ("verifier", "pypdf"):
        res = runs[engine][0]
        scores: dict[str, list[float]] = {"Latin": [], "CJK": []}
        for f, r in ref.items():
            mine = res[f]["pages"]
            if r["error"] or res[f]["error"] or len(mine) != len(r["pages"]):
                continue
            for theirs, ours in zip(r["pages"], mine, strict=True):
                bag = _bag(theirs)
                kind = script_of(bag)
                if kind:
                    scores[kind].append(f1(_bag(ours), bag))
        for kind, s in scores.items():
            if s:
                low = sum(x < 0.9 for x in s)
                print(
                    f"  {engine:9} {kind:5} {len(s):5} pages  F1 {sum(s) / len(s):.3f}  <0.9: {low}"
                )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(*sys.argv[2:5])
    else:
        main(sys.argv[1:])
