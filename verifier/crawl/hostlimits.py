"""Politeness: at most N requests in flight per host, a minimum gap between request starts to
one host, and a global limit; the gap adapts to what each host answers.

The host slot is taken before the global one, so requests queued behind a busy host never hold
global slots that other hosts could use: every host stays busy up to its limit. The gap is
waited out before the global slot is taken, for the same reason, and counted from the moment the
global slot is granted, so it holds even when the global limit is the bottleneck.

Adaptive (as lychee does): a host that answers 429 (or 503 with a Retry-After or RateLimit
header) is backed off. Its gap grows (to `throttle_gap_s`, then doubling at each new refusal, up to
`throttle_max_gap_s`, and at most MAX_DOUBLINGS times in a row with nothing accepted), no request to
it starts before its `Retry-After` or `RateLimit-Reset`, and the limiter learns how fast the host
lets us go: it accepted A requests in the S seconds before it said "wait R seconds", so it allows
about A per S + R seconds, and the gap never shrinks below that again in this run. A host that
announces its policy (`RateLimit-Policy: 10;w=1`) is kept under it, and one whose remaining quota
is smaller than what we have queued for it spreads that quota over the time to its reset, so it
need not refuse anything. Each accepted response halves the gap back towards the configured one.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import AsyncIterator, Mapping
from dataclasses import asdict, dataclass, field
from urllib.parse import urlsplit

from verifier.crawl.ratelimit import read_signal
from verifier.logs import get_logger
from verifier.settings import CrawlSettings

DEFAULT_PORTS = {"http": 80, "https": 443}
THROTTLE_STATUSES = frozenset({429, 503})
# Refusals in a row, with nothing accepted between them, that still double the gap: a host that
# refuses everything is down or blocking us, and a growing gap would only stall the run on it.
MAX_DOUBLINGS = 4
# The learned gap gets this margin over the estimate: our clock and the server's differ.
MARGIN = 1.1
log = get_logger("verifier.crawl.hostlimits")


def host_key(url: str) -> str:
    """The politeness key of a URL: host and effective port, so `HTTP://Example.com/` and
    `http://example.com:80/` share one limit and one gap (the raw netloc would make two)."""
    parts = urlsplit(url)
    port = parts.port or DEFAULT_PORTS.get(parts.scheme.lower(), 0)
    return f"{(parts.hostname or '').rstrip('.')}:{port}"


@dataclass(slots=True)
class HostStats:
    """What one host cost us, for the report: requests sent (retries included), retries, 429/503
    answers, seconds requests waited for the host's gap or pause, and its gap now."""

    requests: int = 0
    retries: int = 0
    throttled: int = 0
    waited_s: float = 0.0
    gap_s: float = 0.0

    def to_dict(self) -> dict[str, float | int]:
        d = asdict(self)
        d["waited_s"] = round(self.waited_s, 3)
        d["gap_s"] = round(self.gap_s, 3)
        return d


@dataclass(frozen=True, slots=True)
class Ticket:
    """One request's place at a host; `observe` takes it back with the answer."""

    key: str
    started: float


@dataclass(slots=True)
class _Host:
    sem: asyncio.Semaphore
    gap: float
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_start: float = 0.0
    last_start: float = 0.0
    in_flight: int = 0
    pending: int = 0  # requests waiting for or holding a slot: what the host's quota must cover
    peak: int = 0
    floor: float = 0.0  # learned: the host's own pace; the gap never goes below it
    pace: float = 0.0  # from RateLimit-Remaining/Reset, valid until pace_until
    pace_until: float = 0.0
    escalated_at: float = float("-inf")  # when the gap last grew for a throttle
    refusals_in_row: int = 0  # fresh refusals since the last accepted request
    accepted: deque[float] = field(default_factory=lambda: deque(maxlen=256))
    urls: set[str] = field(default_factory=set)
    stats: HostStats = field(default_factory=HostStats)


