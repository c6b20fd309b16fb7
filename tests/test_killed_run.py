"""kill -9 of a real `verifier check` half-way: what was settled is kept, the next run works."""

import asyncio
import os
import signal
import sqlite3
import sys

from aiohttp import web

from tests.support.pdfs import pdf
from verifier.store import HistoryStore

DOC = pdf(["Evidence", "Air emissions"])


async def test_kill_9_mid_check(aiohttp_server, tmp_path):
    slow = asyncio.Event()

    async def handler(request):
        if request.path.startswith("/slow") and not slow.is_set():
            await asyncio.sleep(60)
        return web.Response(body=DOC, content_type="application/pdf")

    app = web.Application()
    app.router.add_get("/{tail:.*}", handler)
    server = await aiohttp_server(app)
    lines = ["FINDINGS", "", "1. BUSINESS INTEGRITY", "", "1.1 Legal Compliance Conformance See:"]
    lines += [f"https://evidence.example/fast/{i}.pdf" for i in range(8)]
    lines += [f"https://evidence.example/slow/{i}.pdf" for i in range(4)]
    report = tmp_path / "r.txt"
    report.write_text("\n".join(lines) + "\n")
    db = tmp_path / "h.sqlite"
    cfg = tmp_path / "c.toml"
    cfg.write_text("[crawl]\nper_host_delay_s = 0\nper_host_concurrency = 8\nread_timeout_s = 120\n"
                   "document_timeout_s = 120\n[archive_lookup]\nenabled = false\n")  # fmt: skip
    cmd = [sys.executable, "-m", "verifier", "check", str(report), "--db", str(db), "--out",
           str(tmp_path / "out"), "--archive", str(tmp_path / "archive"), "--allow-private",
           "--config", str(cfg), "--remap",
           f"^https://evidence.example {str(server.make_url('')).rstrip('/')}"]  # fmt: skip

    async def observations() -> int:
        if not db.exists():
            return 0
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            try:
                return conn.execute("SELECT count(*) FROM observation").fetchone()[0]
            except sqlite3.OperationalError:
                return 0

    proc = await asyncio.create_subprocess_exec(*cmd, stdout=asyncio.subprocess.DEVNULL,
                                                stderr=asyncio.subprocess.DEVNULL)  # fmt: skip
    for _ in range(300):
        if await observations() >= 8:
            break
        await asyncio.sleep(0.1)
    assert await observations() == 8  # the fast documents, committed while the slow ones hang
    os.kill(proc.pid, signal.SIGKILL)
    await proc.wait()

    with HistoryStore.open(db) as store:
        assert store.integrity_ok()
        assert len(store.observations(1)) == 8
    slow.set()
    code = await asyncio.to_thread(
        __import__("subprocess").run, cmd, capture_output=True, check=False
    )
    assert code.returncode == 0, code.stdout + code.stderr
    with HistoryStore.open(db, readonly=True) as store:
        statuses = {r.id: r.status for r in store.runs()}
        assert statuses == {1: "incomplete", 2: "complete"}
        assert len(store.observations(2)) == 12
