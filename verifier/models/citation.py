"""What extraction gives: citations of URLs in audit reports, and inputs that could not be read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit


def url_names_pdf(url: str) -> bool:
    """A URL whose path ends in .pdf names a PDF: the one rule for "cited as a PDF" by URL."""
    return urlsplit(url).path.lower().endswith(".pdf")


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

    @property
    def cited_as_pdf(self) -> bool:
        """A URL ending in .pdf, or a label naming a report, is cited as a PDF document."""
        label = (self.label or "").lower()
        return url_names_pdf(self.url) or "report" in label or "pdf" in label

    def to_dict(self) -> dict[str, Any]:
        # Written out, not dataclasses.asdict: asdict's deep copy was two thirds of building
        # report.json (4,000 citations at the scale bench). Keys in field order, as asdict gives.
        loc = self.location
        return {
            "report": self.report, "criterion": self.criterion,
            "criterion_title": self.criterion_title, "rating": self.rating, "url": self.url,
            "label": self.label, "pages": list(self.pages), "evidence": self.evidence,
            "location": {"page": loc.page, "line": loc.line}, "cited_text": self.cited_text,
            "notes": list(self.notes),
        }  # fmt: skip


@dataclass(frozen=True, slots=True)
class InputError:
    """An input that could not be read; the run carries on with the others."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"
