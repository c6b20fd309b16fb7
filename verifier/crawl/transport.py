"""The one place network calls happen (as httpx's transport): a GET that gives status, headers
and a stream of decoded body chunks, and raises only this module's `TransportError`s. Everything
above it (redirects, retries, limits, verdicts) is logic, tested with a fake transport (a whole
`verifier check` runs on one) and for real against local aiohttp servers."""

from __future__ import annotations

import contextlib
import socket
import ssl
from collections.abc import AsyncIterator, Iterator, Mapping
from dataclasses import dataclass
from typing import Protocol

import aiohttp

from verifier.crawl.safety import BlockedAddress, SafeResolver
from verifier.settings import CrawlSettings

CHUNK = 64 * 1024


class TransportError(Exception):
    """A request that got no usable answer; subclasses say which way it failed."""

    retryable = True

    def __init__(self, message: str, *, host: str | None = None) -> None:
        super().__init__(message)
        self.host = host


class AddressRefused(TransportError):
    """The resolver refused the address (private, loopback, link-local): never sent."""

    retryable = False


class NameNotResolved(TransportError):
    retryable = False


class TLSFailure(TransportError):
    retryable = False


class ConnectTimeout(TransportError):
    pass


class ReadTimeout(TransportError, TimeoutError):
    """No data for the read timeout (a TimeoutError, so a body reader sees silence as a stall)."""


class ConnectFailure(TransportError):
    """Connection refused or unreachable network."""


class ConnectionReset(TransportError):
    """The server closed or reset the connection before the answer was complete."""


class BodyCutShort(TransportError):
    """The body ended early or its framing (chunked, Content-Length, encoding) was broken."""


class MalformedResponse(TransportError):
    """Not HTTP, or headers we refuse to parse."""


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
        with _translated():
            async with self.session.get(url, headers=dict(headers), allow_redirects=False) as r:
                raw = tuple((k.decode("latin-1"), v.decode("latin-1")) for k, v in r.raw_headers)
                version = f"{r.version.major}.{r.version.minor}" if r.version else "1.1"
                yield Response(r.status, r.headers, raw, version, _chunks(r))

    async def close(self) -> None:
        await self.session.close()


async def _chunks(resp: aiohttp.ClientResponse) -> AsyncIterator[bytes]:
    with _translated():
        async for chunk in resp.content.iter_chunked(CHUNK):
            yield chunk


def _first_line(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text.splitlines()[0][:300]


@contextlib.contextmanager
def _translated() -> Iterator[None]:
    """aiohttp's exceptions as this module's, with the facts a verdict needs."""
    try:
        yield
    except aiohttp.ClientConnectorDNSError as exc:
        if isinstance(exc.os_error, BlockedAddress):
            raise AddressRefused(f"refused: {exc.os_error}", host=exc.host) from exc
        why = exc.os_error.strerror or exc.os_error
        err = NameNotResolved(f"DNS lookup failed for {exc.host}: {why}", host=exc.host)
        # A temporary resolver failure (EAI_AGAIN) is worth another try; NXDOMAIN is not.
        err.retryable = isinstance(exc.os_error, socket.gaierror) and (
            exc.os_error.errno == socket.EAI_AGAIN
        )
        raise err from exc
    except aiohttp.ClientConnectorCertificateError as exc:
        raise TLSFailure(f"TLS certificate error (not retried): {exc.certificate_error}") from exc
    except (aiohttp.ClientSSLError, ssl.SSLError) as exc:
        raise TLSFailure(f"TLS error (not retried): {_first_line(exc)}") from exc
    except aiohttp.ConnectionTimeoutError as exc:
        raise ConnectTimeout("timed out connecting") from exc
    except aiohttp.SocketTimeoutError as exc:
        raise ReadTimeout("timed out reading") from exc
    except aiohttp.ClientConnectorError as exc:
        why = exc.os_error.strerror or exc.os_error
        raise ConnectFailure(f"cannot connect to {exc.host}:{exc.port}: {why}") from exc
    except aiohttp.ServerDisconnectedError as exc:
        raise ConnectionReset("server closed the connection") from exc
    except aiohttp.ClientPayloadError as exc:
        raise BodyCutShort(f"body cut short or malformed: {_first_line(exc)}") from exc
    except aiohttp.ClientResponseError as exc:
        raise MalformedResponse(f"invalid HTTP response: {_first_line(exc)}") from exc
    except (aiohttp.ClientOSError, aiohttp.ClientConnectionError, ConnectionError) as exc:
        raise ConnectionReset(f"connection error: {_first_line(exc)}") from exc
