"""Archived copies of a cited document in the Wayback Machine, and whether they are what the
audit relied on.

Pure parts (CDX parsing, choosing a capture, digests, the match decision) are separate from the
one async `lookup`, which talks through a small client protocol (`client.ArchiveClient`) so the
requests go through the crawler's safety policy, politeness and retries. A CDX answer is
untrusted input: anything malformed becomes a note, never an exception. A failed lookup is a note
too: archived copies are extra evidence, never a reason for a run to fail.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from verifier.archived.client import ArchiveClient, LookupFailed
from verifier.models import ArchivedCopy, Matches, Verdict

DEFAULT_WAYBACK = "https://web.archive.org"
CDX_FIELDS = "timestamp,original,mimetype,statuscode,digest"
_TIMESTAMP = re.compile(r"^\d{14}$")
_BASE32_SHA1 = re.compile(r"^[A-Z2-7]{32}$")


@dataclass(frozen=True, slots=True)
class Capture:
    """One row of a CDX answer, validated."""

    timestamp: str  # 14 digits, UTC
    original: str
    mimetype: str
    status: str
    digest: str | None  # base32 SHA-1 of the payload; None when absent or in a form we cannot use

    @property
    def when(self) -> datetime:
        return datetime.strptime(self.timestamp, "%Y%m%d%H%M%S").replace(tzinfo=UTC)

    @property
    def captured_at(self) -> str:
        return self.when.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True, slots=True)
class CdxParse:
    captures: list[Capture]
    note: str | None = None  # what was wrong with the answer, if anything


@dataclass(frozen=True, slots=True)
class LookupResult:
    copy: ArchivedCopy | None
    note: str | None = None  # why there is no copy, or a caveat about the one found
    after_baseline: bool = False  # no capture at or before the baseline: this is the earliest after


def needs_lookup(verdict: Verdict | str) -> bool:
    """Only documents that are not ok are looked up. `blocked` ones are not either: our own
    policy refused them (private address, credentials), and their URL must not leave us."""
    try:
        v = Verdict(verdict)
    except ValueError:
        return False
    return v not in (Verdict.OK, Verdict.BLOCKED)


def cdx_query_url(wayback_url: str, url: str) -> str:
    base = wayback_url.rstrip("/")
    return (
        f"{base}/cdx/search/cdx?url={quote(url, safe='')}&output=json"
        f"&fl={CDX_FIELDS}&filter=statuscode:200"
    )


def raw_capture_url(wayback_url: str, capture: Capture) -> str:
    """The capture as archived, without the Wayback banner or rewritten links (`id_`)."""
    return f"{wayback_url.rstrip('/')}/web/{capture.timestamp}id_/{capture.original}"


def replay_url(wayback_url: str, capture: Capture) -> str:
    return f"{wayback_url.rstrip('/')}/web/{capture.timestamp}/{capture.original}"


def _is_http(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def _digest(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    d = value.strip()
    if d.lower().startswith("sha1:"):
        d = d[5:]
    return d if _BASE32_SHA1.match(d) else None


def parse_cdx(data: Any, cited_url: str) -> CdxParse:
    """Captures with status 200 from a parsed `output=json` CDX answer: an array of arrays whose
    first row names the fields. Rows that do not fit are skipped and counted in the note; an
    `original` that is not an http(s) URL is replaced by the cited URL (it ends up as a link in
    reports, so it must never be `javascript:`)."""
    if not isinstance(data, list):
        return CdxParse([], f"unusable CDX answer: a JSON {type(data).__name__}, not an array")
    if not data:
        return CdxParse([])
    header = data[0]
    if not isinstance(header, list) or not all(isinstance(h, str) for h in header):
        return CdxParse([], "unusable CDX answer: the first row does not name the fields")
    col = {name: i for i, name in enumerate(header)}
    if "timestamp" not in col:
        return CdxParse([], "unusable CDX answer: no timestamp field")
    captures: list[Capture] = []
    skipped = 0
    for row in data[1:]:
        capture = _row(row, col, cited_url)
        if capture is None:
            skipped += 1
        elif capture.status == "200":
            captures.append(capture)
    note = None
    if skipped:
        note = f"CDX answer: {skipped} malformed row{'s' if skipped != 1 else ''} skipped"
    return CdxParse(captures, note)


def _row(row: object, col: dict[str, int], cited_url: str) -> Capture | None:
    if not isinstance(row, list) or len(row) != len(col):
        return None

    def get(name: str) -> object:
        return row[col[name]] if name in col else None

    ts = get("timestamp")
    if not isinstance(ts, str) or not _TIMESTAMP.match(ts):
        return None
    try:
        datetime.strptime(ts, "%Y%m%d%H%M%S")
    except ValueError:
        return None
    original = get("original")
    if not isinstance(original, str) or not _is_http(original):
        original = cited_url
    status = get("statuscode")
    mimetype = get("mimetype")
    return Capture(
        timestamp=ts,
        original=original,
        mimetype=mimetype if isinstance(mimetype, str) else "",
        status=status if isinstance(status, str) else "200",  # the query filtered on 200
        digest=_digest(get("digest")),
    )


def choose_capture(
    captures: Iterable[Capture], before: datetime | None
) -> tuple[Capture | None, bool]:
    """The latest capture at or before `before` (naive means UTC; None means now), else the
    earliest after it with the flag True: a later copy may still show what was cited."""
    limit = before or datetime.now(UTC)
    if limit.tzinfo is None:
        limit = limit.replace(tzinfo=UTC)
    ok = [c for c in captures if c.status == "200"]
    earlier = [c for c in ok if c.when <= limit]
    if earlier:
        return max(earlier, key=lambda c: c.timestamp), False
    if ok:
        return min(ok, key=lambda c: c.timestamp), True
    return None, False


def sha1_base32(data: bytes) -> str:
    """The digest form the CDX index uses: base32 of the payload's SHA-1."""
    return base64.b32encode(hashlib.sha1(data).digest()).decode()  # noqa: S324 - CDX digests are SHA-1


