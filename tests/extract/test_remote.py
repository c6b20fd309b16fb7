"""A report given as an http(s) URL is downloaded (bounded, safely) and extracted."""

from aiohttp import web

from verifier.extract import extract_many
from verifier.settings import ExtractSettings


async def _serve(aiohttp_server, seed_text):
    async def report(_req):
        return web.Response(text=seed_text, content_type="text/plain")

    async def moved(_req):
        raise web.HTTPFound("/report.txt")

    async def gone(_req):
        return web.Response(status=404, text="nope")

    async def huge(_req):
        return web.Response(body=b"x" * 50_000, content_type="text/plain")

    app = web.Application()
    app.router.add_get("/report.txt", report)
    app.router.add_get("/moved", moved)
    app.router.add_get("/gone.pdf", gone)
    app.router.add_get("/huge.txt", huge)
    return await aiohttp_server(app)


async def test_remote_report(aiohttp_server, seed_path):
    server = await _serve(aiohttp_server, seed_path.read_text(encoding="utf-8"))
    url = str(server.make_url("/moved"))
    import asyncio

    cites, errors = await asyncio.to_thread(extract_many, [url], None, allow_private=True)
    assert errors == []
    assert len(cites) == 107 and cites[0].report == url


async def test_remote_errors_are_one_line_each(aiohttp_server, seed_path):
    import asyncio

    server = await _serve(aiohttp_server, seed_path.read_text(encoding="utf-8"))
    small = ExtractSettings(max_download_bytes=10_000)
    urls = [str(server.make_url("/gone.pdf")), str(server.make_url("/huge.txt")),
            "ftp://example.org/report.pdf"]  # fmt: skip
    cites, errors = await asyncio.to_thread(extract_many, urls, small, allow_private=True)
    assert cites == []
    messages = {e.path: e.message for e in errors}
    assert "HTTP 404 after 1 attempt" in messages[urls[0]]
    assert "limit" in messages[urls[1]]
    assert "unknown report type" in messages[urls[2]] or "only http" in messages[urls[2]]


async def test_loopback_refused_unless_allowed(aiohttp_server, seed_path):
    import asyncio

    server = await _serve(aiohttp_server, seed_path.read_text(encoding="utf-8"))
    url = str(server.make_url("/report.txt"))
    cites, errors = await asyncio.to_thread(extract_many, [url])
    assert cites == []
    assert "127.0.0.1 is not public" in errors[0].message
