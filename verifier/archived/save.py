"""Asking Save Page Now to capture a cited document, within its published limits.

The Internet Archive allows anonymous users a few captures a minute (3 to 4 since 2023, 15
before) and blocks an address that asks for more, for minutes. So requests are paced by a
`SavePacer` shared by the whole run: at least `min_gap_s` between two requests, a 429's
Retry-After (or a minute when it gives none) holds back every later request too, and a wait
longer than `max_wait_s` gives up with a note instead of parking the run.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from verifier.archived.client import LookupFailed, SaveClient
from verifier.archived.wayback import DEFAULT_WAYBACK
from verifier.crawl.retry import parse_retry_after
from verifier.crawl.safety import url_refusal

_CAPTURE_PATH = re.compile(r"/web/(\d{14})/")
DEFAULT_BACKOFF_S = 60.0  # a 429 without Retry-After


@dataclass(frozen=True, slots=True)
class SaveResult:
    url: str
    captured_at: str | None  # ISO 8601 UTC of the new capture, None when not saved
    archived_url: str | None
    note: str | None = None


class TooLong(Exception):
    def __init__(self, wait_s: float) -> None:
        super().__init__(f"Save Page Now asks us to wait {wait_s:.0f} s")
        self.wait_s = wait_s


class SavePacer:
    """One request at a time, `min_gap_s` apart, later requests held back after a 429."""

    def __init__(
        self,
        min_gap_s: float,
        max_wait_s: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.min_gap_s = min_gap_s
        self.max_wait_s = max_wait_s
        self._clock = clock
        self._next = 0.0
        self._lock = asyncio.Lock()

    async def turn(self) -> None:
        """Wait for our turn; raise TooLong (without waiting) when it is too far off."""
        async with self._lock:
            wait = self._next - self._clock()
            if wait > self.max_wait_s:
                raise TooLong(wait)
            if wait > 0:
                await asyncio.sleep(wait)
            self._next = self._clock() + self.min_gap_s

    def hold(self, seconds: float) -> None:
        self._next = max(self._next, self._clock() + seconds)


def save_url(wayback_url: str, url: str) -> str:
    return f"{wayback_url.rstrip('/')}/save/{url}"


def capture_from_headers(headers: Mapping[str, str]) -> str | None:
    """The 14-digit timestamp in Location or Content-Location (`/web/<timestamp>/<url>`)."""
    for name in ("Content-Location", "Location"):
        value = headers.get(name)
        if isinstance(value, str) and (m := _CAPTURE_PATH.search(value)):
            return m.group(1)
    return None


def _iso(timestamp: str) -> str | None:
    try:
        when = datetime.strptime(timestamp, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


async def save_page_now(
    url: str,
    client: SaveClient,
    pacer: SavePacer,
    *,
    wayback_url: str = DEFAULT_WAYBACK,
    max_attempts: int = 2,
) -> SaveResult:
    """Ask Save Page Now to capture `url` (an ok cited document); never raises for a failure."""
    refusal = url_refusal(url, allow_private=False)
    if refusal:
        return SaveResult(url, None, None, f"not submitted: {refusal}")
    url = url.split("#", 1)[0]  # a fragment is never sent to the server, so never captured
    note = "not saved"
    for _ in range(max(1, max_attempts)):
        try:
            await pacer.turn()
        except TooLong as exc:
            return SaveResult(url, None, None, f"not saved: {exc}, more than we wait")
        try:
            status, headers = await client.get_status(save_url(wayback_url, url))
        except LookupFailed as exc:
            return SaveResult(url, None, None, f"not saved: {exc}")
        except Exception as exc:  # a client we did not write: still a note
            return SaveResult(url, None, None, f"not saved: {type(exc).__name__}: {exc}")
        if status == 429:
            wait = parse_retry_after(headers.get("Retry-After")) or DEFAULT_BACKOFF_S
            pacer.hold(wait)
            note = f"not saved: Save Page Now rate-limited us (HTTP 429, wait {wait:.0f} s)"
            continue
        ts = capture_from_headers(headers) if status < 400 else None
        captured_at = _iso(ts) if ts else None
        if captured_at and ts:
            archived = f"{wayback_url.rstrip('/')}/web/{ts}/{url}"
            return SaveResult(url, captured_at, archived)
        if status < 400:
            return SaveResult(url, None, None, f"HTTP {status} but no capture timestamp given")
        return SaveResult(url, None, None, f"not saved: HTTP {status} from Save Page Now")
    return SaveResult(url, None, None, note)
