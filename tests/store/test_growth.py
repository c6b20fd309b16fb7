"""Storage proportional to change: an unchanged run adds well under 1 KB per cited document,
database and archive together; a new archive directory is filled again (no holes)."""

import asyncio
import sqlite3

from aiohttp import web

from tests.support.pdfs import pdf
from verifier.cli import main

DOCS = 30


def _payload_bytes(db) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT SUM(payload) FROM dbstat").fetchone()[0]
    finally:
        conn.close()


def _archive_bytes(root) -> int:
    return sum(f.stat().st_size for f in root.rglob("*") if f.is_file())


async def test_an_unchanged_run_adds_under_1kb_per_document(aiohttp_server, tmp_path):
    bodies = {
        f"/esg/{i}.pdf": pdf([f"Report {i} page {p}: air emissions, governance, complaints and "
                              f"grievances handled in {2020 + p}" for p in range(1, 16)])
        for i in range(DOCS)
    }  # fmt: skip

    async def handle(request):
        body = bodies[request.path]
        etag = f'"{hash(body) & 0xFFFFFF:x}"'
        headers = {"ETag": etag, "Set-Cookie": f"session={id(request)}", "X-Request-Id": "r"}
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers=headers)
        return web.Response(body=body, content_type="application/pdf", headers=headers)

    app = web.Application()
    app.router.add_get("/{tail:.*}", handle)
    server = await aiohttp_server(app)
    base = str(server.make_url("")).rstrip("/")
    report = tmp_path / "report.txt"
    lines = [f"ESG Report {i}, page {1 + i % 15}: {base}/esg/{i}.pdf" for i in range(DOCS)]
    report.write_text("CRITERION RATING COMMENT\n6.1a-f Emissions to Air Conformance\n"
                      + "\n".join(lines) + "\n")  # fmt: skip
    cfg = tmp_path / "c.toml"
    cfg.write_text("[crawl]\nper_host_delay_s = 0\nper_host_concurrency = 8\n")
    db, archive = tmp_path / "h.sqlite", tmp_path / "archive"

    async def run(archive_dir=archive):
        return await asyncio.to_thread(main, [
            "check", str(report), "--out", str(tmp_path / "out"), "--db", str(db),
            "--archive", str(archive_dir), "--allow-private", "--config", str(cfg),
        ])  # fmt: skip

    assert await run() == 0
    first = _payload_bytes(db)
    assert await run() == 0
    second = _payload_bytes(db)
    stored_archive = _archive_bytes(archive)
    assert await run() == 0
    third = _payload_bytes(db)
    per_doc = (third - second) / DOCS
    print(f"\nfirst run {first / DOCS:.0f} B/document (15 pages each); "
          f"unchanged run {per_doc:.0f} B/document")  # fmt: skip
    assert per_doc < 1024
    assert _archive_bytes(archive) == stored_archive  # an unchanged run archives nothing new
    # A fresh archive directory (CI keeps the database, not the archive): the bodies are fetched
    # in full again rather than confirmed by 304s that would leave the archive empty.
    fresh = tmp_path / "fresh-archive"
    assert await run(fresh) == 0
    assert _archive_bytes(fresh) == stored_archive


async def test_a_304_without_validators_keeps_them_for_the_next_run(aiohttp_server, tmp_path):
    """Servers like Python's http.server answer 304 without repeating Last-Modified. The run
    after must still ask conditionally (before: every other run downloaded everything again)."""
    body = pdf(["Cover", "Air emissions fell by 4 percent"])
    seen: list[str | None] = []

    async def handle(request):
        since = request.headers.get("If-Modified-Since")
        seen.append(since)
        if since == "Mon, 02 Nov 2026 10:00:00 GMT":
            return web.Response(status=304)  # no Last-Modified, no ETag
        return web.Response(body=body, content_type="application/pdf",
                            headers={"Last-Modified": "Mon, 02 Nov 2026 10:00:00 GMT"})  # fmt: skip

    app = web.Application()
    app.router.add_get("/{tail:.*}", handle)
    server = await aiohttp_server(app)
    report = tmp_path / "r.txt"
    report.write_text("CRITERION RATING COMMENT\n6.1a-f Emissions to Air Conformance\n"
                      f"ESG Report, page 2: {str(server.make_url('')).rstrip('/')}/esg.pdf\n")  # fmt: skip
    cfg = tmp_path / "c.toml"
    cfg.write_text("[crawl]\nper_host_delay_s = 0\n")
    for _ in range(4):
        assert await asyncio.to_thread(main, [
            "check", str(report), "--out", str(tmp_path / "out"), "--db", str(tmp_path / "h.sqlite"),
            "--archive", str(tmp_path / "a"), "--allow-private", "--config", str(cfg)]) == 0  # fmt: skip
    assert seen == [None] + ["Mon, 02 Nov 2026 10:00:00 GMT"] * 3
