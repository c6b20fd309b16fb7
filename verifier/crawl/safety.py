"""Which URLs and addresses may be fetched: http(s) only, public addresses only.

The address check runs inside the resolver aiohttp uses for every connection (first request and
every redirect hop), so the address checked is the address connected to: a name that resolves to
a public address for a check and a private one for the connection (DNS rebinding) cannot slip
through. Hosts given as IP literals skip resolution in aiohttp, so they are checked up front.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any
from urllib.parse import urlsplit

from aiohttp.abc import AbstractResolver
from aiohttp.resolver import DefaultResolver


class BlockedAddress(OSError):
    """A host that resolves to an address our policy refuses."""

    def __init__(self, host: str, address: str) -> None:
        super().__init__(f"{host} resolves to non-public address {address}")
        self.host = host
        self.address = address


_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def _addresses(address: str) -> list[IPAddress]:
    """The address and every IPv4 address it carries: IPv4-mapped, NAT64 (64:ff9b::/96), 6to4
    and Teredo addresses reach an IPv4 host, which must pass the same check (Python's is_global
    calls 64:ff9b::a00:1 public though it reaches 10.0.0.1)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    out: list[IPAddress] = [ip]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            out = [ip.ipv4_mapped]
        if any(ip in net for net in _NAT64):
            out.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
        if ip.sixtofour:
            out.append(ip.sixtofour)
        if ip.teredo:
            out.append(ip.teredo[1])
    return out


def is_public(address: str) -> bool:
    return all(ip.is_global and not ip.is_multicast for ip in _addresses(address))


def is_allowed(address: str, allow_private: bool, allow_loopback: bool) -> bool:
    """Public addresses always; loopback when allowed (tests, a local replica); any address when
    private ones are allowed."""
    if allow_private or is_public(address):
        return True
    return allow_loopback and all(ip.is_loopback for ip in _addresses(address))


def redact(url: str) -> str:
    """A URL fit for logs: user and password removed (reports keep what was cited)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "(malformed URL)"
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"***@{host}" + (f":{parts.port}" if parts.port else "")
    return parts._replace(netloc=netloc).geturl()


def url_refusal(url: str, allow_private: bool, allow_loopback: bool = False) -> str | None:
    """Why `url` may not be fetched at all, or None."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        _ = parts.port  # raises ValueError on a malformed port
    except ValueError as exc:
        return f"malformed URL: {exc}"
    if parts.scheme.lower() not in ("http", "https"):
        return f"scheme {parts.scheme or '(none)'!r} refused: only http and https are fetched"
    if not host:
        return "malformed URL: no host"
    if parts.username or parts.password:
        return "URL with credentials refused"
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        return None
    if not is_allowed(str(literal), allow_private, allow_loopback):
        return f"address {host} is not public (private, loopback, link-local or multicast)"
    return None


class SafeResolver(AbstractResolver):
    """The default resolver, refusing names that resolve to any non-public address."""

    def __init__(self, allow_private: bool, allow_loopback: bool = False) -> None:
        self._inner = DefaultResolver()
        self._allow_private = allow_private
        self._allow_loopback = allow_loopback

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[dict[str, Any]]:
        results = await self._inner.resolve(host, port, family)
        for r in results:
            if not is_allowed(r["host"], self._allow_private, self._allow_loopback):
                raise BlockedAddress(host, r["host"])
        return results  # type: ignore[return-value]

    async def close(self) -> None:
        await self._inner.close()
