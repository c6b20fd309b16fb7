"""Adaptive politeness against a real rate-limiting aiohttp server on 127.0.0.1.

The server allows `limit` requests per sliding window of `window` seconds, answers 429 with a
`Retry-After` beyond that, and logs every request it sees (arrival time and status), so the
tests judge the crawler by what the server saw, not by what the crawler believes it did.
"""

from __future__ import annotations

import asyncio
import math
import time
from dataclasses import replace

import pytest
from aiohttp import web
from structlog.testing import capture_logs

from tests.crawl.conftest import FAST, PDF
from verifier.crawl import HostLimiter, crawl
from verifier.crawl.hostlimits import host_key


class RateLimitedSite:
    """`limit` requests per `window` seconds; `announce` picks the header dialect that tells
    the client its quota (None: a bare 429 with Retry-After, the least a server says)."""

    def __init__(self, limit: int, window: float = 1.0, announce: str | None = None) -> None:
        self.limit, self.window, self.announce = limit, window, announce
        self.accepted: list[float] = []  # arrival times of requests answered 200
        self.log: list[tuple[float, int]] = []  # (arrival, status) of every request

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/doc/{n}.pdf", self.handle)
        return app

    def _quota_headers(self, now: float) -> dict[str, str]:
        recent = [t for t in self.accepted if t > now - self.window]
        remaining = self.limit - len(recent)
        reset = math.ceil(recent[0] + self.window - now) if recent else 0
        if self.announce == "draft-06":
            return {"RateLimit-Policy": f"{self.limit};w={self.window:g}",
                    "RateLimit-Remaining": str(remaining), "RateLimit-Reset": str(reset)}  # fmt: skip
        if self.announce == "draft-08":
            return {"RateLimit-Policy": f'"burst";q={self.limit};w={self.window:g}',
                    "RateLimit": f'"burst";r={remaining};t={reset}'}  # fmt: skip
        if self.announce == "x-epoch":  # GitHub's form: the reset is a Unix time
            return {"X-RateLimit-Limit": str(self.limit),
                    "X-RateLimit-Remaining": str(remaining),
                    "X-RateLimit-Reset": str(math.ceil(time.time() + reset))}  # fmt: skip
        return {}

    async def handle(self, request: web.Request) -> web.Response:
        now = asyncio.get_running_loop().time()
        recent = [t for t in self.accepted if t > now - self.window]
        if len(recent) >= self.limit:
            self.log.append((now, 429))
            wait = max(1, math.ceil(recent[0] + self.window - now))
            headers = {"Retry-After": str(wait), **self._quota_headers(now)}
            return web.Response(status=429, headers=headers, text="slow down")
        self.accepted.append(now)
        self.log.append((now, 200))
        return web.Response(body=PDF, content_type="application/pdf",
                            headers=self._quota_headers(now))  # fmt: skip

    def busiest_window(self, after: float) -> int:
        """Most requests the server saw in any `window` seconds, counting arrivals after `after`."""
        times = [t for t, _ in self.log if t > after]
        return max((sum(1 for u in times if t <= u < t + self.window) for t in times), default=0)


@pytest.fixture
def run(tmp_path):
    """Crawl /doc/0.pdf … /doc/{n-1}.pdf; the results and the host's figures."""

    async def crawl_docs(server, n: int, **overrides):
        settings = replace(FAST, **overrides)
        limiter = HostLimiter.from_settings(settings)
        urls = [str(server.make_url(f"/doc/{i}.pdf")) for i in range(n)]
        with capture_logs() as logs:
            results = await crawl(urls, settings, spool_dir=str(tmp_path), limiter=limiter)
        stats = limiter.stats()[host_key(urls[0])]
        logged = [e for e in logs if e["event"] == "host figures"]
        # The figures of a host that refused or needed retries are logged once, as kept.
        expected = [{"host": host_key(urls[0]), **stats.to_dict()}] if stats.retries else []
        assert [{k: e[k] for k in ("host", *stats.to_dict())} for e in logged] == expected
        return results, stats

    return crawl_docs


async def test_backs_off_to_the_servers_rate_and_gets_every_document(aiohttp_server, run):
    """A bare 429 + Retry-After: after the first refusals (the requests already in flight), the
    server never sees more than its limit again, nothing is lost, and the gap comes back down
    from the back-off to about the server's own pace."""
    site = RateLimitedSite(limit=10)
    server = await aiohttp_server(site.app())
    results, stats = await run(server, 30, per_host_concurrency=4, max_attempts=6)
    assert {r.verdict for r in results.values()} == {"ok"}
    statuses = [status for _, status in site.log]
    assert 429 in statuses, "the crawl must have been faster than the server allows"
    # One burst of refusals: the first and at most the 3 requests already in flight with it...
    burst = statuses.index(429)
    assert statuses[burst:].count(429) <= 4
    # ...then, from the first request accepted after the pause, never again, nor too fast.
    resumed = statuses.index(200, burst)
    assert 429 not in statuses[resumed:]
    assert site.busiest_window(after=site.log[resumed][0] - 1e-9) <= site.limit
    refused = [t for t, status in site.log if status == 429]
    assert stats.throttled == len(refused)
    assert stats.requests == len(site.log) and stats.retries == len(refused)
    assert stats.waited_s >= 0.9  # the host was paused for its Retry-After
    # Recovered: well under the 0.5 s back-off gap, not faster than the server's 0.1 s pace.
    assert 0.1 <= stats.gap_s < 0.25


@pytest.mark.parametrize("dialect", ["draft-06", "draft-08", "x-epoch"])
async def test_a_server_announcing_its_quota_never_has_to_refuse(aiohttp_server, run, dialect):
    """Paced by RateLimit-Remaining/Reset (in each dialect) before any 429 is needed."""
    site = RateLimitedSite(limit=5, announce=dialect)
    server = await aiohttp_server(site.app())
    results, stats = await run(server, 9, per_host_concurrency=2)
    assert {r.verdict for r in results.values()} == {"ok"}
    assert [s for _, s in site.log] == [200] * 9
    assert stats.throttled == 0 and stats.retries == 0
    assert stats.waited_s > 0.5  # it did have to wait for the window to reset


async def test_recovers_to_the_configured_gap(aiohttp_server, run):
    """One refusal with nothing learned (no request had been accepted yet): the gap grows to
    the throttle gap, then halves back to the configured gap as requests are accepted."""
    seen: list[int] = []

    async def handle(request: web.Request) -> web.Response:
        seen.append(len(seen))
        if len(seen) == 1:
            return web.Response(status=429, headers={"Retry-After": "0"})
        return web.Response(body=PDF, content_type="application/pdf")

    app = web.Application()
    app.router.add_get("/doc/{n}.pdf", handle)
    server = await aiohttp_server(app)
    results, stats = await run(server, 8, per_host_concurrency=1, per_host_delay_s=0.02)
    assert {r.verdict for r in results.values()} == {"ok"}
    assert (stats.throttled, stats.retries, stats.requests) == (1, 1, 9)
    assert stats.gap_s == 0.02
