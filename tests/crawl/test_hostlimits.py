"""HostLimiter on its own: pure asyncio, no sockets."""

from __future__ import annotations

import asyncio

import pytest

from verifier.crawl.hostlimits import HostLimiter, host_key


async def test_per_host_gap_holds_when_the_global_limit_is_the_bottleneck():
    """Two requests to one host queued behind a full global limit must not start together
    when the slots free at the same moment: the gap counts from the real start."""
    limiter = HostLimiter(global_limit=2, per_host=2, delay_s=0.2)
    loop = asyncio.get_running_loop()
    release = asyncio.Event()
    starts: list[float] = []

    async def hog() -> None:
        async with limiter.slot("other:80"):
            await release.wait()

    async def request() -> None:
        async with limiter.slot("evidence:80"):
            starts.append(loop.time())

    hogs = [asyncio.create_task(hog()) for _ in range(2)]
    await asyncio.sleep(0.3)  # both hogs hold the two global slots (0.2 s apart)
    reqs = [asyncio.create_task(request()) for _ in range(2)]
    await asyncio.sleep(0.4)  # both requests are past their host gap, waiting on the global limit
    assert starts == []
    release.set()
    await asyncio.gather(*hogs, *reqs)
    assert len(starts) == 2
    assert starts[1] - starts[0] >= 0.19


async def test_cancelled_while_queued_frees_nothing_it_did_not_take():
    """A request cancelled while waiting for the global slot leaves the counts balanced."""
    limiter = HostLimiter(global_limit=1, per_host=1, delay_s=0.0)
    release = asyncio.Event()

    async def holder() -> None:
        async with limiter.slot("a:80"):
            await release.wait()

    async def queued() -> None:
        async with limiter.slot("b:80"):
            pass

    h = asyncio.create_task(holder())
    await asyncio.sleep(0.01)
    q = asyncio.create_task(queued())
    await asyncio.sleep(0.01)
    q.cancel()
    release.set()
    await h
    await asyncio.gather(q, return_exceptions=True)
    # The global slot came back exactly once: another request gets it at once.
    async with asyncio.timeout(0.5), limiter.slot("b:80"):
        pass
    assert limiter.peak("a:80") == 1


def test_host_key_is_host_and_effective_port():
    """Spellings of one server share one limit; another port or scheme is another server."""
    same = {
        host_key("http://Example.com/a.pdf"),
        host_key("http://example.com:80/b.pdf"),
        host_key("http://example.com./c.pdf"),
    }
    assert same == {"example.com:80"}
    assert host_key("https://example.com/a.pdf") == "example.com:443"
    assert host_key("http://127.0.0.1:8080/x") == "127.0.0.1:8080"


def test_rate_signal_dialects():
    """Every way servers state a limit reads to the same few numbers; junk reads to nothing."""
    from email.utils import formatdate

    from verifier.crawl.ratelimit import RateSignal, read_signal

    now = 1_750_000_000.0
    assert read_signal({"Retry-After": "7"}, now) == RateSignal(retry_after_s=7.0)
    date = formatdate(now + 30, usegmt=True)
    assert read_signal({"Retry-After": date}, now).retry_after_s == pytest.approx(30, abs=1)
    draft06 = {"RateLimit-Policy": "10;w=1, 1000;w=3600", "RateLimit-Remaining": "3",
               "RateLimit-Reset": "2"}  # fmt: skip
    assert read_signal(draft06, now) == RateSignal(None, 3, 2.0, 3.6)  # strictest policy
    draft08 = {"RateLimit-Policy": '"burst";q=100;w=60', "RateLimit": '"burst";r=0;t=12'}
    assert read_signal(draft08, now) == RateSignal(None, 0, 12.0, 0.6)
    combined = {"RateLimit": "limit=10, remaining=4, reset=5"}
    assert read_signal(combined, now) == RateSignal(None, 4, 5.0, None)
    github = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(now) + 40)}
    assert read_signal(github, now) == RateSignal(None, 0, 40.0, None)
    in_limit = {"RateLimit-Limit": "10, 10;w=2"}
    assert read_signal(in_limit, now).policy_gap_s == 0.2
    junk = {"Retry-After": "soon", "RateLimit": "lots", "RateLimit-Policy": ";;w=",
            "RateLimit-Remaining": "-", "X-RateLimit-Reset": "tomorrow"}  # fmt: skip
    assert read_signal(junk, now).empty


