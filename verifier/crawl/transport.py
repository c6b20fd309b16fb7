"""The one place network calls happen (as httpx's transport): a GET that gives status, headers
and a stream of decoded body chunks. Everything above it (redirects, retries, limits, verdicts)
is logic, unit-tested with a fake transport and tested for real against local aiohttp servers."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from typing import Protocol

import aiohttp

from verifier.crawl.safety import SafeResolver
from verifier.settings import CrawlSettings

CHUNK = 64 * 1024


@dataclass(slots=True)
class Response:
    status: int
    headers: Mapping[str, str]
    raw_headers: tuple[tuple[str, str], ...]
    version: str
    chunks: AsyncIterator[bytes]


class Transport(Protocol):
    def get(
        self, url: str, headers: Mapping[str, str]
    ) -> contextlib.AbstractAsyncContextManager[Response]: ...


class AiohttpTransport:
    """One ClientSession for the run, safety policy in its resolver, no automatic redirects."""

    def __init__(self, settings: CrawlSettings, *, allow_private: bool) -> None:
        connector = aiohttp.TCPConnector(
            limit=max(1, settings.max_concurrency),
            limit_per_host=max(1, settings.per_host_concurrency),
            resolver=SafeResolver(allow_private, settings.allow_loopback),
            ttl_dns_cache=300,
        )
        timeout = aiohttp.ClientTimeout(
            total=None, sock_connect=settings.connect_timeout_s, sock_read=settings.read_timeout_s
        )
        self.session = aiohttp.ClientSession(
            connector=connector,
            timeout=timeout,
            headers={
                "User-Agent": settings.user_agent,
                "Accept": "application/pdf,text/html;q=0.9,*/*;q=0.8",
            },
            max_line_size=16384,
            max_field_size=16384,
        )

    @contextlib.asynccontextmanager
    async def get(self, url: str, headers: Mapping[str, str]) -> AsyncIterator[Response]:
        async with self.session.get(url, headers=dict(headers), allow_redirects=False) as resp:
            raw = tuple((k.decode("latin-1"), v.decode("latin-1")) for k, v in resp.raw_headers)
            version = f"{resp.version.major}.{resp.version.minor}" if resp.version else "1.1"
            yield Response(
                resp.status, resp.headers, raw, version, resp.content.iter_chunked(CHUNK)
            )

    async def close(self) -> None:
        await self.session.close()