class HostLimiter:
    def __init__(
        self,
        global_limit: int,
        per_host: int,
        delay_s: float,
        *,
        throttle_gap_s: float = 0.5,
        max_gap_s: float = 30.0,
        max_wait_s: float = 60.0,
    ) -> None:
        self._global = asyncio.Semaphore(max(1, global_limit))
        self._per_host = max(1, per_host)
        self._delay = delay_s
        self._throttle_gap = max(throttle_gap_s, delay_s)
        self._max_gap = max(max_gap_s, self._throttle_gap)
        self._max_wait = max_wait_s
        self._hosts: dict[str, _Host] = {}

    @classmethod
    def from_settings(cls, s: CrawlSettings) -> HostLimiter:
        return cls(
            s.max_concurrency,
            s.per_host_concurrency,
            s.per_host_delay_s,
            throttle_gap_s=s.throttle_gap_s,
            max_gap_s=s.throttle_max_gap_s,
            max_wait_s=s.retry_after_cap_s,
        )

    def _host(self, key: str) -> _Host:
        if key not in self._hosts:
            self._hosts[key] = _Host(asyncio.Semaphore(self._per_host), self._delay)
        return self._hosts[key]

    @contextlib.asynccontextmanager
    async def slot(self, key: str, url: str | None = None) -> AsyncIterator[Ticket]:
        host = self._host(key)
        host.pending += 1
        try:
            async with host.sem:
                async with host.lock:
                    loop = asyncio.get_running_loop()
                    # A loop, not one sleep: a 429 answered meanwhile may push the start further.
                    while (wait := host.next_start - loop.time()) > 0:
                        host.stats.waited_s += wait
                        await asyncio.sleep(wait)
                    # The global slot is taken under the host lock and the gap stamped after it:
                    # otherwise two requests to one host queued on a full global limit would be
                    # released together and start with no gap between them.
                    await self._global.acquire()
                    now = loop.time()
                    gap = max(host.gap, host.pace if now < host.pace_until else 0.0)
                    host.next_start = now + gap
                    host.last_start = now
                host.in_flight += 1
                host.peak = max(host.peak, host.in_flight)
                host.stats.requests += 1
                if url is not None:
                    if url in host.urls:
                        host.stats.retries += 1
                    host.urls.add(url)
                try:
                    yield Ticket(key, now)
                finally:
                    host.in_flight -= 1
                    self._global.release()
        finally:
            host.pending -= 1

    def observe(self, ticket: Ticket, status: int, headers: Mapping[str, str]) -> None:
        """Adapt the host's pace to its answer: back off on 429/503, obey any wait or quota it
        announces, and shrink the gap back on an accepted request."""
        host = self._hosts[ticket.key]
        now = asyncio.get_running_loop().time()
        signal = read_signal(headers, time.time())
        fresh = ticket.started >= host.escalated_at  # sent after the last slow-down
        if signal.policy_gap_s is not None:
            host.floor = max(host.floor, min(signal.policy_gap_s, self._max_gap))
        # A bare 503 is a broken server as often as a busy one: it is a refusal only with a hint.
        if status == 429 or (status in THROTTLE_STATUSES and not signal.empty):
            host.stats.throttled += 1
            wait = signal.retry_after_s
            if wait is None and signal.remaining == 0:
                wait = signal.reset_s
            if fresh and host.refusals_in_row < MAX_DOUBLINGS:
                # Sent after the last slow-down, and still refused: slow down further. Requests
                # already in flight when the first refusal came say nothing new.
                if host.accepted:
                    span = now - host.accepted[0] + (wait or 0.0)
                    learned = MARGIN * span / len(host.accepted)
                    host.floor = max(host.floor, min(learned, self._max_gap))
                host.gap = min(max(host.gap * 2, self._throttle_gap, host.floor), self._max_gap)
                host.next_start = max(host.next_start, host.last_start + host.gap)
                host.escalated_at = now
                host.refusals_in_row += 1
                host.accepted.clear()
                log.info("host throttled", host=ticket.key, status=status,
                         gap_s=round(host.gap, 3), wait_s=wait)  # fmt: skip
            if wait:
                host.next_start = max(host.next_start, now + min(wait, self._max_wait))
        else:
            if fresh:
                host.accepted.append(ticket.started)
                host.refusals_in_row = 0
            if fresh and status < 500:
                target = max(self._delay, host.floor)
                half = host.gap / 2
                host.gap = target if half - target < 0.01 else half
            if signal.remaining is not None and signal.reset_s is not None:
                reset = min(signal.reset_s, self._max_wait)
                if signal.remaining <= 0:
                    host.next_start = max(host.next_start, now + reset)
                elif signal.remaining < host.pending:  # not enough left for what is queued
                    host.pace = reset / signal.remaining
                    host.pace_until = now + reset
                    host.next_start = max(host.next_start, host.last_start + host.pace)
        host.stats.gap_s = host.gap

    def peak(self, key: str) -> int:
        return self._hosts[key].peak if key in self._hosts else 0

    def stats(self) -> dict[str, HostStats]:
        """Per-host figures, by host key (host:port), for the report."""
        for h in self._hosts.values():
            h.stats.gap_s = h.gap
        return {k: h.stats for k, h in self._hosts.items()}
