"""Plain data passed between the pipeline stages (extract, crawl, fingerprint, check, report).

Stages exchange these dataclasses and nothing else, so each stage can be tested on its own and the
JSON report is a straight serialisation of them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class Verdict(StrEnum):
    """What fetching (and reading) one cited document gave. The JSON value is the string."""

    OK = "ok"
    BROKEN = "broken"  # HTTP error, redirect loop, too many redirects
    DENIED = "denied"  # 401/403/407/451 or a bot challenge: the public cannot read it
    UNREACHABLE = "unreachable"  # DNS, connect, TLS, timeouts, resets
    BLOCKED = "blocked"  # refused by our own policy: scheme, private address, credentials
    SOFT_404 = "soft_404"  # an error or home page served with 200
    WRONG_TYPE = "wrong_type"  # cited as a PDF, got something else
    TOO_LARGE = "too_large"
    UNPARSEABLE = "unparseable"  # fetched, but the document could not be read


class CheckName(StrEnum):
    REACHABLE = "reachable"
    TYPE = "type"
    PAGE_EXISTS = "page_exists"
    PAGE_TEXT = "page_text"
    EXPECTED_TEXT = "expected_text"


class Outcome(StrEnum):
    """A check passes, fails, or is unverifiable (we could not tell: never counted as a pass)."""

    PASS = "pass"  # noqa: S105 - an outcome, not a password
    FAIL = "fail"
    UNVERIFIABLE = "unverifiable"


class DriftKind(StrEnum):
    """How a document changed since the previous run."""

    NEW = "new"
    UNCHANGED = "unchanged"
    REENCODED = "reencoded"  # bytes changed, text identical
    CHANGED = "changed"
    MOVED = "moved"  # now served from another URL
    BROKE = "broke"
    RECOVERED = "recovered"


class PageDriftKind(StrEnum):
    """How a cited page compares with its audit baseline."""

    UNCHANGED = "unchanged"
    CHANGED = "changed"
    RELOCATED = "relocated"  # the baseline text is now on another page
    MISSING = "missing"
    UNVERIFIABLE = "unverifiable"


@dataclass(frozen=True, slots=True)
class Location:
    """Where a citation was found: the report page (PDF input) and/or line (text input)."""

    page: int | None = None
    line: int | None = None

    def __str__(self) -> str:
        parts = []
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        return ", ".join(parts) or "unknown"


@dataclass(frozen=True, slots=True)
class Citation:
    """One mention of a URL under one criterion of one audit report."""

    report: str
    criterion: str | None
    criterion_title: str | None
    rating: str | None
    url: str
    label: str | None
    pages: tuple[int, ...]
    evidence: bool
    location: Location
    # The URL exactly as printed once line breaks are rejoined (a bare domain stays bare here,
    # while `url` carries the scheme needed to fetch it).
    cited_text: str = ""
    # Free-form facts about how the citation was read (e.g. "url completed from link annotation").
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["pages"] = list(self.pages)
        d["notes"] = list(self.notes)
        return d


@dataclass(frozen=True, slots=True)
class InputError:
    """An input that could not be read; the run carries on with the others."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


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
    elapsed_s: float = 0.0
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False  # a 304 answered our conditional request
    http_version: str | None = None
    request_headers: tuple[tuple[str, str], ...] = ()
    response_headers: tuple[tuple[str, str], ...] = ()
    # Where the body was spooled (not part of the report; the pipeline archives and removes it).
    body_path: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["redirects"] = list(self.redirects)
        d["elapsed_s"] = round(self.elapsed_s, 3)
        for private in ("body_path", "request_headers", "response_headers"):
            d.pop(private)
        return d


@dataclass(frozen=True, slots=True)
class Check:
    """One check of one citation: pass, fail or unverifiable, with a detail for people."""

    name: CheckName
    outcome: Outcome
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "outcome": self.outcome, "detail": self.detail}
