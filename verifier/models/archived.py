"""An archived copy of a cited document (Wayback Machine), and whether it is the audited version."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Matches(StrEnum):
    """Is the archived capture the version the audit relied on?"""

    AUDITED = "audited"  # same bytes as the stored audited version
    DIFFERENT = "different"
    UNKNOWN = "unknown"  # no stored version to compare with, or the capture could not be read


@dataclass(frozen=True, slots=True)
class ArchivedCopy:
    url: str  # replay address: {wayback_url}/web/<timestamp>/<original>
    captured_at: str  # ISO 8601 UTC, e.g. 2024-03-01T12:00:00Z
    matches: Matches

    def to_dict(self) -> dict[str, str]:
        return {"url": self.url, "captured_at": self.captured_at, "matches": str(self.matches)}

    def describe(self) -> str:
        """For people: "archived copy of 14 Jan 2025, identical to the audited version"."""
        from datetime import datetime

        d = datetime.strptime(self.captured_at[:10], "%Y-%m-%d")
        when = f"{d.day} {d:%b %Y}"
        how = {
            Matches.AUDITED: "identical to the audited version",
            Matches.DIFFERENT: "different from the audited version",
            Matches.UNKNOWN: "not compared with an audited version",
        }[self.matches]
        return f"archived copy of {when}, {how}"
