"""The Wayback emulator on 127.0.0.1 and a client that goes through the crawler's transport."""

import asyncio

import pytest

from tests.support.wayback_server import WaybackEmulator
from verifier.archived import TransportClient
from verifier.crawl.transport import AiohttpTransport
from verifier.settings import CrawlSettings

FAST = CrawlSettings(
    connect_timeout_s=2, read_timeout_s=0.5, document_timeout_s=2, max_attempts=2,
    backoff_base_s=0.01, backoff_max_s=0.05, backoff_jitter_s=0, retry_after_cap_s=2,
    allow_loopback=True,
)  # fmt: skip


@pytest.fixture
async def wayback(aiohttp_server):
    """(emulator, its base URL)."""
    emulator = WaybackEmulator()
    server = await aiohttp_server(emulator.app())
    return emulator, str(server.make_url("")).rstrip("/")


@pytest.fixture
async def make_client():
    """A factory of TransportClients over real AiohttpTransports, closed after the test."""
    transports: list[AiohttpTransport] = []

    def make(settings: CrawlSettings = FAST, min_gap_s: float = 0.0) -> TransportClient:
        transport = AiohttpTransport(settings, allow_private=settings.allow_private)
        transports.append(transport)
        return TransportClient(transport, settings, min_gap_s=min_gap_s)

    yield make
    for t in transports:
        await t.close()
    await asyncio.sleep(0.01)
