"""What a server says about its rate limit, read from its response headers.

Servers say it in several dialects, all read here into one `RateSignal`:
- `Retry-After`: seconds or an HTTP date (RFC 9110 §10.2.3).
- `RateLimit-Limit` / `RateLimit-Remaining` / `RateLimit-Reset` (IETF httpapi draft -00 to -06),
  and the same with an `X-` prefix (GitHub, GitLab, many APIs; their reset is often a Unix time).
- `RateLimit: limit=10, remaining=0, reset=5` (the combined field of some drafts and servers).
- `RateLimit: "default";r=0;t=5` with `RateLimit-Policy: "default";q=10;w=1` (draft -08 on), and
  the older policy form `RateLimit-Policy: 10;w=1` (also accepted inside `RateLimit-Limit`).
Unreadable values are ignored: a wrong header must never stop a crawl.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from verifier.crawl.retry import parse_retry_after

# A reset above this is a Unix time, not a number of seconds (no window lasts 30 years).
EPOCH_THRESHOLD = 1_000_000_000
_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*$")


@dataclass(frozen=True, slots=True)
class RateSignal:
    retry_after_s: float | None = None  # wait this long before the next request
    remaining: int | None = None  # requests left in the current window
    reset_s: float | None = None  # seconds until the window resets
    policy_gap_s: float | None = None  # window / quota of the strictest announced policy

    @property
    def empty(self) -> bool:
        return self == RateSignal()


def _number(value: str | None) -> float | None:
    if value is None:
        return None
    m = _NUMBER.match(value.split(",")[0])
    return float(m.group(1)) if m else None


def _reset(value: float | None, now_epoch: float) -> float | None:
    if value is None:
        return None
    return max(0.0, value - now_epoch) if value > EPOCH_THRESHOLD else value


def _params(item: str) -> tuple[str, dict[str, str]]:
    """`"default";q=10;w=1` → ('"default"', {'q': '10', 'w': '1'})."""
    head, *rest = [p.strip() for p in item.split(";")]
    params = {}
    for p in rest:
        k, _, v = p.partition("=")
        params[k.strip().lower()] = v.strip().strip('"')
    return head, params


def policy_gap(value: str | None) -> float | None:
    """Seconds per request allowed by the strictest policy in `10;w=1, 100;w=60` or
    `"burst";q=10;w=1, "day";q=1000;w=86400`; None when none can be read."""
    if not value:
        return None
    gaps = []
    for item in value.split(","):
        head, params = _params(item)
        quota = _number(params.get("q")) or _number(head)
        window = _number(params.get("w"))
        if quota and window:
            gaps.append(window / quota)
    return max(gaps) if gaps else None


def _combined(value: str, now_epoch: float) -> tuple[int | None, float | None]:
    """`RateLimit` in either form: (remaining, seconds until reset)."""
    if "remaining=" in value or "reset=" in value:  # limit=10, remaining=0, reset=5
        fields = {}
        for part in value.split(","):
            k, _, v = part.partition("=")
            fields[k.strip().lower()] = _number(v)
        remaining = fields.get("remaining")
        return (
            int(remaining) if remaining is not None else None,
            _reset(fields.get("reset"), now_epoch),
        )
    remaining_l: list[int] = []
    resets: list[float] = []
    for item in value.split(","):  # "default";r=0;t=5
        _, params = _params(item)
        r, t = _number(params.get("r")), _number(params.get("t"))
        if r is not None:
            remaining_l.append(int(r))
        if t is not None:
            resets.append(t)
    return (
        min(remaining_l) if remaining_l else None,
        max(resets) if resets else None,
    )


def read_signal(headers: Mapping[str, str], now_epoch: float) -> RateSignal:
    """Everything the headers say about pacing; fields the server did not send stay None."""
    get = headers.get
    retry_after = parse_retry_after(get("Retry-After"), now_epoch)
    remaining_f = _number(get("RateLimit-Remaining") or get("X-RateLimit-Remaining"))
    remaining = int(remaining_f) if remaining_f is not None else None
    reset = _reset(_number(get("RateLimit-Reset") or get("X-RateLimit-Reset")), now_epoch)
    gap = policy_gap(get("RateLimit-Policy"))
    limit = get("RateLimit-Limit") or ""
    if gap is None and "w=" in limit:
        gap = policy_gap(limit)
    combined = get("RateLimit")
    if combined:
        r, t = _combined(combined, now_epoch)
        remaining = r if remaining is None else remaining
        reset = t if reset is None else reset
    return RateSignal(retry_after, remaining, reset, gap)
