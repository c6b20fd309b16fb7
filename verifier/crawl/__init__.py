"""Crawl stage: every distinct URL fetched once, politely and safely, to one verdict."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable

from verifier.crawl.fetch import Fetcher, Validator
from verifier.crawl.hostlimits import HostLimiter, HostStats
from verifier.crawl.remap import Remap, RemapError, apply_remaps
from verifier.crawl.transport import AiohttpTransport
from verifier.logs import get_logger
from verifier.models import FetchResult
from verifier.settings import CrawlSettings

__all__ = ["HostLimiter", "HostStats", "Remap", "RemapError", "Validator", "crawl"]
log = get_logger("verifier.crawl")


async def crawl(
    urls: Iterable[str],
    settings: CrawlSettings,
    *,
    spool_dir: str,
    remaps: list[Remap] | None = None,
    allow_private: bool | None = None,
    validators: dict[str, Validator] | None = None,
    on_result: Callable[[FetchResult], None] | None = None,
    limiter: HostLimiter | None = None,
) -> dict[str, FetchResult]:
    """Fetch each distinct cited URL once; results keyed by cited URL, in first-seen order.

    Cited URLs that remap to the same fetched URL share one fetch. Pass a `limiter` to read its
    per-host figures (`limiter.stats()`) after the crawl.
    """
    allow = settings.allow_private if allow_private is None else allow_private
    cited = list(dict.fromkeys(urls))
    fetch_for = {u: apply_remaps(u, remaps or []) for u in cited}
    transport = AiohttpTransport(settings, allow_private=allow)
    limiter = limiter or HostLimiter.from_settings(settings)
    fetcher = Fetcher(
        transport, settings, allow_private=allow, spool_dir=spool_dir, limiter=limiter
    )
    by_fetched: dict[str, asyncio.Task[FetchResult]] = {}
    try:
        async with asyncio.TaskGroup() as tg:
            for u in cited:
                f = fetch_for[u]
                if f not in by_fetched:
                    task = tg.create_task(fetcher.fetch(u, f, (validators or {}).get(u)))
                    if on_result:
                        task.add_done_callback(lambda t: on_result(t.result()))
                    by_fetched[f] = task
    finally:
        await transport.close()
        await asyncio.sleep(0.05)  # let the connector close its transports (aiohttp docs)
        for host, stats in limiter.stats().items():
            if stats.throttled or stats.retries:  # the hosts worth a look, with their cost
                log.info("host figures", host=host, **stats.to_dict())
    out: dict[str, FetchResult] = {}
    for u in cited:
        r = by_fetched[fetch_for[u]].result()
        out[u] = r if r.url == u else _as_cited(r, u)
    return out


def _as_cited(r: FetchResult, url: str) -> FetchResult:
    from dataclasses import replace

    return replace(r, url=url)
