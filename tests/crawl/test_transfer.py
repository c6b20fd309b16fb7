"""Slow is not dead, stalled is: a minimum transfer rate over a window judges a body, not a
whole-document time. Real aiohttp servers on 127.0.0.1 send at chosen rates.

Scale: the defaults are 1 KB/s over 30 s and a 900 s whole-document cap. These tests keep the
same shape at a few seconds' length: a window of 0.3-2 s instead of 30 s, and rates scaled with
it, so each shows the principle the defaults apply at full size.
"""

import asyncio
import hashlib
import re
import time
from dataclasses import replace

import pytest
from aiohttp import web

from tests.crawl.conftest import FAST
from verifier.crawl import crawl
from verifier.crawl.body import MinRate, _RateWindow, format_rate
from verifier.settings import CrawlSettings

CHUNK = 64 * 1024


class Paced:
    """Routes that send a body at a set pace, counting requests."""

    def __init__(self) -> None:
        self.hits: dict[str, int] = {}
        self.payload = bytes(range(256)) * (5 * 1024 * 1024 // 256)  # 5 MiB, not all zeros

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/trickle.pdf", self.trickle)
        app.router.add_get("/burst-then-trickle.pdf", self.burst_then_trickle)
        app.router.add_get("/steady.pdf", self.steady)
        return app

    async def _start(self, request: web.Request) -> web.StreamResponse:
        self.hits[request.path] = self.hits.get(request.path, 0) + 1
        resp = web.StreamResponse(headers={"Content-Type": "application/pdf"})
        await resp.prepare(request)
        await resp.write(b"%PDF-1.7\n")
        return resp

    async def trickle(self, request: web.Request) -> web.StreamResponse:
        resp = await self._start(request)
        for _ in range(600):  # 10 bytes a second for a minute: never finishes in a test
            await asyncio.sleep(0.1)
            await resp.write(b"x")
        return resp

    async def burst_then_trickle(self, request: web.Request) -> web.StreamResponse:
        resp = await self._start(request)
        await resp.write(b"0" * 300_000)  # enough to keep the average since the start high
        for _ in range(600):
            await asyncio.sleep(0.1)
            await resp.write(b"x")
        return resp

    async def steady(self, request: web.Request) -> web.StreamResponse:
        """2 MiB/s: one 64 KiB chunk every 1/32 s, paced against the clock, not the sleeps."""
        resp = await self._start(request)
        loop = asyncio.get_running_loop()
        start = loop.time()
        for i in range(0, len(self.payload), CHUNK):
            await asyncio.sleep(max(0.0, start + (i // CHUNK) / 32 - loop.time()))
            await resp.write(self.payload[i : i + CHUNK])
        return resp


@pytest.fixture
async def paced(aiohttp_server):
    p = Paced()
    server = await aiohttp_server(p.app())
    p.url = lambda path: str(server.make_url(path))
    return p


async def fetch_one(url, tmp_path, **overrides):
    start = time.monotonic()
    res = await crawl([url], replace(FAST, **overrides), spool_dir=str(tmp_path))
    return res[url], time.monotonic() - start


async def test_a_trickle_is_stalled_after_one_window_and_not_retried(paced, tmp_path):
    """10 B/s against a 1 KB/s minimum over 2 s: judged at the end of the first window, once.

    At full size (1 KB/s over 30 s) a 1 byte/s trickle is judged after 30 s, where the old
    whole-document limit held it 120 s per attempt, three attempts: six minutes for one URL.
    """
    r, took = await fetch_one(
        paced.url("/trickle.pdf"), tmp_path, min_rate_bytes_s=1024, min_rate_window_s=2,
        document_timeout_s=30, max_attempts=3,
    )  # fmt: skip
    assert r.verdict == "unreachable" and r.attempts == 1 and paced.hits["/trickle.pdf"] == 1
    assert re.fullmatch(r"stalled: under 1 KB/s for 2 s after \d{2} bytes \(1 attempt\)", r.reason)
    assert 1.9 <= took < 3.5, took
    assert not list(tmp_path.glob("body-*"))  # the partial body is gone


async def test_a_stall_after_a_fast_start_is_caught_by_the_window(paced, tmp_path):
    """300 KB at once, then 10 B/s: the average since the start stays above 1 KB/s for five
    minutes, the last 2 s fall below it at once. The window, not the average, decides."""
    r, took = await fetch_one(
        paced.url("/burst-then-trickle.pdf"), tmp_path, min_rate_bytes_s=1024,
        min_rate_window_s=2, document_timeout_s=30,
    )  # fmt: skip
    assert r.verdict == "unreachable" and r.attempts == 1
    m = re.fullmatch(r"stalled: under 1 KB/s for 2 s after ([\d,]+) bytes \(1 attempt\)", r.reason)
    assert m and 300_009 <= int(m[1].replace(",", "")) < 300_100, r.reason
    assert took < 2 * 2 + 1.0, took  # within two windows of the last real data


async def test_a_slow_but_steady_large_document_is_ok(paced, tmp_path):
    """The defaults scaled down 100 times in time and 10 times in size: a 50 MB report at a steady
    200 KB/s (250 s) becomes 5 MiB at 2 MiB/s (2.5 s); the 1 KB/s minimum over 30 s becomes
    10 KB/s over 0.3 s, the whole-document cap 900 s becomes 9 s. The old 120 s limit, scaled to
    1.2 s, cut this transfer off half-way and called it unreachable."""
    d = CrawlSettings()
    r, took = await fetch_one(
        paced.url("/steady.pdf"), tmp_path, min_rate_bytes_s=d.min_rate_bytes_s * 10 // 100 * 100,
        min_rate_window_s=d.min_rate_window_s / 100, document_timeout_s=d.document_timeout_s / 100,
        read_timeout_s=d.read_timeout_s / 100, max_body_bytes=10 * 1024 * 1024,
    )  # fmt: skip
    assert (r.verdict, r.attempts) == ("ok", 1), r.reason
    assert r.sha256 == hashlib.sha256(b"%PDF-1.7\n" + paced.payload).hexdigest()
    assert took >= 2.3  # it really was slow: longer than seven windows


def test_the_window_counts_recent_bytes_only():
    rate = MinRate(1000, 10)  # 10,000 bytes in any 10 s
    w = _RateWindow(rate, start=0.0)
    assert w.deadline() == 10.0  # nothing yet: judged at the end of the first window
    for t in range(1, 31):  # 2,000 B/s for 30 s: never below
        w.add(float(t), 2000 * t)
        assert w.deadline() > t
    assert 30 < w.deadline() <= 40  # silence from now on is a stall within one window
    w.add(35.0, 2000 * 30 + 10)  # five quiet seconds, then a trickle
    assert w.deadline() <= 40 + rate.window_s / 16  # only what came in the last 10 s counts
    assert len(w.samples) <= 18  # bounded bookkeeping however many chunks came


def test_rates_are_written_for_people():
    assert [format_rate(r) for r in (500, 1024, 1536, 200 * 1024, 3 * 1024 * 1024)] == [
        "500 B/s", "1 KB/s", "1.5 KB/s", "200 KB/s", "3 MB/s",
    ]  # fmt: skip
