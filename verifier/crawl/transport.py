"""The one place network calls happen (as httpx's transport): a GET that gives status, headers
and a stream of decoded body chunks, and raises only this module's `TransportError`s. Everything
above it (redirects, retries, limits, verdicts) is logic, tested with a fake transport (a whole
`verifier check` runs on one) and for real against local aiohttp servers."""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import ssl
from collections.abc import AsyncIterator, Iterator, Mapping
from dataclasses import dataclass
from typing import Protocol

import aiohttp
import aiohttp_socks
from yarl import URL

from verifier.crawl.proxies import ProxyRoutes, shown
from verifier.crawl.safety import BlockedAddress, SafeResolver, is_allowed, is_loopback_name
from verifier.settings import CrawlSettings

CHUNK = 64 * 1024


class TransportError(Exception):
    """A request that got no usable answer; subclasses say which way it failed."""

    retryable = True

    def __init__(self, message: str, *, host: str | None = None) -> None:
        super().__init__(message)
        self.host = host
        self.proxy: str | None = None  # the proxy it went through, without credentials


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
    """One ClientSession for direct and HTTP-proxied requests, one more per SOCKS proxy (a SOCKS
    proxy needs its own connector); safety policy in the resolvers; no automatic redirects."""

    def __init__(self, settings: CrawlSettings, *, allow_private: bool) -> None:
        self._settings = settings
        self._allow_private = allow_private
        self._resolver = SafeResolver(allow_private, settings.allow_loopback)
        self._routes = ProxyRoutes.from_table(settings.proxies)
        self._proxy_ok: dict[str, str] = {}  # proxy URL -> its checked address
        self._socks: dict[str, aiohttp.ClientSession] = {}
        self.session = self._session(
            aiohttp.TCPConnector(
                limit=max(1, settings.max_concurrency),
                limit_per_host=max(1, settings.per_host_concurrency),
                resolver=self._resolver,
                ttl_dns_cache=300,
            )
        )

    def _session(self, connector: aiohttp.BaseConnector) -> aiohttp.ClientSession:
        s = self._settings
        timeout = aiohttp.ClientTimeout(
            total=None, sock_connect=s.connect_timeout_s, sock_read=s.read_timeout_s
        )
        return aiohttp.ClientSession(
            connector=connector,
            timeout=timeout,
            headers={
                "User-Agent": s.user_agent,
                "Accept": "application/pdf,text/html;q=0.9,*/*;q=0.8",
            },
            max_line_size=16384,
            max_field_size=16384,
            trust_env=False,  # proxies come from [crawl.proxies] only, never from the environment
        )

    @contextlib.asynccontextmanager
    async def get(self, url: str, headers: Mapping[str, str]) -> AsyncIterator[Response]:
        proxy = self._routes.proxy_for(url)
        try:
            session, extra = await self._route(url, proxy)
            sent = {**headers, **extra.pop("headers", {})}  # type: ignore[dict-item]
            with _translated():
                async with session.get(url, headers=sent, allow_redirects=False, **extra) as r:
                    raw = tuple(
                        (k.decode("latin-1"), v.decode("latin-1")) for k, v in r.raw_headers
                    )
                    version = f"{r.version.major}.{r.version.minor}" if r.version else "1.1"
                    yield Response(r.status, r.headers, raw, version, _chunks(r))
        except TransportError as exc:
            exc.proxy = shown(proxy)
            if exc.host is None:
                with contextlib.suppress(ValueError):
                    exc.host = URL(url).host
            raise

    async def _route(
        self, url: str, proxy: str | None
    ) -> tuple[aiohttp.ClientSession, dict[str, object]]:
        """The session and request arguments for `url` through `proxy` (None: direct)."""
        if proxy is None:
            return self.session, {}
        host = URL(url).host or ""
        if is_loopback_name(host) and not self._allow_private:
            raise AddressRefused(
                f"refused: {host} through a proxy names the proxy's own machine", host=host
            )
        address = await self._checked_address(proxy)
        p = URL(proxy)
        if p.scheme == "http":
            extra: dict[str, object] = {"proxy": p.with_user(None)}
            if p.user is not None:
                # aiohttp sends proxy_headers on CONNECT (https) only; a plain-http request
                # carries Proxy-Authorization itself (the proxy removes it before forwarding).
                auth = {"Proxy-Authorization": aiohttp.encode_basic_auth(p.user, p.password or "")}
                if URL(url).scheme == "https":
                    extra["proxy_headers"] = auth
                else:
                    extra["headers"] = auth
            return self.session, extra
        if proxy not in self._socks:
            s = self._settings
            connector = aiohttp_socks.ProxyConnector(
                host=address,  # the address checked, not the name again (no second lookup)
                port=p.port or 1080,
                proxy_type=aiohttp_socks.ProxyType.SOCKS5,
                username=p.user,
                password=p.password,
                rdns=True,  # the proxy resolves the host: it need not resolve from here
                limit=max(1, s.max_concurrency),
                limit_per_host=max(1, s.per_host_concurrency),
            )
            self._socks[proxy] = self._session(connector)
        return self._socks[proxy], {}

    async def _checked_address(self, proxy: str) -> str:
        """The proxy's own address, held to the same policy as any host we connect to."""
        if proxy in self._proxy_ok:
            return self._proxy_ok[proxy]
        p = URL(proxy)
        host, name = p.host or "", shown(proxy)
        try:
            ipaddress.ip_address(host)
        except ValueError:
            try:
                found = await self._resolver.resolve(host, p.port or 0, socket.AF_UNSPEC)
            except BlockedAddress as exc:
                raise AddressRefused(f"refused: proxy {name}: {exc}", host=host) from exc
            except OSError as exc:
                raise NameNotResolved(f"DNS lookup failed for proxy {name}: {exc}") from exc
            address = found[0]["host"]
        else:
            address = host
            if not is_allowed(host, self._allow_private, self._settings.allow_loopback):
                raise AddressRefused(
                    f"refused: proxy {name} is on a non-public address "
                    "(allow_private or allow_loopback would allow it)",
                    host=host,
                )
        self._proxy_ok[proxy] = address
        return address

    async def close(self) -> None:
        for session in [self.session, *self._socks.values()]:
            await session.close()


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
    except aiohttp.ClientProxyConnectionError as exc:
        why = exc.os_error.strerror or exc.os_error
        raise ConnectFailure(f"cannot connect to the proxy: {why}") from exc
    except aiohttp.ClientConnectorError as exc:
        why = exc.os_error.strerror or exc.os_error
        raise ConnectFailure(f"cannot connect to {exc.host}:{exc.port}: {why}") from exc
    except aiohttp.ClientHttpProxyError as exc:
        raise ConnectFailure(f"the proxy refused to connect: HTTP {exc.status}") from exc
    except aiohttp_socks.ProxyTimeoutError as exc:
        raise ConnectTimeout("timed out connecting through the proxy") from exc
    except aiohttp_socks.ProxyConnectionError as exc:
        raise ConnectFailure(f"cannot connect to the proxy: {_first_line(exc)}") from exc
    except aiohttp_socks.ProxyError as exc:
        raise ConnectFailure(f"the proxy could not reach the host: {_first_line(exc)}") from exc
    except aiohttp.ServerDisconnectedError as exc:
        raise ConnectionReset("server closed the connection") from exc
    except aiohttp.ClientPayloadError as exc:
        raise BodyCutShort(f"body cut short or malformed: {_first_line(exc)}") from exc
    except aiohttp.ClientResponseError as exc:
        raise MalformedResponse(f"invalid HTTP response: {_first_line(exc)}") from exc
    except (aiohttp.ClientOSError, aiohttp.ClientConnectionError, ConnectionError) as exc:
        raise ConnectionReset(f"connection error: {_first_line(exc)}") from exc
