"""A real aiohttp server on 127.0.0.1 that misbehaves on request, and a crawl helper."""

import asyncio
import gzip
import io
from collections import Counter
from dataclasses import replace

import pytest
from aiohttp import web
from reportlab.pdfgen import canvas

from verifier.crawl import crawl
from verifier.settings import CrawlSettings

FAST = CrawlSettings(
    connect_timeout_s=2, read_timeout_s=1, document_timeout_s=3, max_attempts=3,
    backoff_base_s=0.01, backoff_max_s=0.05, backoff_jitter_s=0, per_host_delay_s=0,
    retry_after_cap_s=5, allow_private=True,
)  # fmt: skip


def make_pdf(text: str = "Evidence document", pages: int = 2) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for i in range(pages):
        c.drawString(72, 720, f"{text} - page {i + 1}")
        c.showPage()
    c.save()
    return buf.getvalue()


PDF = make_pdf()


class Behaviour:
    """Routes that each show one behaviour, with counters the tests read."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.in_flight = 0
        self.peak = 0
        self.times: dict[str, list[float]] = {}

    def app(self) -> web.Application:
        app = web.Application()
        r = app.router
        r.add_get("/ok.pdf", self.ok)
        r.add_get("/status/{code}", self.status)
        r.add_get("/flaky.pdf", self.flaky)
        r.add_get("/ratelimited.pdf", self.ratelimited)
        r.add_get("/r1", self.redirect("/r2"))
        r.add_get("/r2", self.redirect("/ok.pdf"))
        r.add_get("/loop-a", self.redirect("/loop-b"))
        r.add_get("/loop-b", self.redirect("/loop-a"))
        r.add_get("/to-ftp", self.redirect("ftp://example.org/x.pdf"))
        r.add_get("/trickle.pdf", self.trickle)
        r.add_get("/reset.pdf", self.reset)
        r.add_get("/pdf-as-html.pdf", self.pdf_as_html)
        r.add_get("/error-page.pdf", self.html("<title>404 Not Found</title><h1>Not Found</h1>"))
        r.add_get("/cn-error.pdf", self.html("<title>提示</title><p>页面不存在</p>"))
        r.add_get("/challenge.pdf", self.html("<title>Just a moment...</title>cf-chl"))
        r.add_get(
            "/html-page.pdf", self.html("<title>Annual report</title><p>Download it here</p>")
        )
        r.add_get("/to-root.pdf", self.redirect("/"))
        r.add_get("/", self.html("<title>Innovation Metal - Home</title><p>Welcome</p>"))
        r.add_get("/empty.pdf", self.empty)
        r.add_get("/big.pdf", self.big)
        r.add_get("/bomb.pdf", self.bomb)
        r.add_get("/slow/{n}", self.slow)
        r.add_get("/counted.pdf", self.counted)
        return app

    async def ok(self, request):
        self.hits[request.path] += 1
        return web.Response(body=PDF, content_type="application/pdf", headers={"ETag": '"v1"'})

    async def status(self, request):
        self.hits[request.path] += 1
        return web.Response(status=int(request.match_info["code"]), text="error")

    async def flaky(self, request):
        self.hits[request.path] += 1
        if self.hits[request.path] < 3:
            return web.Response(status=503, text="busy")
        return web.Response(body=PDF, content_type="application/pdf")

    async def ratelimited(self, request):
        self.hits[request.path] += 1
        loop = asyncio.get_running_loop()
        self.times.setdefault(request.path, []).append(loop.time())
        if self.hits[request.path] == 1:
            return web.Response(status=429, headers={"Retry-After": "1"})
        return web.Response(body=PDF, content_type="application/pdf")

    def redirect(self, location):
        async def handler(_request):
            raise web.HTTPFound(location)

        return handler

    async def empty(self, _request):
        return web.Response(body=b"", content_type="application/pdf")

    async def trickle(self, request):
        resp = web.StreamResponse(headers={"Content-Type": "application/pdf"})
        await resp.prepare(request)
        await resp.write(b"%PDF-1.4\n")
        for _ in range(600):  # far longer than any test limit
            await asyncio.sleep(0.2)
            await resp.write(b"x")
        return resp

    async def reset(self, request):
        resp = web.StreamResponse(
            headers={"Content-Type": "application/pdf", "Content-Length": "100000"}
        )
        await resp.prepare(request)
        await resp.write(PDF[:500])
        request.transport.close()
        return resp

    async def pdf_as_html(self, request):
        return web.Response(body=PDF, content_type="text/html")

    def html(self, body):
        async def handler(request):
            self.hits[request.path] += 1
            return web.Response(text=f"<html><head>{body}</html>", content_type="text/html")

        return handler

    async def big(self, request):
        return web.Response(body=b"%PDF-1.4\n" + b"0" * 3_000_000, content_type="application/pdf")

    async def bomb(self, request):
        payload = gzip.compress(b"%PDF-1.4\n" + b"\0" * 50_000_000, compresslevel=9)
        return web.Response(body=payload, headers={"Content-Encoding": "gzip",
                                                   "Content-Type": "application/pdf"})  # fmt: skip

    async def slow(self, request):
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        try:
            await asyncio.sleep(0.15)
            return web.Response(body=PDF, content_type="application/pdf")
        finally:
            self.in_flight -= 1

    async def counted(self, request):
        self.hits[request.path] += 1
        return web.Response(body=PDF, content_type="application/pdf")


@pytest.fixture
async def site(aiohttp_server):
    behaviour = Behaviour()
    server = await aiohttp_server(behaviour.app())
    behaviour.url = lambda path: str(server.make_url(path))
    return behaviour


@pytest.fixture
def run_crawl(tmp_path):
    async def run(urls, **overrides):
        settings = replace(FAST, **overrides)
        return await crawl(urls, settings, spool_dir=str(tmp_path))

    return run
