"""Plain data passed between the pipeline stages (extract, crawl, fingerprint, check, report).

Stages exchange these dataclasses and nothing else, so each stage can be tested on its own and the
JSON report is a straight serialisation of them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

RATINGS = (
    "Major Non-Conformance",
    "Minor Non-Conformance",
    "Conformance",
    "Not Applicable",
)


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


VERDICTS = (
    "ok", "broken", "denied", "unreachable", "blocked", "soft_404", "wrong_type", "too_large",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What fetching one distinct URL gave: one verdict, with the facts behind it."""

    url: str  # as cited
    fetched_url: str  # after --remap
    final_url: str | None
    verdict: str
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

    name: str  # reachable, type, page_exists, page_text, expected_text
    outcome: str  # pass, fail, unverifiable
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "outcome": self.outcome, "detail": self.detail}
