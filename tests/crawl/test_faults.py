"""A fault-injecting server (raw TCP, so it can break HTTP itself): each fault gets the right
verdict with a reason, in bounded time. Chosen per request by path."""

import asyncio
import contextlib
import socket
import struct
import time
from dataclasses import replace

import pytest

from tests.crawl.conftest import FAST, PDF
from verifier.crawl import crawl

HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\n"


HANDLERS: set[asyncio.Task] = set()


async def _fault(reader, writer):
    HANDLERS.add(asyncio.current_task())
    try:
        await _misbehave(reader, writer)
    finally:
        writer.close()  # also when the test cancels a stalled handler


async def _misbehave(reader, writer):
    request = await reader.readuntil(b"\r\n\r\n")
    path = request.split(b" ")[1].decode()
    sock = writer.get_extra_info("socket")
    if path == "/reset":
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        writer.close()  # RST: connection reset by peer
        return
    if path == "/stall-headers":
        await asyncio.sleep(30)
    elif path == "/stall-body":
        writer.write(HEAD + b"Content-Length: 100000\r\n\r\n" + PDF[:200])
        await writer.drain()
        await asyncio.sleep(30)
    elif path == "/wrong-length":
        writer.write(HEAD + b"Content-Length: 100000\r\n\r\n" + PDF[:200])
    elif path == "/bad-chunked":
        writer.write(HEAD + b"Transfer-Encoding: chunked\r\n\r\n" + b"zz-not-hex\r\n%PDF\r\n")
    elif path == "/garbage":
        writer.write(b"SSH-2.0-OpenSSH_9.6 this is not HTTP at all\r\n\r\n")
    elif path == "/empty":
        writer.write(HEAD + b"Content-Length: 0\r\n\r\n")
    elif path == "/loop":
        writer.write(b"HTTP/1.1 302 Found\r\nLocation: /loop2\r\nContent-Length: 0\r\n\r\n")
    elif path == "/loop2":
        writer.write(b"HTTP/1.1 302 Found\r\nLocation: /loop\r\nContent-Length: 0\r\n\r\n")
    elif path == "/to-private":
        writer.write(
            b"HTTP/1.1 302 Found\r\nLocation: http://10.1.2.3/admin\r\nContent-Length: 0\r\n\r\n"
        )
    elif path == "/to-metadata":
        writer.write(
            b"HTTP/1.1 302 Found\r\nLocation: http://169.254.169.254/latest/meta-data/\r\nContent-Length: 0\r\n\r\n"
        )
    with contextlib.suppress(ConnectionError):
        await writer.drain()


@pytest.fixture
async def faults():
    server = await asyncio.start_server(_fault, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    yield lambda path: f"http://127.0.0.1:{port}{path}"
    server.close()
    for task in HANDLERS:
        task.cancel()
    await asyncio.gather(*HANDLERS, return_exceptions=True)
    HANDLERS.clear()
    await server.wait_closed()


EXPECTED = {
    "/reset": ("unreachable", ("reset", "closed", "connection")),
    "/stall-headers": ("unreachable", ("timed out",)),
    "/stall-body": ("unreachable", ("stalled: no data for 1.0 s after 200 bytes (1 attempt)",)),
    "/wrong-length": ("unreachable", ("cut short", "closed")),
    "/bad-chunked": ("unreachable", ("cut short", "malformed", "invalid")),
    "/garbage": ("unreachable", ("invalid HTTP response", "closed")),
    "/empty": ("soft_404", ("empty body",)),
    "/loop": ("broken", ("redirect loop",)),
    "/to-private": ("blocked", ("10.1.2.3",)),
    "/to-metadata": ("blocked", ("169.254.169.254",)),
}


async def test_every_fault_gets_its_verdict_in_bounded_time(faults, tmp_path):
    # Loopback allowed for the test server, private and link-local addresses still refused.
    settings = replace(FAST, allow_private=False, allow_loopback=True, read_timeout_s=1,
                       document_timeout_s=3, max_attempts=2)  # fmt: skip
    urls = {faults(p): p for p in EXPECTED}
    start = time.monotonic()
    results = await crawl(list(urls), settings, spool_dir=str(tmp_path))
    assert time.monotonic() - start < 15
    for url, r in results.items():
        verdict, words = EXPECTED[urls[url]]
        assert r.verdict == verdict, (urls[url], r.verdict, r.reason)
        assert any(w in r.reason for w in words), (urls[url], r.reason)
    assert not list(tmp_path.glob("body-*"))  # no half-read body left behind
