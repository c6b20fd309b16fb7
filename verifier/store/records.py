"""What the store records, as plain data. The pipeline maps stage results onto these."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from verifier.models import Check


@dataclass(frozen=True, slots=True)
class PageRecord:
    index: int  # 1-based physical page
    text: str  # normalised page text
    text_sha256: str
    label: str | None = None
    simhash: str | None = None


@dataclass(frozen=True, slots=True)
class ObservationRecord:
    url: str
    verdict: str
    observed_at: str
    fetched_url: str | None = None
    final_url: str | None = None
    reason: str | None = None
    http_status: int | None = None
    attempts: int | None = None
    redirects: list[str] = field(default_factory=list)
    content_type: str | None = None
    detected_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    request_headers: list[tuple[str, str]] = field(default_factory=list)
    response_headers: list[tuple[str, str]] = field(default_factory=list)
    http_version: str | None = None
    sha256: str | None = None
    bytes: int | None = None
    elapsed_s: float | None = None
    text_sha256: str | None = None
    simhash: str | None = None
    page_count: int | None = None
    fingerprint: dict[str, Any] | None = None
    pages: tuple[PageRecord, ...] = ()


# The store records the pipeline's Check as it is.
CheckRecord = Check
