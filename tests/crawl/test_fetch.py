"""One test per crawler behaviour, against a real aiohttp server on 127.0.0.1."""

import hashlib
import time
from pathlib import Path

from tests.crawl.conftest import PDF


async def one(run_crawl, url, **kw):
    return (await run_crawl([url], **kw))[url]


async def test_ok_pdf(site, run_crawl):
    r = await one(run_crawl, site.url("/ok.pdf"))
    assert (r.verdict, r.http_status, r.attempts, r.detected_type) == ("ok", 200, 1, "pdf")
    assert r.sha256 == hashlib.sha256(PDF).hexdigest() and r.bytes == len(PDF)
    assert Path(r.body_path).read_bytes() == PDF
    assert r.etag == '"v1"' and r.final_url == r.fetched_url


async def test_statuses(site, run_crawl):
    urls = {code: site.url(f"/status/{code}") for code in (404, 410, 401, 403, 500)}
    res = await run_crawl(list(urls.values()))
    assert (
        res[urls[404]].verdict == "broken" and res[urls[404]].reason == "HTTP 404 after 1 attempt"
    )
    assert res[urls[410]].verdict == "broken"
    assert res[urls[401]].verdict == "denied" and res[urls[403]].verdict == "denied"
    assert res[urls[500]].verdict == "broken"
    assert res[urls[500]].reason == "HTTP 500 after 3 attempts" and res[urls[500]].attempts == 3
    assert site.hits["/status/404"] == 1  # other 4xx are never retried
    assert site.hits["/status/500"] == 3


async def test_retry_then_success(site, run_crawl):
    r = await one(run_crawl, site.url("/flaky.pdf"))
    assert (r.verdict, r.attempts) == ("ok", 3)


async def test_429_honours_retry_after(site, run_crawl):
    r = await one(run_crawl, site.url("/ratelimited.pdf"))
    assert (r.verdict, r.attempts) == ("ok", 2)
    first, second = site.times["/ratelimited.pdf"]
    assert 0.95 <= second - first < 2.5  # waited Retry-After: 1, not the 0.01 s backoff


async def test_retry_after_is_capped(site, run_crawl):
    start = time.monotonic()
    r = await one(run_crawl, site.url("/ratelimited.pdf"), retry_after_cap_s=0.2)
    assert r.verdict == "ok" and time.monotonic() - start < 0.9


async def test_redirect_chain_is_recorded(site, run_crawl):
    r = await one(run_crawl, site.url("/r1"))
    assert r.verdict == "ok"
    assert r.redirects == (site.url("/r2"), site.url("/ok.pdf")) and r.final_url == site.url(
        "/ok.pdf"
    )


async def test_redirect_loop_is_a_verdict(site, run_crawl):
    r = await one(run_crawl, site.url("/loop-a"))
    assert r.verdict == "broken"
    assert (
        r.reason
        == f"redirect loop: {site.url('/loop-a')} → {site.url('/loop-b')} → {site.url('/loop-a')}"
    )


async def test_redirect_to_another_scheme_is_blocked(site, run_crawl):
    r = await one(run_crawl, site.url("/to-ftp"))
    assert r.verdict == "blocked" and "only http and https" in r.reason


async def test_the_whole_document_cap_still_holds_and_is_not_retried(site, run_crawl):
    start = time.monotonic()
    r = await one(run_crawl, site.url("/trickle.pdf"), document_timeout_s=1, max_attempts=3)
    assert r.verdict == "unreachable" and "timed out after 1 s for the whole document" in r.reason
    assert r.attempts == 1  # a retry at full length would only double the wait
    assert time.monotonic() - start < 3


async def test_reset_mid_body(site, run_crawl):
    r = await one(run_crawl, site.url("/reset.pdf"), max_attempts=2)
    assert r.verdict == "unreachable" and r.attempts == 2
    assert "cut short" in r.reason or "closed" in r.reason or "connection" in r.reason