def file_sha1_base32(path: str | Path) -> str:
    """`sha1_base32` of a stored audited version, read in chunks."""
    h = hashlib.sha1()  # noqa: S324 - CDX digests are SHA-1
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return base64.b32encode(h.digest()).decode()


def digest_matches(capture: Capture, audited_sha1: str | None) -> Matches | None:
    """AUDITED when the CDX digest equals the audited version's; None when the digest cannot
    decide. A different digest does not prove different content: it covers the bytes as served,
    which differ from our stored (decoded) body when the server compressed them."""
    if capture.digest and audited_sha1 and capture.digest == audited_sha1.strip().upper():
        return Matches.AUDITED
    return None


def payload_matches(
    payload: bytes, audited_sha1: str | None, audited_sha256: str | None
) -> Matches:
    """Compare a raw capture with the audited version by whichever digest we have."""
    if audited_sha256:
        same = hashlib.sha256(payload).hexdigest() == audited_sha256.strip().lower()
    elif audited_sha1:
        same = sha1_base32(payload) == audited_sha1.strip().upper()
    else:
        return Matches.UNKNOWN
    return Matches.AUDITED if same else Matches.DIFFERENT


async def lookup(
    url: str,
    before: datetime | None,
    audited_sha1: str | None,
    audited_sha256: str | None,
    client: ArchiveClient,
    *,
    wayback_url: str = DEFAULT_WAYBACK,
    max_capture_bytes: int = 100 * 1024 * 1024,
) -> LookupResult:
    """The archived copy of `url` nearest before `before`, compared with the audited version
    (`audited_sha1` in base32 as CDX gives it, `audited_sha256` in hex; either may be None).
    At most two requests: the CDX search, and the raw capture when the digest cannot decide."""
    if not _is_http(url) or urlsplit(url).username or urlsplit(url).password:
        return LookupResult(None, "not looked up: not a plain http(s) URL")
    url = url.split("#", 1)[0]  # a fragment (#page=12) is never sent, so never archived
    try:
        data = await client.get_json(cdx_query_url(wayback_url, url))
    except LookupFailed as exc:
        return LookupResult(None, f"archive lookup failed: {exc}")
    except Exception as exc:  # a client we did not write: still a note, never a failed run
        return LookupResult(None, f"archive lookup failed: {type(exc).__name__}: {exc}")
    parsed = parse_cdx(data, url)
    capture, after = choose_capture(parsed.captures, before)
    notes = [parsed.note] if parsed.note else []
    if capture is None:
        notes.append("no archived copy in the Wayback Machine")
        return LookupResult(None, "; ".join(notes))
    if after:
        notes.append("no capture before the baseline: this is the earliest after it")
    matches = Matches.UNKNOWN
    if audited_sha1 or audited_sha256:
        matches = digest_matches(capture, audited_sha1) or Matches.UNKNOWN
        if matches is Matches.UNKNOWN:
            try:
                payload = await client.get_bytes(
                    raw_capture_url(wayback_url, capture), max_capture_bytes
                )
                matches = payload_matches(payload, audited_sha1, audited_sha256)
            except LookupFailed as exc:
                notes.append(f"archived capture not compared: {exc}")
            except Exception as exc:
                notes.append(f"archived capture not compared: {type(exc).__name__}: {exc}")
    copy = ArchivedCopy(replay_url(wayback_url, capture), capture.captured_at, matches)
    return LookupResult(copy, "; ".join(notes) or None, after)
