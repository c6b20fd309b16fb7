"""Per-host proxies: matching hosts go through the proxy (which resolves the name), others go
direct, a proxy on a refused address is refused, and credentials never reach the report.

The proxies here are real servers on 127.0.0.1: an HTTP forwarding/CONNECT proxy and a SOCKS5
proxy, each mapping a name that does not resolve here (evidence.example.cn) to a local origin and
counting what it forwarded.
"""

import asyncio
import base64
import contextlib
import json
import struct
from collections import Counter
from dataclasses import replace
from urllib.parse import urlsplit

import pytest
from aiohttp import web

from verifier.crawl import crawl
from verifier.crawl.fetch import Fetcher
from verifier.crawl.proxies import ProxyRoutes, may_block_foreign_networks, shown
from verifier.crawl.transport import ConnectionReset, ConnectTimeout, Response
from verifier.models import Verdict
from verifier.settings import ConfigError, load_settings

from .conftest import FAST, PDF
from .test_tls import _self_signed

MAPPED = "evidence.example.cn"  # reserved name: never resolves, reached only through a proxy


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(ConnectionError, OSError):
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    with contextlib.suppress(ConnectionError, OSError, RuntimeError):
        writer.close()


class _Proxy:
    """Shared by both proxies: the name map, the counters, and the server's lifetime."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()  # target host -> requests (HTTP) or tunnels (SOCKS)
        self.auth: list[str] = []
        self.server: asyncio.Server | None = None
        self.port = 0

    async def start(self) -> None:
        self.server = await asyncio.start_server(self.handle, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]

    async def close(self) -> None:
        assert self.server is not None
        self.server.close()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.server.wait_closed(), 1)

    async def connect(self, host: str, port: int):
        if host != MAPPED:
            raise OSError(f"{host} unknown to this proxy")
        self.hits[host] += 1
        return await asyncio.open_connection("127.0.0.1", port)

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        raise NotImplementedError


class HttpProxy(_Proxy):
    """Absolute-form GETs forwarded (one request per connection), CONNECT tunnelled."""

    async def handle(self, reader, writer):
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        method, target, _ = head[0].split(" ")
        headers = [h for h in head[1:] if h]
        self.auth += [h.split(":", 1)[1].strip() for h in headers
                      if h.lower().startswith("proxy-authorization:")]  # fmt: skip
        if method == "CONNECT":
            host, port = target.rsplit(":", 1)
            try:
                up_r, up_w = await self.connect(host, int(port))
            except OSError:
                writer.write(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
                writer.close()
                return
            writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        else:
            parts = urlsplit(target)
            try:
                up_r, up_w = await self.connect(parts.hostname or "", parts.port or 80)
            except OSError:
                writer.write(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
                writer.close()
                return
            kept = [h for h in headers if not h.lower().startswith(("connection:", "proxy-"))]
            request = [f"GET {parts.path} HTTP/1.1", *kept, "Connection: close", "", ""]
            up_w.write("\r\n".join(request).encode("latin-1"))
        await asyncio.gather(_pipe(reader, up_w), _pipe(up_r, writer))


class Socks5Proxy(_Proxy):
    """RFC 1928 CONNECT with username/password (RFC 1929) or no authentication; the proxy, not
    the client, resolves the name (ATYP 3)."""

    async def handle(self, reader, writer):
        try:
            _ver, n = await reader.readexactly(2)
            methods = await reader.readexactly(n)
            if 2 in methods:
                writer.write(b"\x05\x02")
                _v, ulen = await reader.readexactly(2)
                user = (await reader.readexactly(ulen)).decode()
                (plen,) = await reader.readexactly(1)
                password = (await reader.readexactly(plen)).decode()
                self.auth.append(f"{user}:{password}")
                writer.write(b"\x01\x00")
            else:
                writer.write(b"\x05\x00")
            _v, cmd, _rsv, atyp = await reader.readexactly(4)
            assert cmd == 1 and atyp == 3, "this proxy only tunnels to names it resolves"
            (length,) = await reader.readexactly(1)
            host = (await reader.readexactly(length)).decode()
            (port,) = struct.unpack("!H", await reader.readexactly(2))
            try:
                up_r, up_w = await self.connect(host, port)
            except OSError:
                writer.write(b"\x05\x04\x00\x01" + bytes(6))  # host unreachable
                writer.close()
                return
            writer.write(b"\x05\x00\x00\x01" + bytes(6))
        except (asyncio.IncompleteReadError, AssertionError):
            writer.close()
            return
        await asyncio.gather(_pipe(reader, up_w), _pipe(up_r, writer))


@pytest.fixture
async def http_proxy():
    proxy = HttpProxy()
    await proxy.start()
    yield proxy
    await proxy.close()


@pytest.fixture
async def socks_proxy():
    proxy = Socks5Proxy()
    await proxy.start()
    yield proxy
    await proxy.close()


# A run as in production (no private addresses for hosts) except that loopback is allowed, so the
# local proxies and the local origin can be used.
LOCAL = replace(FAST, allow_private=False, allow_loopback=True)


async def _crawl(tmp_path, urls, **overrides):
    return await crawl(urls, replace(LOCAL, **overrides), spool_dir=str(tmp_path))


async def test_matching_hosts_go_through_the_http_proxy_others_direct(site, http_proxy, tmp_path):
    port = int(site.url("/").rsplit(":", 1)[1].split("/")[0])
    via = [f"http://{MAPPED}:{port}/counted.pdf", f"http://{MAPPED}:{port}/r1"]
    direct = site.url("/ok.pdf")
    proxy = f"http://user:s3cret@127.0.0.1:{http_proxy.port}"
    out = await _crawl(tmp_path, [*via, direct], proxies={"*.example.cn": proxy})
    for url in via:
        assert out[url].verdict == Verdict.OK, out[url].reason
        assert out[url].proxy == f"http://127.0.0.1:{http_proxy.port}"
    # /r1 -> /r2 -> /ok.pdf: every hop to the mapped host went through the proxy.
    assert out[via[1]].final_url == f"http://{MAPPED}:{port}/ok.pdf"
    assert http_proxy.hits[MAPPED] == 4
    assert site.hits["/counted.pdf"] == 1
    assert out[direct].verdict == Verdict.OK and out[direct].proxy is None
    expected = "Basic " + base64.b64encode(b"user:s3cret").decode()
    assert http_proxy.auth == [expected] * 4  # credentials go to the proxy ...
    report = json.dumps([r.to_dict() for r in out.values()])
    assert "s3cret" not in report and "user:" not in report  # ... and nowhere else


async def test_a_name_that_does_not_resolve_here_fails_direct(site, tmp_path):
    port = int(site.url("/").rsplit(":", 1)[1].split("/")[0])
    url = f"http://{MAPPED}:{port}/ok.pdf"
    r = (await _crawl(tmp_path, [url], max_attempts=1))[url]
    assert r.verdict == Verdict.UNREACHABLE and "DNS lookup failed" in r.reason
    assert r.proxy is None


async def test_socks5_proxy_resolves_the_name_and_keeps_credentials_out(
    site, socks_proxy, tmp_path
):
    port = int(site.url("/").rsplit(":", 1)[1].split("/")[0])
    urls = [f"http://{MAPPED}:{port}/counted.pdf", f"http://{MAPPED}:{port}/ok.pdf"]
    proxy = f"socks5h://auditor:pa55@127.0.0.1:{socks_proxy.port}"
    out = await _crawl(tmp_path, urls, proxies={MAPPED: proxy})
    for url in urls:
        assert out[url].verdict == Verdict.OK, out[url].reason
        assert out[url].proxy == f"socks5h://127.0.0.1:{socks_proxy.port}"
    assert socks_proxy.hits[MAPPED] >= 1  # tunnels may be reused (keep-alive) ...
    assert site.hits["/counted.pdf"] == 1  # ... but only the proxy could reach the origin
    assert socks_proxy.auth and set(socks_proxy.auth) == {"auditor:pa55"}
    assert "pa55" not in json.dumps([r.to_dict() for r in out.values()])


async def test_host_the_socks_proxy_cannot_reach_is_a_reason(socks_proxy, tmp_path):
    url = "http://other.example.cn:81/x.pdf"
    proxy = f"socks5://127.0.0.1:{socks_proxy.port}"
    r = (await _crawl(tmp_path, [url], max_attempts=1, proxies={"*.cn": proxy}))[url]
    assert r.verdict == Verdict.UNREACHABLE
    assert "proxy could not reach the host" in r.reason and f"via proxy {proxy}" in r.reason


@pytest.mark.parametrize("scheme", ["http", "socks5"])
async def test_proxy_on_a_refused_address_is_refused(scheme, http_proxy, tmp_path):
    url = f"http://{MAPPED}/report.pdf"
    proxy = f"{scheme}://u:pw@127.0.0.1:{http_proxy.port}"
    r = (await _crawl(tmp_path, [url], allow_loopback=False, proxies={MAPPED: proxy}))[url]
    assert r.verdict == Verdict.BLOCKED
    assert "proxy" in r.reason and "non-public" in r.reason and "pw" not in r.reason
    assert r.attempts == 1  # a policy refusal is never retried
    assert http_proxy.hits[MAPPED] == 0


async def test_proxy_named_localhost_is_refused_by_the_resolver(tmp_path):
    url = f"http://{MAPPED}/report.pdf"
    proxies = {MAPPED: "http://localhost:3128"}
    r = (await _crawl(tmp_path, [url], allow_loopback=False, proxies=proxies))[url]
    assert r.verdict == Verdict.BLOCKED and "non-public address" in r.reason


async def test_the_url_literal_host_is_still_checked_when_proxied(http_proxy, tmp_path):
    urls = ["http://10.0.0.5/x.pdf", "http://intranet/x.pdf", "http://localhost:8080/x.pdf"]
    proxy = f"http://127.0.0.1:{http_proxy.port}"
    out = await _crawl(tmp_path, urls, allow_loopback=False, proxies={"*": proxy})
    assert all(r.verdict == Verdict.BLOCKED for r in out.values()), out
    assert sum(http_proxy.hits.values()) == 0


async def test_proxy_that_is_down_says_so(tmp_path):
    url = f"http://{MAPPED}/report.pdf"
    proxy = "http://127.0.0.1:9"  # discard port: nothing listens
    r = (await _crawl(tmp_path, [url], max_attempts=1, proxies={MAPPED: proxy}))[url]
    assert r.verdict == Verdict.UNREACHABLE
    assert "cannot connect to the proxy" in r.reason and "via proxy http://127.0.0.1:9" in r.reason


class _Silent:
    """A transport whose every request fails the way a host that drops foreign traffic does."""

    def __init__(self, exc: type[Exception]) -> None:
        self.exc = exc

    @contextlib.asynccontextmanager
    async def get(self, url, headers):
        raise self.exc("timed out connecting")
        yield Response(200, {}, (), "1.1", None)  # pragma: no cover


@pytest.mark.parametrize(
    ("exc", "kind"), [(ConnectTimeout, "timeout"), (ConnectionReset, "connection reset")]
)
async def test_silence_from_a_cn_host_is_not_called_dead(exc, kind, tmp_path):
    fetcher = Fetcher(_Silent(exc), replace(FAST, max_attempts=2), allow_private=False,
                      spool_dir=str(tmp_path))  # fmt: skip
    url = "https://www.creditchina.gov.cn/xinyongfuwu/report.pdf"
    r = await fetcher.fetch(url, url)
    assert r.verdict == Verdict.UNREACHABLE and r.attempts == 2
    assert r.reason.startswith(
        f"unreachable from this network ({kind}); the host may block foreign networks"
    )
    other = await fetcher.fetch("https://example.com/a.pdf", "https://example.com/a.pdf")
    assert "foreign" not in other.reason and "2 attempts" in other.reason


def test_routes_first_match_in_order_written_and_case_insensitive():
    routes = ProxyRoutes.from_table(
        {"www.creditchina.gov.cn": "socks5://a:1080", "*.CN": "http://b:3128"}
    )
    assert routes.proxy_for("https://WWW.creditchina.gov.cn./x") == "socks5://a:1080"
    assert routes.proxy_for("http://www.cninfo.com.cn/a.pdf") == "http://b:3128"
    assert routes.proxy_for("http://example.com/cn") is None
    assert routes.proxy_for("http://[::1") is None  # malformed: no route, the fetch says why
    assert shown("socks5h://user:pw@[::1]:1080") == "socks5h://[::1]:1080"
    assert may_block_foreign_networks("www.gov.cn.") and not may_block_foreign_networks("cn.com")
    assert may_block_foreign_networks("政府.中国")
    assert may_block_foreign_networks("xn--mxtq1m.xn--fiqs8s")


def test_proxies_table_from_config(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text('[crawl.proxies]\n"*.gov.cn" = "socks5://p.example.net:1080"\n')
    assert load_settings(cfg).crawl.proxies == {"*.gov.cn": "socks5://p.example.net:1080"}
    for bad, why in [
        ('"*.cn" = "https://p:443"', "not supported"),
        ('"*.cn" = "socks4://p:1080"', "not supported"),
        ('"*.cn" = "http://p"', "needs a host and a port"),
        ('"*.cn" = 3128', "expected a host pattern"),
        ('"https://www.gov.cn/" = "http://p:3128"', "not a URL"),
    ]:
        cfg.write_text(f"[crawl.proxies]\n{bad}\n")
        with pytest.raises(ConfigError, match=why):
            load_settings(cfg)


async def test_https_goes_through_a_connect_tunnel(aiohttp_server, http_proxy, tmp_path):
    """CONNECT to the name (the proxy resolves it), then TLS end to end: the proxy cannot read or
    alter the document, so the certificate is still checked (here it is untrusted)."""
    hits = []

    async def handler(_request):
        hits.append(1)
        return web.Response(body=PDF, content_type="application/pdf")

    app = web.Application()
    app.router.add_get("/r.pdf", handler)
    server = await aiohttp_server(app, ssl=_self_signed(tmp_path))
    url = f"https://{MAPPED}:{server.port}/r.pdf"
    proxy = f"http://user:s3cret@127.0.0.1:{http_proxy.port}"
    r = (await _crawl(tmp_path, [url], proxies={MAPPED: proxy}))[url]
    assert r.verdict == Verdict.UNREACHABLE and r.reason.startswith("TLS certificate error")
    assert r.proxy == f"http://127.0.0.1:{http_proxy.port}" and "s3cret" not in r.reason
    assert http_proxy.hits[MAPPED] == 1 and hits == []
    assert http_proxy.auth == ["Basic " + base64.b64encode(b"user:s3cret").decode()]


async def test_localhost_through_a_proxy_is_refused_even_with_loopback_allowed(
    http_proxy, tmp_path
):
    url = "http://localhost:8080/x.pdf"  # the proxy would read its own machine, not ours
    proxy = f"http://127.0.0.1:{http_proxy.port}"
    r = (await _crawl(tmp_path, [url], proxies={"*": proxy}))[url]
    assert r.verdict == Verdict.BLOCKED and "proxy's own machine" in r.reason
    assert sum(http_proxy.hits.values()) == 0


async def test_a_proxy_gateway_error_names_the_proxy(http_proxy, tmp_path):
    url = "http://elsewhere.example.cn/x.pdf"  # the proxy knows no way there: 502
    proxy = f"http://127.0.0.1:{http_proxy.port}"
    r = (await _crawl(tmp_path, [url], max_attempts=2, proxies={"*.cn": proxy}))[url]
    assert r.verdict == Verdict.BROKEN and r.http_status == 502
    assert r.reason == f"HTTP 502 after 2 attempts; via proxy {proxy}"
