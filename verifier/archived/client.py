"""How archive lookups reach the network: a small protocol, and an adapter over the crawler's own
transport, safety policy, politeness and retries, so a lookup is held to the same rules as every
other request (http(s) only, public addresses only, bounded bodies, backoff, Retry-After).

Every failure comes out as `LookupFailed` with a one-line reason.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import Any, Protocol, TypeVar
from urllib.parse import urljoin, urlsplit

from multidict import CIMultiDict

from verifier.crawl.hostlimits import HostLimiter, host_key
from verifier.crawl.retry import RetryableStatus, parse_retry_after, retrying
from verifier.crawl.safety import url_refusal
from verifier.crawl.transport import (
    AddressRefused,
    AiohttpTransport,
    ConnectTimeout,
    NameNotResolved,
    ReadTimeout,
    Transport,
    TransportError,
)
from verifier.settings import CrawlSettings, Settings

MAX_JSON_BYTES = 16 * 1024 * 1024  # a CDX answer for one URL: ~100,000 captures
_REDIRECTS = (301, 302, 303, 307, 308)
T = TypeVar("T")


class LookupFailed(Exception):
    """A lookup request that gave no usable answer; the message is one line, for a note."""


class ArchiveClient(Protocol):
    async def get_json(self, url: str) -> Any: ...

    async def get_bytes(self, url: str, max_bytes: int) -> bytes: ...


class SaveClient(Protocol):
    async def get_status(self, url: str) -> tuple[int, Mapping[str, str]]:
        """One GET, redirects not followed, body not read: the status and headers."""
        ...


class TransportClient:
    """ArchiveClient and SaveClient over `verifier.crawl.transport.Transport`.

    Politeness: requests to one host start at least `min_gap_s` apart, one at a time (pass the
    crawler's HostLimiter to share its global limit instead)."""

    def __init__(
        self,
        transport: Transport,
        settings: CrawlSettings,
        *,
        allow_private: bool = False,
        min_gap_s: float = 2.0,
        limiter: HostLimiter | None = None,
    ) -> None:
        self.transport = transport
        self.settings = settings
        self.allow_private = allow_private
        self.limiter = limiter or HostLimiter(settings.max_concurrency, 1, min_gap_s)

    async def get_json(self, url: str) -> Any:
        body = await self._get(url, MAX_JSON_BYTES)
        try:
            return json.loads(body)
        except (ValueError, RecursionError) as exc:  # RecursionError: absurdly nested arrays
            raise LookupFailed(f"answer from {_where(url)} is not JSON ({_line(exc)})") from None

    async def get_bytes(self, url: str, max_bytes: int) -> bytes:
        return await self._get(url, max_bytes)

    async def get_status(self, url: str) -> tuple[int, Mapping[str, str]]:
        self._check(url)

        async def once() -> tuple[int, Mapping[str, str]]:
            async with (
                self.limiter.slot(host_key(url)),
                asyncio.timeout(self.settings.document_timeout_s),
                self.transport.get(url, {}) as resp,
            ):
                return resp.status, CIMultiDict(resp.headers)

        return await self._retried(url, once)

    def _check(self, url: str) -> None:
        refusal = url_refusal(url, self.allow_private, self.settings.allow_loopback)
        if refusal:
            raise LookupFailed(f"refused {_where(url)}: {refusal}")

    async def _get(self, url: str, max_bytes: int) -> bytes:
        """A 200 body of at most `max_bytes`, redirects followed (each hop checked)."""
        self._check(url)
        return await self._retried(url, lambda: self._attempt(url, max_bytes))

    async def _retried(self, url: str, once: Callable[[], Awaitable[T]]) -> T:
        attempts = 0
        try:
            async for attempt in retrying(self.settings):
                with attempt:
                    attempts += 1
                    result = await once()
            return result  # tenacity re-raises the last error when attempts run out
        except LookupFailed:
            raise
        except RetryableStatus as exc:
            raise LookupFailed(
                f"HTTP {exc.status} from {_where(url)} ({attempts} attempts)"
            ) from None
        except (AddressRefused, NameNotResolved) as exc:
            raise LookupFailed(str(exc)) from None
        except (TimeoutError, ConnectTimeout, ReadTimeout):
            raise LookupFailed(f"timed out waiting for {_where(url)}") from None
        except TransportError as exc:
            raise LookupFailed(f"{exc} from {_where(url)}") from None
        except (OSError, ValueError) as exc:
            raise LookupFailed(f"{type(exc).__name__} from {_where(url)}: {_line(exc)}") from None

    async def _attempt(self, url: str, max_bytes: int) -> bytes:
        for _hop in range(self.settings.max_redirects + 1):
            async with (
                self.limiter.slot(host_key(url)),
                asyncio.timeout(self.settings.document_timeout_s),
                self.transport.get(url, {}) as resp,
            ):
                location = resp.headers.get("Location")
                if resp.status in _REDIRECTS and location:
                    url = urljoin(url, location.strip())
                    self._check(url)
                    continue
                if resp.status in self.settings.retry_statuses:
                    retry_after = parse_retry_after(resp.headers.get("Retry-After"))
                    raise RetryableStatus(resp.status, retry_after)
                if resp.status != 200:
                    raise LookupFailed(f"HTTP {resp.status} from {_where(url)}")
                body = bytearray()
                async for chunk in resp.chunks:
                    body += chunk
                    if len(body) > max_bytes:
                        raise LookupFailed(
                            f"answer from {_where(url)} larger than {max_bytes} bytes"
                        )
                return bytes(body)
        raise LookupFailed(f"too many redirects from {_where(url)}")


@contextlib.asynccontextmanager
async def open_client(
    settings: Settings, *, allow_private: bool | None = None, save: bool = False
) -> AsyncIterator[TransportClient]:
    """A TransportClient on its own AiohttpTransport, closed on exit. The crawl's safety,
    timeout and retry settings apply; the gap is `[archive_lookup]`'s (`save_min_gap_s` is
    kept by the SavePacer, so a save client adds no gap of its own)."""
    allow = settings.crawl.allow_private if allow_private is None else allow_private
    transport = AiohttpTransport(settings.crawl, allow_private=allow)
    gap = 0.0 if save else settings.archive_lookup.min_gap_s
    try:
        yield TransportClient(transport, settings.crawl, allow_private=allow, min_gap_s=gap)
    finally:
        await transport.close()
        await asyncio.sleep(0.05)  # let the connector close its transports (aiohttp docs)


def _line(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text.splitlines()[0][:200]


def _where(url: str) -> str:
    """Host and path, for a note: the query (the cited URL, for CDX) would double its length."""
    try:
        parts = urlsplit(url)
        return f"{parts.hostname or ''}{f':{parts.port}' if parts.port else ''}{parts.path}"
    except ValueError:
        return "(malformed URL)"
