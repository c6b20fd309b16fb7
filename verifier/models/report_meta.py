"""What an audit report says about itself: the overview table at its top (ASI layout).

Every field is what the report states, or None when it does not state it; a report in another
layout gets an all-None `ReportMeta`, never a guess.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any


@dataclass(frozen=True, slots=True)
class ReportMeta:
    entity: str | None = None
    member: str | None = None
    standard: str | None = None
    audit_firm: str | None = None
    audit_type: str | None = None
    audit_start: str | None = None  # ISO dates (YYYY-MM-DD)
    audit_end: str | None = None
    submitted: str | None = None
    certification_start: str | None = None
    certification_end: str | None = None
    certificate_number: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReportMeta:
        """Unknown keys are ignored, so a newer store's extra field does not break a report."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})

    @property
    def empty(self) -> bool:
        return all(v is None for v in asdict(self).values())

    @property
    def audit_year(self) -> int | None:
        """The year the audit took place: its first day, else the submission."""
        day = self.audit_start or self.audit_end or self.submitted
        return int(day[:4]) if day else None


@dataclass(frozen=True, slots=True)
class ReportEntry:
    """One report of a run: its identity (path or URL) and what its overview states."""

    path: str
    meta: ReportMeta = ReportMeta()

    def to_dict(self) -> dict[str, str | None]:
        return {"path": self.path, **self.meta.to_dict()}
