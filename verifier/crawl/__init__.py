"""Crawl stage: every distinct URL fetched once, politely and safely, to one verdict."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import replace

from verifier.crawl.body import SpoolFiles
from verifier.crawl.fetch import Fetcher
from verifier.crawl.hostlimits import HostLimiter, HostStats
from verifier.crawl.remap import Remap, RemapError, apply_remaps
from verifier.crawl.transport import AiohttpTransport, Transport
from verifier.logs import get_logger
from verifier.models import FetchResult, Validator
from verifier.settings import CrawlSettings

__all__ = [
    "HostLimiter", "HostStats", "Remap", "RemapError", "Transport", "Validator", "crawl",
]  # fmt: skip
log = get_logger("verifier.crawl")
START_BATCH = 32  # fetches started between two turns of the event loop


async def crawl(
    urls: Iterable[str],
    settings: CrawlSettings,
    *,
    spool_dir: str,
    remaps: list[Remap] | None = None,
    allow_private: bool | None = None,
    validators: dict[str, Validator] | None = None,
    on_result: Callable[[FetchResult], None] | None = None,
    transport: Transport | None = None,
    limiter: HostLimiter | None = None,
) -> dict[str, FetchResult]:
    """Fetch each distinct cited URL once; results keyed by cited URL, in first-seen order.

    Cited URLs that remap to the same fetched URL share one fetch; `on_result` is called once per
    cited URL as soon as its fetch settles, each result naming its own cited URL. `transport`
    replaces the network (tests run whole checks on a fake one); the crawl closes only a
    transport it made. Pass a `limiter` to read its per-host figures (`limiter.stats()`) after.
    """
    allow = settings.allow_private if allow_private is None else allow_private
    cited = list(dict.fromkeys(urls))
    fetch_for = {u: apply_remaps(u, remaps or []) for u in cited}
    owned = transport is None
    transport = transport or AiohttpTransport(settings, allow_private=allow)
    limiter = limiter or HostLimiter.from_settings(settings)
    by_fetched: dict[str, asyncio.Task[FetchResult]] = {}
    sharing: dict[str, list[str]] = {}
    for u in cited:
        sharing.setdefault(fetch_for[u], []).append(u)
    # Files made ahead for as many bodies as can arrive at once (body.py says why).
    spool = SpoolFiles(spool_dir, ahead=min(settings.max_concurrency, len(sharing)))
    fetcher = Fetcher(
        transport, settings, allow_private=allow, spool_dir=spool_dir, limiter=limiter,
        spool=spool,
    )  # fmt: skip

    def settled(task: asyncio.Task[FetchResult], fetched: str) -> None:
        if task.cancelled() or task.exception() is not None or on_result is None:
            return  # an interrupted run: nothing to report, and no traceback per task
        r = task.result()
        for u in sharing[fetched]:
            on_result(r if r.url == u else replace(r, url=u))

    try:
        async with asyncio.TaskGroup() as tg:
            for n, (f, us) in enumerate(sharing.items(), 1):
                task = tg.create_task(fetcher.fetch(us[0], f, (validators or {}).get(us[0])))
                task.add_done_callback(lambda t, f=f: settled(t, f))
                by_fetched[f] = task
                if n % START_BATCH == 0:
                    # A fetch's first step (to its host's queue) costs ~60 us: 2,000 started in
                    # one turn of the event loop held the first requests for 130 ms (measured).
                    await asyncio.sleep(0)
    finally:
        try:
            # Every fetch is done (the TaskGroup waited): the files made ahead and never used
            # go, in a thread, which finishes the job even if this await is cancelled.
            await asyncio.to_thread(spool.close)
        finally:
            if owned:  # returns once every connection is closed (aiohttp >= 3.13, PR #11074)
                await transport.close()
        for host, stats in limiter.stats().items():
            if stats.throttled or stats.retries:  # the hosts worth a look, with their cost
                log.info("host figures", host=host, **stats.to_dict())
    out: dict[str, FetchResult] = {}
    for u in cited:
        r = by_fetched[fetch_for[u]].result()
        out[u] = r if r.url == u else replace(r, url=u)
    return out
