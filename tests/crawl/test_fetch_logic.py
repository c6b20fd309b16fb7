"""Fetch logic above the transport, with a fake transport: no sockets, no DNS."""

import contextlib

from verifier.crawl.fetch import Fetcher
from verifier.crawl.transport import Response
from verifier.settings import CrawlSettings

PDF = b"%PDF-1.4\nfake\n%%EOF\n"


class FakeTransport:
    def __init__(self, routes):
        self.routes = routes
        self.requested = []

    @contextlib.asynccontextmanager
    async def get(self, url, headers):
        self.requested.append(url)
        status, hdrs, body = self.routes[url]

        async def chunks():
            yield body

        yield Response(status, hdrs, tuple(hdrs.items()), "1.1", chunks())


def fetcher(routes, tmp_path, **kw):
    settings = CrawlSettings(per_host_delay_s=0, backoff_base_s=0, backoff_jitter_s=0, **kw)
    transport = FakeTransport(routes)
    return Fetcher(transport, settings, allow_private=False, spool_dir=str(tmp_path)), transport


async def test_redirect_to_a_private_address_is_blocked_at_that_hop(tmp_path):
    f, t = fetcher(
        {"http://evidence.example/r.pdf": (302, {"Location": "http://10.0.0.5/admin"}, b"")},
        tmp_path,
    )
    r = await f.fetch("http://evidence.example/r.pdf", "http://evidence.example/r.pdf")
    assert r.verdict == "blocked" and "redirect to a refused URL http://10.0.0.5/admin" in r.reason
    assert t.requested == ["http://evidence.example/r.pdf"]  # the private address was never asked


async def test_too_many_redirects(tmp_path):
    routes = {f"http://a.example/{i}": (301, {"Location": f"/{i + 1}"}, b"") for i in range(20)}
    f, _ = fetcher(routes, tmp_path, max_redirects=3)
    r = await f.fetch("http://a.example/0", "http://a.example/0")
    assert r.verdict == "broken" and r.reason.startswith("too many redirects (more than 3)")
    assert len(r.redirects) == 4


async def test_conditional_request_answered_304(tmp_path):
    from verifier.crawl.fetch import Validator

    f, _ = fetcher({"http://a.example/r.pdf": (304, {"ETag": '"v1"'}, b"")}, tmp_path)
    v = Validator('"v1"', "Mon, 01 Jan 2024 00:00:00 GMT", "ab" * 32, 123, "pdf", "application/pdf")
    r = await f.fetch("http://a.example/r.pdf", "http://a.example/r.pdf", v)
    assert (r.verdict, r.not_modified, r.sha256, r.bytes) == ("ok", True, "ab" * 32, 123)
    assert dict(r.request_headers)["If-None-Match"] == '"v1"'


async def test_malformed_and_non_http_urls(tmp_path):
    f, t = fetcher({}, tmp_path)
    for url, why in [
        ("ftp://x.example/a.pdf", "only http and https"),
        ("http://user:pw@x.example/a", "credentials"),
        ("http://x.example:99999/a", "malformed URL"),
        ("http://[::1]/a", "not public"),
    ]:
        r = await f.fetch(url, url)
        assert r.verdict == "blocked" and why in r.reason, (url, r.reason)
    assert t.requested == []


async def test_credentials_in_a_url_are_refused_and_never_logged(tmp_path):
    from structlog.testing import capture_logs

    f, t = fetcher({}, tmp_path)
    url = "https://auditor:s3cr3t-pass@x.example/r.pdf"
    with capture_logs() as logs:
        r = await f.fetch(url, url)
    assert r.verdict == "blocked" and t.requested == []
    assert "s3cr3t" not in repr(logs) and logs[0]["url"] == "https://***@x.example/r.pdf"


def test_ipv6_addresses_that_carry_a_private_ipv4_address_are_not_public():
    from verifier.crawl.safety import is_allowed, is_public

    for carrier in (
        "64:ff9b::a00:1",
        "2002:a00:1::",
        "::ffff:10.0.0.1",
        "64:ff9b::a9fe:a9fe",
        "2001:0:4136:e378:8000:63bf:f5ff:fffe",
    ):
        assert not is_public(carrier), carrier
        assert not is_allowed(carrier, allow_private=False, allow_loopback=True), carrier
    assert is_public("64:ff9b::808:808")  # NAT64 of 8.8.8.8: public
    assert is_public("2606:4700:4700::1111") and is_public("8.8.8.8")
    assert is_allowed("::ffff:127.0.0.1", allow_private=False, allow_loopback=True)
