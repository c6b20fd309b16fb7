"""Which proxy, if any, a request to a host goes through ([crawl.proxies]).

Some hosts cannot be reached from the runner's network (many Chinese government sites drop
foreign traffic), while a reader in their region reads them fine; a proxy there shows what that
reader sees. Patterns are matched on the URL's host, case-insensitively, first match in the order
written; every hop of a redirect chain is routed by its own host.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase
from urllib.parse import urlsplit

# Top-level domains whose hosts often drop connections from abroad: .cn and .中国 / .中國.
_FOREIGN_BLOCKING_TLDS = ("cn", "xn--fiqs8s", "xn--fiqz9s", "中国", "中國")


@dataclass(frozen=True, slots=True)
class ProxyRoutes:
    routes: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_table(cls, table: Mapping[str, str]) -> ProxyRoutes:
        return cls(tuple((p.strip().lower().rstrip("."), u) for p, u in table.items()))

    def proxy_for(self, url: str) -> str | None:
        """The proxy URL (with any credentials) for `url`'s host, or None to go direct."""
        if not self.routes:
            return None
        try:
            host = (urlsplit(url).hostname or "").rstrip(".")
        except ValueError:
            return None
        for pattern, proxy in self.routes:
            if host == pattern or fnmatchcase(host, pattern):
                return proxy
        return None


def shown(proxy: str | None) -> str | None:
    """A proxy URL fit for logs and reports: scheme, host and port, never the credentials."""
    if proxy is None:
        return None
    parts = urlsplit(proxy)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    return f"{parts.scheme.lower()}://{host}" + (f":{parts.port}" if parts.port else "")


def may_block_foreign_networks(host: str | None) -> bool:
    """A host under a TLD whose servers often refuse traffic from abroad (so silence from it
    says "not from here", not "gone")."""
    if not host:
        return False
    return host.rstrip(".").lower().rsplit(".", 1)[-1] in _FOREIGN_BLOCKING_TLDS
