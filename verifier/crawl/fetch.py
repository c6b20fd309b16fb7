"""Fetching one URL to a verdict: limits, retries, redirects, body, type, and a reason.

Every outcome maps to exactly one verdict with a sentence a person can act on ("HTTP 404 after 1
attempt", "timed out reading body: no data for 30 s", "redirect loop: a → b → a").
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urljoin, urlsplit

import aiohttp

from verifier.crawl.body import Body, MinRate, SpoolFiles, Stalled, TooLarge, read_body
from verifier.crawl.hostlimits import HostLimiter, host_key
from verifier.crawl.proxies import ProxyRoutes, may_block_foreign_networks, shown
from verifier.crawl.retry import RetryableStatus, parse_retry_after, retrying
from verifier.crawl.safety import redact, url_refusal
from verifier.crawl.sniff import detect_type, judge_html
from verifier.crawl.transport import (
    AddressRefused,
    ConnectionReset,
    ConnectTimeout,
    NameNotResolved,
    ReadTimeout,
    Transport,
    TransportError,
)
from verifier.logs import get_logger
from verifier.models import FetchResult, Validator, Verdict
from verifier.models.citation import url_names_pdf
from verifier.settings import CrawlSettings

log = get_logger("verifier.crawl")
REDIRECTS = (301, 302, 303, 307, 308)


class Refused(Exception):
    """Our own policy refuses this URL (scheme, private address, credentials)."""


class RedirectProblem(Exception):
    pass


@dataclass(slots=True)
class _Outcome:
    status: int
    final_url: str
    chain: list[str]
    headers: Mapping[str, str]
    raw_headers: tuple[tuple[str, str], ...]
    version: str
    body: Body | None = None
    not_modified: bool = False


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class Fetcher:
    def __init__(
        self,
        transport: Transport,
        settings: CrawlSettings,
        *,
        allow_private: bool,
        spool_dir: str,
        limiter: HostLimiter | None = None,
        spool: SpoolFiles | None = None,
    ) -> None:
        self.transport = transport
        self.settings = settings
        self.allow_private = allow_private
        self.spool_dir = spool_dir
        self.spool = spool or SpoolFiles(spool_dir)  # the caller closes a pool it passes
        self._refusals: dict[str, str | None] = {}
        self._routes = ProxyRoutes.from_table(settings.proxies)
        self._min_rate = MinRate(settings.min_rate_bytes_s, settings.min_rate_window_s)
        self.limiter = limiter or HostLimiter.from_settings(settings)

    async def fetch(
        self, cited: str, fetched: str, validator: Validator | None = None
    ) -> FetchResult:
        start = time.monotonic()
        base = FetchResult(cited, fetched, None, Verdict.UNREACHABLE, "not fetched")
        refusal = self._refusal(fetched)
        if refusal:
            log.info("refused", url=redact(cited), reason=refusal)
            return replace(base, verdict=Verdict.BLOCKED, reason=refusal)
        attempts = 0
        request_headers: dict[str, str] = {}
        if validator and validator.etag:
            request_headers["If-None-Match"] = validator.etag
        if validator and validator.last_modified:
            request_headers["If-Modified-Since"] = validator.last_modified
        outcome: _Outcome | None = None
        hops: list[str] = []  # every URL requested, in order: the last one says the route
        try:
            async for attempt in retrying(self.settings):
                with attempt:
                    attempts += 1
                    outcome = await self._attempt(
                        fetched, request_headers, validator is not None, hops
                    )
            assert outcome is not None  # tenacity reraises the last error when attempts run out
            found = self._judge(base, outcome, validator, attempts)
        except BaseException as exc:  # every failure becomes a verdict
            if isinstance(exc, asyncio.CancelledError | KeyboardInterrupt | SystemExit):
                raise
            verdict, reason = self._failure(exc, attempts)
            found = {"verdict": verdict, "reason": reason, "attempts": attempts}
            if isinstance(exc, RetryableStatus):
                found["http_status"] = exc.status
            if isinstance(exc, RedirectProblem):
                found["redirects"] = tuple(exc.args[1])
        sent = tuple({"User-Agent": self.settings.user_agent, **request_headers}.items())
        proxy = shown(self._routes.proxy_for(hops[-1])) if hops else None
        if proxy:  # a proxy's own failures (502, timeouts) look like the host's: say which
            found["reason"] = f"{found['reason']}; via proxy {proxy}"
        # One replace for the whole result: each copies every field (four a document was
        # ~40 us of the crawl's own time per URL).
        result = replace(
            base, **found, elapsed_s=time.monotonic() - start, request_headers=sent, proxy=proxy
        )
        log.info("fetched", url=redact(cited), verdict=result.verdict, reason=result.reason,
                 status=result.http_status, attempts=result.attempts)  # fmt: skip
        return result

    def _refusal(self, url: str) -> str | None:
        """url_refusal, remembered per scheme and authority (the path cannot change it)."""
        key = url.split("/", 3)[:3]
        k = "/".join(key)
        if k not in self._refusals:
            self._refusals[k] = url_refusal(url, self.allow_private, self.settings.allow_loopback)
        return self._refusals[k]

    async def _attempt(
        self, url: str, headers: dict[str, str], conditional: bool, hops: list[str]
    ) -> _Outcome:
        chain = [url]
        for _hop in range(self.settings.max_redirects + 1):
            refusal = self._refusal(url)
            if refusal:
                raise Refused(
                    f"redirect to a refused URL {url}: {refusal}" if len(chain) > 1 else refusal
                )
            key = host_key(url)
            hops.append(url)
            async with (
                self.limiter.slot(key, url) as ticket,
                asyncio.timeout(self.settings.document_timeout_s),
                _named(url),
                self.transport.get(url, headers) as resp,
            ):
                self.limiter.observe(ticket, resp.status, resp.headers)
                location = resp.headers.get("Location")
                if resp.status in REDIRECTS and location:
                    nxt = urljoin(url, location.strip())
                    if nxt in chain:
                        loop = " → ".join([*chain[chain.index(nxt) :], nxt])
                        raise RedirectProblem(f"redirect loop: {loop}", [*chain[1:], nxt])
                    chain.append(nxt)
                    url = nxt
                    continue
                if resp.status in self.settings.retry_statuses:
                    raise RetryableStatus(
                        resp.status, parse_retry_after(resp.headers.get("Retry-After"))
                    )
                out = _Outcome(
                    resp.status, url, chain, resp.headers, resp.raw_headers, resp.version
                )
                if resp.status == 304 and conditional:
                    out.not_modified = True
                elif 200 <= resp.status < 300:
                    out.body = await read_body(
                        resp.chunks, self.settings.max_body_bytes, self.spool, self._min_rate
                    )
                return out
        raise RedirectProblem(
            f"too many redirects (more than {self.settings.max_redirects}): "
            f"{' → '.join(chain[:4])} …",
            chain[1:],
        )

    def _judge(
        self, base: FetchResult, o: _Outcome, validator: Validator | None, attempts: int
    ) -> dict[str, Any]:
        """The result's fields a response decides (FetchResult field names)."""
        ctype = o.headers.get("Content-Type")
        r: dict[str, Any] = {
            "final_url": o.final_url, "http_status": o.status, "attempts": attempts,
            "redirects": tuple(o.chain[1:]), "content_type": ctype,
            "etag": o.headers.get("ETag"), "last_modified": o.headers.get("Last-Modified"),
            "http_version": o.version, "response_headers": o.raw_headers,
        }  # fmt: skip

        def verdict(v: Verdict, reason: str) -> dict[str, Any]:
            r["verdict"], r["reason"] = v, reason
            return r

        tries = _plural(attempts, "attempt")
        if o.not_modified and validator:
            r.update(
                not_modified=True,
                sha256=validator.sha256,
                sha1=validator.sha1,
                bytes=validator.bytes,
                detected_type=validator.detected_type,
                content_type=ctype or validator.content_type,
                # A 304 need not repeat Last-Modified (Python's http.server and many others
                # omit it): the validators still hold, or the next run would fetch in full.
                etag=r["etag"] or validator.etag,
                last_modified=r["last_modified"] or validator.last_modified,
            )
            return verdict(Verdict.OK, "HTTP 304 Not Modified: unchanged since the last run")
        if o.status in (401, 403, 407, 451):
            return verdict(Verdict.DENIED, f"HTTP {o.status}: the public cannot read it")
        if o.status >= 400 or o.status < 200 or o.body is None:
            return verdict(Verdict.BROKEN, f"HTTP {o.status} after {tries}")
        body = o.body
        dtype = detect_type(body.head)
        r.update(sha256=body.sha256, bytes=body.size, detected_type=dtype, body_path=body.path)
        served = f" (served as {ctype})" if ctype else ""
        if dtype == "empty":
            self._drop(r)
            return verdict(Verdict.SOFT_404, "HTTP 200 with an empty body")
        if dtype == "pdf":
            note = "" if not ctype or "pdf" in ctype.lower() else served
            return verdict(Verdict.OK, f"HTTP {o.status}, PDF, {body.size} bytes{note}")
        if dtype == "html":
            judged = judge_html(body.head, base.fetched_url, o.final_url)
            if judged:
                return verdict(*judged)
        if url_names_pdf(base.fetched_url):
            return verdict(Verdict.WRONG_TYPE, f"expected a PDF, got {dtype}{served}")
        return verdict(Verdict.OK, f"HTTP {o.status}, {dtype}, {body.size} bytes")

    @staticmethod
    def _drop(r: dict[str, Any]) -> None:
        """The body is not kept (nothing in it to read): its spool file goes now."""
        if r.get("body_path"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(r["body_path"])
        r["body_path"] = None

    def _transport_failure(self, exc: TransportError, tries: str) -> tuple[Verdict, str]:
        verdict = Verdict.BLOCKED if isinstance(exc, AddressRefused) else Verdict.UNREACHABLE
        return verdict, _transport_failure_reason(exc, self.settings, tries)

    def _failure(self, exc: BaseException, attempts: int) -> tuple[Verdict, str]:
        s = self.settings
        tries = _plural(attempts, "attempt")
        if isinstance(exc, Refused):
            return Verdict.BLOCKED, str(exc)
        if isinstance(exc, RetryableStatus):
            extra = " (rate limited)" if exc.status == 429 else ""
            return Verdict.BROKEN, f"HTTP {exc.status} after {tries}{extra}"
        if isinstance(exc, RedirectProblem):
            return Verdict.BROKEN, str(exc.args[0])
        if isinstance(exc, TooLarge):
            return Verdict.TOO_LARGE, str(exc)
        if isinstance(exc, Stalled):
            return Verdict.UNREACHABLE, f"{exc} ({tries})"
        if isinstance(exc, TransportError):
            return self._transport_failure(exc, tries)
        if isinstance(exc, TimeoutError):
            return (
                Verdict.UNREACHABLE,
                f"timed out after {s.document_timeout_s:g} s for the whole document ({tries})",
            )
        if isinstance(exc, aiohttp.InvalidURL | ValueError):
            return Verdict.BLOCKED, f"malformed URL: {_first_line(exc)}"
        log.exception("unexpected fetch error", error=repr(exc))
        return Verdict.UNREACHABLE, f"unexpected error: {type(exc).__name__}: {_first_line(exc)}"


def _transport_failure_reason(exc: TransportError, s: CrawlSettings, tries: str) -> str:
    if not exc.retryable or isinstance(exc, NameNotResolved):
        return str(exc)  # said once, never tried again
    if isinstance(exc, ConnectTimeout):
        why = f"timed out connecting after {s.connect_timeout_s:g} s ({tries})"
    elif isinstance(exc, ReadTimeout):
        why = f"timed out reading: no data for {s.read_timeout_s:g} s ({tries})"
    else:
        why = f"{exc} ({tries})"
    if not exc.proxy and may_block_foreign_networks(exc.host):
        # Silence or a reset from such a host, reached directly, says "not from here", not "gone".
        kind = "connection reset" if isinstance(exc, ConnectionReset) else "timeout"
        if isinstance(exc, ConnectTimeout | ReadTimeout | ConnectionReset):
            return (
                f"unreachable from this network ({kind}); the host may block foreign networks "
                f"(a [crawl.proxies] entry can reach it from its region): {why}"
            )
    return why


@contextlib.asynccontextmanager
async def _named(url: str) -> AsyncIterator[None]:
    """A transport failure that knows its host (the reason depends on where the host is)."""
    try:
        yield
    except TransportError as exc:
        if exc.host is None:
            with contextlib.suppress(ValueError):
                exc.host = urlsplit(url).hostname
        raise


def _first_line(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text.splitlines()[0][:300]
