"""What checking one citation gives: one Check per question asked of its document."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from verifier.models.kinds import CheckName, Outcome


@dataclass(frozen=True, slots=True)
class Check:
    """One check of one citation: pass, fail or unverifiable, with a detail for people."""

    name: CheckName
    outcome: Outcome
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "outcome": self.outcome, "detail": self.detail}
