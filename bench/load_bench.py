"""Load: a `verifier check` over 10,000 citations of 3,000 distinct documents on a local site.

Prints wall time and peak RSS of the check process (parser workers are capped separately, 1 GiB
each), then runs the same documents one at a time (one request in flight, one parser) and
compares every verdict. The site answers most documents with a small PDF, and deterministically
with a 404, an HTML error page or a 403 for some.

Run: .venv/bin/python bench/load_bench.py [--docs 3000] [--citations 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def serve(port: int, ready: Any) -> None:
    import functools
    import io

    from aiohttp import web
    from reportlab.pdfgen import canvas

    @functools.lru_cache(maxsize=4096)
    def pdf(i: int) -> bytes:
        buf = io.BytesIO()
        c = canvas.Canvas(buf, invariant=1)
        for page in range(1 + i % 3):
            c.drawString(72, 720, f"Disclosure document {i}, page {page + 1}: air emissions")
            c.showPage()
        c.save()
        return buf.getvalue()

    async def handler(request: web.Request) -> web.Response:
        i = int(request.match_info["i"])
        if i % 10 == 0:
            return web.Response(status=404, text="not found")
        if i % 10 == 1:
            return web.Response(text="<title>404 Not Found</title>", content_type="text/html")
        if i % 50 == 2:
            return web.Response(status=403, text="forbidden")
        return web.Response(body=pdf(i), content_type="application/pdf")

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/doc/{i}.pdf", handler)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port, backlog=2048).start()
        ready.set()
        await asyncio.Event().wait()

    asyncio.run(main())


def report_text(docs: int, citations: int) -> str:
    """An ASI-shaped report: principles, criterion rows, each row citing documents."""
    lines = ["FINDINGS", ""]
    per_row = 10
    rows = -(-citations // per_row)
    n = 0
    for r in range(rows):
        principle, crit = 1 + r // 99, 1 + r % 99
        if crit == 1:
            lines += [f"{principle}. PRINCIPLE {principle}", ""]
        lines += [f"{principle}.{crit} Criterion {principle}.{crit} Conformance Evidence:"]
        for _ in range(per_row):
            if n < citations:
                doc = n % docs
                url = f"https://site.example/doc/{doc}.pdf"
                lines.append(f"Document {doc} - ESG Report, page 1: {url}")
            n += 1
        lines.append("")
    return "\n".join(lines) + "\n"


def check(tmp: Path, port: int, config: str, name: str) -> tuple[float, int, dict[str, str], int]:
    cfg = tmp / f"{name}.toml"
    cfg.write_text(config + "[archive_lookup]\nenabled = false\n")  # loopback only
    cmd = [
        sys.executable,
        "-m",
        "verifier",
        "check",
        str(tmp / "report.txt"),
        "--db",
        str(tmp / f"{name}.sqlite"),
        "--archive",
        str(tmp / f"{name}-archive"),
        "--out",
        str(tmp / name),
        "--config",
        str(cfg),
        "--allow-private",
        "--expectations",
        str(tmp / "none"),
        "--remap",
        f"^https://site.example http://127.0.0.1:{port}",
    ]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: tell Popen
    wall = time.perf_counter() - start
    report = json.loads((tmp / name / "report.json").read_text())
    verdicts = {d["url"]: d["verdict"] for d in report["documents"]}
    return wall, usage.ru_maxrss // 1024, verdicts, len(report["citations"])


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--docs", type=int, default=3000)
    p.add_argument("--citations", type=int, default=10000)
    a = p.parse_args()
    port = 19000 + os.getpid() % 1000
    ready = multiprocessing.Event()
    server = multiprocessing.Process(target=serve, args=(port, ready), daemon=True)
    server.start()
    ready.wait(30)
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        (tmp / "none").mkdir()
        (tmp / "report.txt").write_text(report_text(a.docs, a.citations))
        fast = "[crawl]\nper_host_concurrency = 16\nmax_concurrency = 16\nper_host_delay_s = 0\n"
        wall, rss, verdicts, n = check(tmp, port, fast, "concurrent")
        print(
            f"{n} citations of {len(verdicts)} documents: {wall:.1f} s, "
            f"peak RSS of the check process {rss} MiB"
        )
        slow = (
            "[crawl]\nper_host_concurrency = 1\nmax_concurrency = 1\nper_host_delay_s = 0\n"
            "[fingerprint]\nworkers = 1\n"
        )
        wall1, rss1, one_by_one, _ = check(tmp, port, slow, "sequential")
        same = verdicts == one_by_one
        print(f"one at a time: {wall1:.1f} s, peak RSS {rss1} MiB; same verdicts: {same}")
        from collections import Counter

        print("verdicts:", dict(Counter(verdicts.values())))
    server.terminate()
    if not same:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
