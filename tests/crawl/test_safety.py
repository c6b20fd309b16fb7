"""url_refusal: every URL form a report can cite gets a reason before any request or DNS lookup."""

import socket

import pytest

from verifier.crawl.safety import numeric_ipv4, url_refusal


@pytest.fixture(autouse=True)
def no_dns(monkeypatch):
    """A refusal is decided without resolving anything."""

    def fail(*_a, **_k):
        raise AssertionError("url_refusal must not resolve names")

    monkeypatch.setattr(socket, "getaddrinfo", fail)
    monkeypatch.setattr(socket, "gethostbyname", fail)


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("file:///C:/Users/auditor/Documents/esg.pdf", "file:// names a file on the author's own computer: the public cannot read it"),
        ("ftp://ftp.example.com/pub/esg.pdf", "ftp:// is a file-transfer server"),
        ("smb://fileserver/share/policy.pdf", "shared drive"),
        ("gopher://example.com/x", "gopher:// is not a web address"),
        ("http://intranet/docs/x.pdf", "intranet is a single-label host name"),
        ("http://intranet./docs/x.pdf", "single-label host name"),
        ("https://sharepoint:8443/sites/esg", "single-label host name"),
        ("http://localhost/x.pdf", "localhost names the author's own computer"),
        ("http://[::1]/x.pdf", "address ::1 is not public"),
        ("http://[fe80::1]/x.pdf", "is not public"),
        ("http://[::ffff:10.0.0.1]/x.pdf", "is not public"),
        ("http://2130706433/", "2130706433 (that is 127.0.0.1) is not public"),
        ("http://0x7f000001/x", "(that is 127.0.0.1) is not public"),
        ("http://0177.0.0.1/x", "(that is 127.0.0.1) is not public"),
        ("http://127.1/x", "(that is 127.0.0.1) is not public"),
        ("http://0xa.0.0.1/x", "(that is 10.0.0.1) is not public"),
        ("http://3232235777/", "(that is 192.168.1.1) is not public"),
        ("http://0/", "(that is 0.0.0.0) is not public"),
    ],
)  # fmt: skip
def test_refused_with_a_reason(url, words):
    reason = url_refusal(url, allow_private=False)
    assert reason is not None and words in reason, reason
    assert "\n" not in reason


@pytest.mark.parametrize(
    "url",
    [
        "https://www.example.com/esg.pdf",
        "http://134744072/",  # 8.8.8.8: a public address however it is spelt
        "http://[2606:4700::1111]/",
        "https://example.com./a",
        "http://192.0.2.1.example.com/x",  # a name whose labels look like numbers is still a name
    ],
)
def test_public_forms_are_not_refused(url):
    assert url_refusal(url, allow_private=False) is None


def test_allowances():
    # A local replica: loopback allowed (by address or by the name localhost, checked again when
    # resolved); any private name or address with allow_private.
    assert url_refusal("http://localhost:8080/x", False, allow_loopback=True) is None
    assert url_refusal("http://2130706433/", False, allow_loopback=True) is None
    assert url_refusal("http://intranet/x", False, allow_loopback=True) is not None
    assert url_refusal("http://intranet/x", True) is None
    assert url_refusal("http://0xa000001/x", True) is None
    assert url_refusal("file:///etc/passwd", True) is not None  # never, whatever is allowed


@pytest.mark.parametrize(
    ("host", "address"),
    [("2130706433", "127.0.0.1"), ("0x7F.1", "127.0.0.1"), ("010.0.0.1", "8.0.0.1"),
     ("1.2.3.4", "1.2.3.4"), ("4294967295", "255.255.255.255"), ("192.168.257", "192.168.1.1")],
)  # fmt: skip
def test_numeric_ipv4(host, address):
    assert str(numeric_ipv4(host)) == address


@pytest.mark.parametrize(
    "host", ["4294967296", "1.2.3.256", "08.1.1.1", "1..2", "a.b", "1.2.3.4.5", ""]
)
def test_not_numeric_ipv4(host):
    assert numeric_ipv4(host) is None


async def test_crawl_gives_each_form_a_verdict_and_sends_nothing(site, run_crawl):
    """The test server listens on 127.0.0.1: any of these spellings would reach it if sent."""
    live = site.url("/counted.pdf")
    urls = [
        *(live.replace("127.0.0.1", h) for h in ("2130706433", "0x7f.1", "localhost", "[::1]")),
        live.replace("127.0.0.1", "intranet"),
        "ftp://ftp.example.com/pub/esg.pdf",
        "file:///C:/Users/auditor/esg.pdf",
    ]
    results = await run_crawl(urls, allow_private=False)
    assert {u: r.verdict for u, r in results.items()} == dict.fromkeys(urls, "blocked")
    assert all(r.reason and r.attempts == 0 for r in results.values())
    assert sum(site.hits.values()) == 0


def test_logged_urls_lose_their_credentials_and_nothing_else():
    from verifier.crawl.safety import redact

    assert (
        redact("https://user:pw@example.org:8443/a.pdf?x=1")
        == "https://***@example.org:8443/a.pdf?x=1"
    )
    assert redact("https://token@example.org/a.pdf") == "https://***@example.org/a.pdf"
    assert (
        redact("https://example.org/a.pdf?mail=a@b.org") == "https://example.org/a.pdf?mail=a@b.org"
    )
    assert redact("https://example.org/报告.pdf") == "https://example.org/报告.pdf"
    assert redact("http://u:p@[::1/x") == "(malformed URL)"
    # A look-alike '@' (fullwidth, small) is not user information to a client, but its URL is
    # not logged as written either.
    assert redact("https://user:s3cret\uff20example.org/a.pdf") == "(malformed URL)"
    assert redact("https://user:s3cret\ufe6bexample.org/a.pdf") == "(malformed URL)"
