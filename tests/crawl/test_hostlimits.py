"""HostLimiter on its own: pure asyncio, no sockets."""

from __future__ import annotations

import asyncio

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
