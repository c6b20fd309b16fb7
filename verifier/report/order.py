"""How reports order things: criteria numerically, failing checks first."""

from __future__ import annotations

from verifier.models import Outcome

OUTCOME_ORDER = {Outcome.FAIL: 0, Outcome.UNVERIFIABLE: 1, Outcome.PASS: 2}


def criterion_key(criterion: str | None) -> tuple[int, ...]:
    """Sort 2.10a before 10.1 and after 2.9 (numeric, not textual)."""
    if not criterion:
        return (10**6,)
    head = criterion.split("-")[0]
    major, _, rest = head.partition(".")
    digits = "".join(ch for ch in rest if ch.isdigit())
    return (int(major) if major.isdigit() else 10**5, int(digits) if digits else 0)
