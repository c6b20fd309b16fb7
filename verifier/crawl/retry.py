"""When to try again, and how long to wait (tenacity).

Retried: connection errors, connect and header timeouts, truncated bodies and the statuses in
settings (408/425/429/5xx by default), with exponential backoff and jitter, a bounded number of
attempts, and `Retry-After` honoured (seconds or an HTTP date) up to a cap: a server may ask us to
wait, not park us forever. Never retried: TLS certificate errors, other 4xx, addresses our policy
refuses, names that do not exist, redirect loops, and slow transfers: a stalled body (it already
cost a whole rate window, and a retry would cost another for the same answer) or one that ran
into the whole-document cap (minutes spent; a retry at full length doubles them). The next
scheduled run is their retry, and `--fail-after` counts them only when they keep failing.
"""

from __future__ import annotations

import email.utils
import socket
import time
from collections.abc import Callable
from datetime import UTC

import aiohttp
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)

from verifier.crawl.safety import BlockedAddress
from verifier.crawl.transport import TransportError
from verifier.logs import get_logger
from verifier.settings import CrawlSettings

log = get_logger("verifier.crawl.retry")


class RetryableStatus(Exception):
    """A response whose status says 'try again later'."""

    def __init__(self, status: int, retry_after: float | None) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status
        self.retry_after = retry_after


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


def is_retryable(exc: BaseException) -> bool:
    if isinstance(exc, TransportError):
        return exc.retryable
    if isinstance(exc, RetryableStatus):
        return True
    if isinstance(exc, aiohttp.ClientSSLError | aiohttp.TooManyRedirects | aiohttp.InvalidURL):
        return False
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        os_error = exc.os_error
        if isinstance(os_error, BlockedAddress):
            return False
        return isinstance(os_error, socket.gaierror) and os_error.errno == socket.EAI_AGAIN
    # aiohttp's own timeouts (connect, silence before headers) are ClientConnectionErrors and are
    # retried; a bare TimeoutError is the whole-document cap, and Stalled is neither.
    return isinstance(exc, aiohttp.ClientConnectionError | aiohttp.ClientPayloadError)


def _wait(settings: CrawlSettings) -> Callable[[RetryCallState], float]:
    backoff = wait_exponential_jitter(
        multiplier=settings.backoff_base_s,
        max=settings.backoff_max_s,
        jitter=settings.backoff_jitter_s,
    )

    def wait(state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, RetryableStatus) and exc.retry_after is not None:
            return min(exc.retry_after, settings.retry_after_cap_s)
        return backoff(state)

    return wait


def _log_retry(state: RetryCallState) -> None:
    exc = state.outcome.exception() if state.outcome else None
    log.info(
        "retrying",
        attempt=state.attempt_number,
        wait_s=round(state.next_action.sleep, 2) if state.next_action else None,
        error=str(exc),
    )


def retrying(settings: CrawlSettings) -> AsyncRetrying:
    return AsyncRetrying(
        stop=stop_after_attempt(max(1, settings.max_attempts)),
        wait=_wait(settings),
        retry=retry_if_exception(is_retryable),
        before_sleep=_log_retry,
        reraise=True,
    )
