"""What the crawl gives for one distinct URL, and what history gives it to ask conditionally."""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cache
from typing import Any

from verifier.models.kinds import Verdict

# Not part of the report: where the body was spooled, and the headers (kept in the store/WARC).
_PRIVATE = frozenset({"body_path", "request_headers", "response_headers"})


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What fetching one distinct URL gave: one verdict, with the facts behind it."""

    url: str  # as cited
    fetched_url: str  # after --remap
    final_url: str | None
    verdict: Verdict
    reason: str
    http_status: int | None = None
    attempts: int = 0
    redirects: tuple[str, ...] = ()  # every hop after the first request, in order
    content_type: str | None = None
    detected_type: str | None = None  # from the bytes: pdf, html, text, other, empty
    sha256: str | None = None
    bytes: int | None = None
    sha1: str | None = None  # base32, as web archives' CDX digests are (recorded when archived)
    elapsed_s: float = 0.0
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False  # a 304 answered our conditional request
    http_version: str | None = None
    request_headers: tuple[tuple[str, str], ...] = ()
    response_headers: tuple[tuple[str, str], ...] = ()
    # The proxy the request went through ([crawl.proxies]), without credentials; None: direct.
    proxy: str | None = None
    # Where the body was spooled (not part of the report; the pipeline archives and removes it).
    body_path: str | None = None

    def to_dict(self) -> dict[str, Any]:
        # Shallow on purpose: asdict deep-copies the header tuples only to drop them (measured
        # 20x slower at 2,000 documents).
        d = {name: getattr(self, name) for name in _public_fields()}
        d["redirects"] = list(self.redirects)
        d["elapsed_s"] = round(self.elapsed_s, 3)
        return d


@cache
def _public_fields() -> tuple[str, ...]:
    """FetchResult's fields in the report, in order (dataclasses.fields is not free: report.json
    asks for every document)."""
    return tuple(f.name for f in fields(FetchResult) if f.name not in _PRIVATE)


@dataclass(frozen=True, slots=True)
class Validator:
    """What the last ok observation tells a conditional request (ETag, Last-Modified) and what a
    304 stands for (the known content's hash, size and type)."""

    etag: str | None
    last_modified: str | None
    sha256: str
    bytes: int | None
    detected_type: str | None
    content_type: str | None
    sha1: str | None = None