async def test_real_pdf_with_wrong_content_type_is_ok(site, run_crawl):
    r = await one(run_crawl, site.url("/pdf-as-html.pdf"))
    assert (r.verdict, r.detected_type) == ("ok", "pdf") and "served as text/html" in r.reason


async def test_html_error_pages_at_pdf_urls(site, run_crawl):
    urls = [site.url(p) for p in ("/error-page.pdf", "/cn-error.pdf", "/to-root.pdf",
                                  "/html-page.pdf", "/challenge.pdf", "/empty.pdf")]  # fmt: skip
    res = await run_crawl(urls)
    v = {u.rsplit("/", 1)[1]: (res[u].verdict, res[u].reason) for u in urls}
    assert v["error-page.pdf"] == ("soft_404", 'HTTP 200 with an error page "404 Not Found"')
    assert v["cn-error.pdf"][0] == "soft_404"
    assert v["to-root.pdf"][0] == "soft_404" and "home or a parent page" in v["to-root.pdf"][1]
    assert v["html-page.pdf"] == (
        "wrong_type",
        "expected a PDF, got html (served as text/html; charset=utf-8)",
    )
    assert v["challenge.pdf"][0] == "denied"
    assert v["empty.pdf"] == ("soft_404", "HTTP 200 with an empty body")


async def test_oversized_body(site, run_crawl, tmp_path):
    r = await one(run_crawl, site.url("/big.pdf"), max_body_bytes=1_000_000)
    assert r.verdict == "too_large" and "1000000-byte limit" in r.reason
    assert not list(tmp_path.glob("body-*"))  # the partial spool file is gone


async def test_gzip_bomb_is_too_large_not_out_of_memory(site, run_crawl):
    r = await one(run_crawl, site.url("/bomb.pdf"), max_body_bytes=2_000_000)
    assert r.verdict == "too_large"


async def test_private_address_refused_without_allow_private(site, run_crawl):
    r = await one(run_crawl, site.url("/ok.pdf"), allow_private=False)
    assert r.verdict == "blocked" and "127.0.0.1 is not public" in r.reason
    assert site.hits["/ok.pdf"] == 0
    local = site.url("/ok.pdf").replace("127.0.0.1", "localhost")
    r = await one(run_crawl, local, allow_private=False)
    assert r.verdict == "blocked" and "non-public address" in r.reason


async def test_per_host_limit_never_exceeded_and_filled(site, run_crawl):
    urls = [site.url(f"/slow/{i}") for i in range(12)]
    res = await run_crawl(urls, per_host_concurrency=3, max_concurrency=10)
    assert all(r.verdict == "ok" for r in res.values())
    assert site.peak == 3  # never more than the limit, and the host kept busy up to it


async def test_per_host_delay_spaces_request_starts(site, run_crawl):
    urls = [site.url(f"/slow/{i}") for i in range(4)]
    start = time.monotonic()
    await run_crawl(urls, per_host_concurrency=4, per_host_delay_s=0.2)
    assert time.monotonic() - start >= 0.6  # 4 starts, 0.2 s apart


async def test_duplicates_fetched_once(site, run_crawl):
    u = site.url("/counted.pdf")
    res = await run_crawl([u, u, u])
    assert len(res) == 1 and site.hits["/counted.pdf"] == 1


async def test_user_agent_names_the_tool(aiohttp_server, run_crawl):
    from aiohttp import web

    seen = []

    async def handler(request):
        seen.append(request.headers["User-Agent"])
        return web.Response(body=PDF, content_type="application/pdf")

    app = web.Application()
    app.router.add_get("/x.pdf", handler)
    server = await aiohttp_server(app)
    await run_crawl([str(server.make_url("/x.pdf"))])
    assert seen[0].startswith("verifier/")


async def test_unreachable_port(run_crawl):
    r = await one(run_crawl, "http://127.0.0.1:9/x.pdf", max_attempts=1)
    assert r.verdict == "unreachable" and "cannot connect" in r.reason