async def test_a_503_with_retry_after_pauses_the_host_then_the_gap_recovers():
    """The pause covers every request to the host, not only the refused one; other hosts run on;
    accepted answers halve the gap back to the configured one."""
    limiter = HostLimiter(global_limit=4, per_host=2, delay_s=0.01, throttle_gap_s=0.2)
    loop = asyncio.get_running_loop()
    async with limiter.slot("busy:80", "http://busy/a") as t:
        limiter.observe(t, 503, {"Retry-After": "0.4"})
    refused_at = loop.time()
    async with limiter.slot("other:80"):
        assert loop.time() - refused_at < 0.1
    async with limiter.slot("busy:80", "http://busy/a") as t:
        assert loop.time() - refused_at >= 0.39
        limiter.observe(t, 200, {})
    stats = limiter.stats()["busy:80"]
    assert (stats.requests, stats.retries, stats.throttled) == (2, 1, 1)
    assert stats.waited_s >= 0.39 and stats.gap_s == 0.1  # halved once from 0.2
    for _ in range(3):
        async with limiter.slot("busy:80") as t:
            limiter.observe(t, 200, {})
    assert limiter.stats()["busy:80"].gap_s == 0.01
    assert limiter.stats()["busy:80"].to_dict()["requests"] == 5


async def gaps_after(
    limiter: HostLimiter, answers: list[tuple[int, dict[str, str]]]
) -> list[float]:
    gaps = []
    for status, headers in answers:
        async with limiter.slot("h:80") as t:
            limiter.observe(t, status, headers)
        gaps.append(limiter.stats()["h:80"].gap_s)
    return gaps


async def test_repeated_refusals_double_the_gap_up_to_the_cap():
    limiter = HostLimiter(global_limit=1, per_host=1, delay_s=0.0, throttle_gap_s=0.01,
                          max_gap_s=0.05)  # fmt: skip
    assert await gaps_after(limiter, [(429, {})] * 5) == [0.01, 0.02, 0.04, 0.05, 0.05]


async def test_a_host_refusing_everything_stops_growing_its_gap():
    """Four doublings in a row with nothing accepted, then the gap stays: a host that refuses
    everything is down or blocking us; one accepted request allows doubling again."""
    limiter = HostLimiter(global_limit=1, per_host=1, delay_s=0.0, throttle_gap_s=0.01)
    gaps = await gaps_after(limiter, [(429, {})] * 6 + [(200, {}), (429, {})])
    assert gaps[:7] == [0.01, 0.02, 0.04, 0.08, 0.08, 0.08, 0.04]
    assert gaps[7] >= 0.08  # doubled (or the pace learned from the one accepted request)


async def test_a_bare_503_is_a_server_error_not_a_refusal():
    limiter = HostLimiter(global_limit=1, per_host=1, delay_s=0.0, throttle_gap_s=0.01)
    assert await gaps_after(limiter, [(503, {}), (503, {})]) == [0.0, 0.0]
    assert limiter.stats()["h:80"].throttled == 0
    assert await gaps_after(limiter, [(503, {"Retry-After": "0"})]) == [0.01]
    assert limiter.stats()["h:80"].throttled == 1


async def test_a_quota_is_spread_only_when_it_cannot_cover_what_is_queued():
    """40 left for the next minute must not slow 4 requests to 1.5 s apart; 2 left for 3 queued
    requests spreads those 2 over the second to the reset."""
    loop = asyncio.get_running_loop()

    async def starts(remaining: str, reset: str, queued: int) -> list[float]:
        limiter = HostLimiter(global_limit=8, per_host=1, delay_s=0.0)
        times: list[float] = []

        async def request() -> None:
            async with limiter.slot("h:80") as t:
                times.append(loop.time())
                await asyncio.sleep(0.01)  # the network: meanwhile the others queue
                limiter.observe(
                    t, 200, {"RateLimit-Remaining": remaining, "RateLimit-Reset": reset}
                )

        await asyncio.gather(*(request() for _ in range(queued)))
        return times

    generous = await starts("40", "60", 4)
    assert generous[-1] - generous[0] < 0.1
    scarce = await starts("2", "1", 3)
    assert scarce[1] - scarce[0] >= 0.49 and scarce[2] - scarce[1] >= 0.49
