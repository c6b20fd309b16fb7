"""Shared reading of a report.json dict for the renderers: failures by criterion, counts."""

from __future__ import annotations

from collections import Counter
from typing import Any

OUTCOME_ORDER = {"fail": 0, "unverifiable": 1, "pass": 2}


def failing_checks(citation: dict[str, Any]) -> list[dict[str, Any]]:
    return [k for k in citation.get("checks", []) if k["outcome"] == "fail"]


def is_failing(citation: dict[str, Any]) -> bool:
    return bool(failing_checks(citation))


def criterion_key(criterion: str | None) -> tuple[int, ...]:
    """Sort 2.10a before 10.1 and after 2.9 (numeric, not textual)."""
    if not criterion:
        return (10**6,)
    head = criterion.split("-")[0]
    major, _, rest = head.partition(".")
    digits = "".join(ch for ch in rest if ch.isdigit())
    return (int(major) if major.isdigit() else 10**5, int(digits) if digits else 0)


def check_counts(report: dict[str, Any]) -> dict[str, Counter[str]]:
    """For each check name, how many evidence citations passed, failed, were unverifiable."""
    out: dict[str, Counter[str]] = {}
    for c in report["citations"]:
        if not c["evidence"]:
            continue
        for k in c.get("checks", []):
            out.setdefault(k["name"], Counter())[k["outcome"]] += 1
    return out


def drift_counts(report: dict[str, Any]) -> Counter[str]:
    return Counter(d["drift"]["kind"] for d in report["documents"] if d.get("drift"))


def baseline_counts(report: dict[str, Any]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for c in report["citations"]:
        for p in c.get("baseline", {}).get("pages", []):
            counts[p["kind"]] += 1
    return counts
