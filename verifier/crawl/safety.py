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
    if "@" not in url and url.isascii():  # no user information (every fetch logs its URL)
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return "(malformed URL)"
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"***@{host}" + (f":{parts.port}" if parts.port else "")
    return parts._replace(netloc=netloc).geturl()


# What a URL in another scheme means for an audit report's reader: none of them is fetched.
_SCHEME_MEANING = {
    "file": "names a file on the author's own computer: the public cannot read it",
    "ftp": "is a file-transfer server, not a web page: the public's access cannot be checked",
    "ftps": "is a file-transfer server, not a web page: the public's access cannot be checked",
    "sftp": "is a private file-transfer server: the public cannot read it",
    "smb": "names a shared drive on an organisation's own network: the public cannot read it",
    "nfs": "names a shared drive on an organisation's own network: the public cannot read it",
}


def _scheme_refusal(scheme: str) -> str:
    s = scheme.lower()
    meaning = _SCHEME_MEANING.get(
        s, "is not a web address: the public's access to it cannot be checked"
    )
    return f"{s or '(no scheme)'}:// {meaning} (only http and https are fetched)"


def _ipv4_number(part: str) -> int | None:
    """One part of an IPv4 host in any base a browser or inet_aton accepts (0x1f, 017, 31)."""
    try:
        if part[:2].lower() == "0x":
            return int(part[2:] or "0", 16)
        if len(part) > 1 and part.startswith("0"):
            return int(part, 8)
        return int(part, 10)
    except ValueError:
        return None


def numeric_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """The address a numeric host really denotes: "2130706433", "0x7f000001", "0177.0.0.1" and
    "127.1" are all 127.0.0.1 to browsers (WHATWG URL) and to inet_aton, so they are checked as
    that address, not as a name."""
    parts = host.rstrip(".").split(".") if host else []
    if not parts or len(parts) > 4 or not all(parts):
        return None
    nums = [_ipv4_number(p) for p in parts]
    if any(x is None for x in nums):
        return None
    values = [x for x in nums if x is not None]
    *head, last = values
    if any(x > 255 for x in head) or last >= 256 ** (5 - len(values)):
        return None
    value = last
    for k, x in enumerate(head):
        value += x << (8 * (3 - k))
    return ipaddress.IPv4Address(value)


def is_loopback_name(host: str) -> bool:
    h = host.rstrip(".").lower()
    return h == "localhost" or h.endswith(".localhost")


def url_refusal(url: str, allow_private: bool, allow_loopback: bool = False) -> str | None:
    """Why `url` may not be fetched at all, or None. Decided without any DNS lookup."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        _ = parts.port  # raises ValueError on a malformed port
    except ValueError as exc:
        return f"malformed URL: {exc}"
    if parts.scheme.lower() not in ("http", "https"):
        return _scheme_refusal(parts.scheme)
    if not host:
        return "malformed URL: no host"
    if parts.username or parts.password:
        return "URL with credentials refused"
    literal: IPAddress | None
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = numeric_ipv4(host)
    if literal is not None:
        if not is_allowed(str(literal), allow_private, allow_loopback):
            shown = host if host == str(literal) else f"{host} (that is {literal})"
            return f"address {shown} is not public (private, loopback, link-local or multicast)"
        return None
    if allow_private:
        return None
    if is_loopback_name(host):
        if allow_loopback:
            return None  # the resolver still checks that it is loopback
        return (
            f"{host} names the author's own computer (a non-public address): "
            "the public cannot read it"
        )
    if "." not in host.rstrip("."):
        return (
            f"{host} is a single-label host name, which only resolves inside one organisation's "
            "network: the public cannot read it (refused without a DNS lookup)"
        )
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
