"""Politeness: at most N requests in flight per host, a minimum gap between request starts to
one host, and a global limit.

The host slot is taken before the global one, so requests queued behind a busy host never hold
global slots that other hosts could use: every host stays busy up to its limit. The gap is
waited out before the global slot is taken, for the same reason, and counted from the moment the
global slot is granted, so it holds even when the global limit is the bottleneck.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

DEFAULT_PORTS = {"http": 80, "https": 443}


def host_key(url: str) -> str:
    """The politeness key of a URL: host and effective port, so `HTTP://Example.com/` and
    `http://example.com:80/` share one limit and one gap (the raw netloc would make two)."""
    parts = urlsplit(url)
    port = parts.port or DEFAULT_PORTS.get(parts.scheme.lower(), 0)
    return f"{(parts.hostname or '').rstrip('.')}:{port}"


@dataclass(slots=True)
class _Host:
    sem: asyncio.Semaphore
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_start: float = 0.0
    in_flight: int = 0
    peak: int = 0


class HostLimiter:
    def __init__(self, global_limit: int, per_host: int, delay_s: float) -> None:
        self._global = asyncio.Semaphore(max(1, global_limit))
        self._per_host = max(1, per_host)
        self._delay = delay_s
        self._hosts: dict[str, _Host] = {}

    def _host(self, key: str) -> _Host:
        if key not in self._hosts:
            self._hosts[key] = _Host(asyncio.Semaphore(self._per_host))
        return self._hosts[key]

    @contextlib.asynccontextmanager
    async def slot(self, key: str) -> AsyncIterator[None]:
        host = self._host(key)
        async with host.sem:
            async with host.lock:
                loop = asyncio.get_running_loop()
                wait = host.next_start - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                # The global slot is taken under the host lock and the gap stamped after it:
                # otherwise two requests to one host queued on a full global limit would be
                # released together and start with no gap between them.
                await self._global.acquire()
                host.next_start = loop.time() + self._delay
            host.in_flight += 1
            host.peak = max(host.peak, host.in_flight)
            try:
                yield
            finally:
                host.in_flight -= 1
                self._global.release()

    def peak(self, key: str) -> int:
        return self._hosts[key].peak if key in self._hosts else 0
