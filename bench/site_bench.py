"""Site: `verifier site` over a generated portfolio history (default 100 reports x 100 citations
x 40 runs, 10,000 distinct documents), against the physical bound (reading the same rows and
writing the same bytes, nothing rendered) and a peer (`verifier report` of one run, which reads
each document's whole history).

Prints wall time, pages, size and peak RSS. Run: .venv/bin/python bench/site_bench.py
[--reports 100] [--citations 100] [--runs 40] [--window 30]
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.site.portfolio import build_portfolio  # noqa: E402


def timed(cmd: list[str]) -> tuple[float, str]:
    t = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{cmd[3]} failed: {proc.stderr.strip()}")
    return time.perf_counter() - t, proc.stdout.strip()


def bound(db: Path, since: int, out: Path, nbytes: int) -> float:
    """Read every row the site reads (no parsing, no rendering) and write as many bytes."""
    t = time.perf_counter()
    conn = sqlite3.connect(db)
    for sql in (
        "SELECT url, run_id, observed_at, verdict, sha256 FROM observation WHERE run_id >= ?",
        "SELECT c.run_id, c.report, c.criterion, c.url, k.outcome FROM citation c "
        "JOIN check_result k ON k.citation_id = c.id WHERE c.run_id >= ?",
    ):
        for _ in conn.execute(sql, (since,)):
            pass
    conn.close()
    out.mkdir(exist_ok=True)
    chunk = b"x" * 20_000
    for i in range(nbytes // len(chunk) + 1):
        (out / f"{i}.html").write_bytes(chunk)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=100)
    ap.add_argument("--citations", type=int, default=100)
    ap.add_argument("--runs", type=int, default=40)
    ap.add_argument("--window", type=int, default=30)
    args = ap.parse_args()
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "portfolio.sqlite"
        t = time.perf_counter()
        build_portfolio(db, args.reports, args.citations, args.runs)
        print(
            f"generated {args.reports} reports x {args.citations} citations x {args.runs} runs "
            f"({os.path.getsize(db) / 1e6:.0f} MB history) in {time.perf_counter() - t:.0f} s"
        )
        site = Path(tmp) / "site"
        cmd = [py, "-m", "verifier", "site", "--db", str(db), "--out", str(site),
               "--runs", str(args.window)]  # fmt: skip
        wall, line = timed(cmd)
        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        size = sum(p.stat().st_size for p in site.rglob("*.html"))
        pages = sum(1 for _ in site.rglob("*.html"))
        print(
            f"verifier site: {wall:.1f} s wall, {pages} pages, {size / 1e6:.0f} MB, "
            f"peak RSS {rss:.0f} MB ({line.split(' in ')[-1].split(':')[0]} inside)"
        )
        since = max(1, args.runs - args.window + 1)
        print(
            f"bound (read the same rows, write {size / 1e6:.0f} MB): "
            f"{bound(db, since, Path(tmp) / 'bound', size):.1f} s"
        )
        wall, _ = timed([py, "-m", "verifier", "report", "--db", str(db),
                         "--out", str(Path(tmp) / "report")])  # fmt: skip
        print(
            f"peer: verifier report of the latest run alone (whole history per document): "
            f"{wall:.1f} s"
        )


if __name__ == "__main__":
    main()
