"""Writing a WACZ evidence package, against the physical bound and py-wacz's own writer.

Bodies: 40 documents of 0.5-8 MB (random bytes: incompressible, like most PDFs), about 180 MB.
Figures, best of 3, in this process unless said:
- bound: one read of every body with SHA-256 and SHA-1 plus one gzip-1 write of it (the least
  any writer that checks payloads and gzips its WARC must do)
- verifier: write_wacz (checks every payload's SHA-256, writes the WARC with warcio, indexes it
  with cdxj-indexer, zips it with the manifests)
- py-wacz: `wacz create` on the WARC verifier wrote (indexing, pages, zip), as a child process
- `wacz validate` of verifier's package, as a child process

Run: .venv/bin/python bench/wacz_bench.py
"""

from __future__ import annotations

import gzip
import hashlib
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from verifier.store.wacz import WaczRecord, write_wacz  # noqa: E402

DOCS = 40


def make_bodies(work: Path) -> list[WaczRecord]:
    rng = random.Random(15)
    records = []
    for i in range(DOCS):
        data = rng.randbytes(rng.randint(512 * 1024, 8 * 1024 * 1024))
        path = work / f"body-{i}.pdf"
        path.write_bytes(data)
        records.append(
            WaczRecord(f"https://example.org/doc-{i}.pdf", "2024-03-01T10:00:00Z", 200,
                       [("Content-Type", "application/pdf")], str(path),
                       hashlib.sha256(data).hexdigest())
        )  # fmt: skip
    return records


def bound(records: list[WaczRecord], out: Path) -> None:
    with gzip.open(out, "wb", compresslevel=1) as dst:
        for r in records:
            h256, h1 = hashlib.sha256(), hashlib.sha1()
            with open(r.body_path, "rb") as fh:
                while chunk := fh.read(1 << 20):
                    h256.update(chunk)
                    h1.update(chunk)
                    dst.write(chunk)


def best(fn, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        records = make_bodies(work)
        total = sum(os.path.getsize(r.body_path) for r in records)
        mb = total / 1e6
        out = work / "evidence.wacz"
        t_bound = best(lambda: bound(records, work / "bound.gz"))
        t_ours = best(lambda: write_wacz(records, [r.url for r in records], out, title="bench"))
        print(f"{DOCS} documents, {mb:.0f} MB of bodies, package {out.stat().st_size / 1e6:.0f} MB")
        print(f"bound (hash + gzip-1 once): {t_bound:.2f} s, {mb / t_bound:.0f} MB/s")
        print(f"verifier write_wacz:        {t_ours:.2f} s, {mb / t_ours:.0f} MB/s "
              f"({t_ours / t_bound:.2f}x bound)")  # fmt: skip
        wacz_cli = Path(sys.executable).with_name("wacz")
        if not wacz_cli.exists():
            print("py-wacz not installed (pip install -e '.[dev]'): peer and validation skipped")
            return
        with zipfile.ZipFile(out) as zf:
            zf.extract("archive/evidence.warc.gz", work)
        warc = work / "archive" / "evidence.warc.gz"
        peer_out = work / "peer.wacz"

        def peer() -> None:
            subprocess.run([str(wacz_cli), "create", "-o", str(peer_out), str(warc)],
                           check=True, capture_output=True)  # fmt: skip

        t_peer = best(peer)
        print(f"py-wacz create (from our WARC, no hashing of bodies, no WARC writing): "
              f"{t_peer:.2f} s")  # fmt: skip
        t = time.perf_counter()
        res = subprocess.run([str(wacz_cli), "validate", "-f", str(out)], capture_output=True,
                             text=True, check=False)  # fmt: skip
        ok = "Validation succeeded" in res.stdout
        print(f"wacz validate of our package: {time.perf_counter() - t:.2f} s, valid={ok}")
        shutil.rmtree(work / "archive")


if __name__ == "__main__":
    main()
