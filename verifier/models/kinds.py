"""The closed vocabularies of a run: verdicts, checks, outcomes and drift kinds.

StrEnum members are their JSON strings (`Verdict.SOFT_404 == "soft_404"`), so report.json and the
history store keep the values they always had.
"""

from __future__ import annotations

from enum import StrEnum


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
    TOPIC = "topic"  # the standard pack: does the cited page talk about the criterion's topic
    CURRENT = "current"  # the standard pack: is a yearly disclosure about a recent enough year

    @property
    def advisory(self) -> bool:
        """A check that informs and fails a run only when `--fail-on` names it."""
        return self in (CheckName.TOPIC, CheckName.CURRENT)


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

    @property
    def failing(self) -> bool:
        """A change that fails the run under --fail-on drift."""
        return self in (DriftKind.CHANGED, DriftKind.MOVED, DriftKind.BROKE)


class PageDriftKind(StrEnum):
    """How a cited page compares with its audit baseline."""

    UNCHANGED = "unchanged"
    CHANGED = "changed"
    RELOCATED = "relocated"  # the baseline text is now on another page
    MISSING = "missing"
    UNVERIFIABLE = "unverifiable"

    @property
    def failing(self) -> bool:
        """Whether this baseline comparison is a change an auditor must look at."""
        return self in (PageDriftKind.CHANGED, PageDriftKind.RELOCATED, PageDriftKind.MISSING)


class RunStatus(StrEnum):
    """How a run ended (`running`: no end recorded yet, or killed before the next run)."""

    COMPLETE = "complete"
    FAILED = "failed"
    INTERRUPTED = "interrupted"
    INCOMPLETE = "incomplete"
    RUNNING = "running"
