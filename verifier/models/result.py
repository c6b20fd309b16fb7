"""The typed result of a run: one DocumentResult per distinct cited document, one CitationResult
per citation, and the RunResult around them.

Built by `verifier.assemble` from the stage outputs and the history; report.json is one
serialisation of it (`verifier.report.json_report`), every renderer reads it, and the exit code is
computed from it (`verifier.exit_codes`). "Is this citation failing" is defined here and only here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from verifier.models.archived import ArchivedCopy
from verifier.models.check import Check
from verifier.models.citation import Citation, InputError
from verifier.models.drift import Drift, PageDrift
from verifier.models.fetch import FetchResult
from verifier.models.fingerprint import Fingerprint
from verifier.models.kinds import (
    CheckName,
    DriftKind,
    Outcome,
    PageDriftKind,
    RunStatus,
    Verdict,
)
from verifier.models.report_meta import ReportEntry

# Checks about what the document says, as opposed to whether it is there.
CONTENT_CHECKS = frozenset(
    {CheckName.TYPE, CheckName.PAGE_EXISTS, CheckName.PAGE_TEXT, CheckName.EXPECTED_TEXT}
)


@dataclass(frozen=True, slots=True)
class HistoryPoint:
    run: int
    at: str
    verdict: Verdict


@dataclass(frozen=True, slots=True)
class FailingStreak:
    consecutive_runs: int
    since: str | None


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """One distinct cited URL in this run: what was fetched, what it says, how it changed."""

    fetch: FetchResult  # its verdict is final (an unparseable PDF says so here, once)
    fingerprint: Fingerprint | None = None
    drift: Drift | None = None
    history: tuple[HistoryPoint, ...] = ()
    failing: FailingStreak | None = None
    archived_copy: ArchivedCopy | None = None  # looked up only when the document is not ok
    archive_note: str | None = None  # why no copy was found, or a caveat about the one found

    @property
    def url(self) -> str:
        return self.fetch.url

    @property
    def verdict(self) -> Verdict:
        return self.fetch.verdict

    @property
    def ok(self) -> bool:
        return self.fetch.verdict == Verdict.OK

    @property
    def streak(self) -> int:
        """Consecutive failed runs up to this one (1 when no history says otherwise)."""
        return self.failing.consecutive_runs if self.failing else (0 if self.ok else 1)


@dataclass(frozen=True, slots=True)
class BaselinePage:
    cited: int
    drift: PageDrift


@dataclass(frozen=True, slots=True)
class Baseline:
    """The version of a cited document the audit relied on, and how each cited page compares."""

    run_id: int
    observed_at: str
    pinned: bool
    sha256: str | None
    note: str | None = None  # "this run is the baseline"
    document: str | None = None  # unchanged / changed, when pages cannot be compared
    pages: tuple[BaselinePage, ...] | None = None


@dataclass(frozen=True, slots=True)
class CitationResult:
    citation: Citation
    document: DocumentResult | None
    checks: tuple[Check, ...] = ()
    baseline: Baseline | None = None
    # Decided once: every renderer and the exit code ask, about 7 times a citation.
    failed_checks: tuple[Check, ...] = field(init=False, repr=False, compare=False)
    failing: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        failed = tuple(k for k in self.checks if k.outcome == Outcome.FAIL)
        object.__setattr__(self, "failed_checks", failed)
        # An evidence citation with at least one failing check: what the run is about.
        # Advisory checks (the standard pack's topic and current) are shown, not counted here.
        failing = self.citation.evidence and any(not k.name.advisory for k in failed)
        object.__setattr__(self, "failing", bool(failing))

    @property
    def content_failures(self) -> tuple[Check, ...]:
        return tuple(k for k in self.failed_checks if k.name in CONTENT_CHECKS)

    @property
    def page_drift(self) -> tuple[BaselinePage, ...]:
        return (self.baseline.pages or ()) if self.baseline else ()


@dataclass(frozen=True, slots=True)
class HostFigures:
    """What one host cost the run: requests (retries included), retries, 429/503 answers,
    seconds waited for its gap or pause, and the gap it ended with (adaptive politeness)."""

    host: str
    requests: int
    retries: int
    throttled: int
    waited_s: float
    gap_s: float


@dataclass(frozen=True, slots=True)
class RunResult:
    run_id: int | None
    generated_at: str
    tool_version: str
    reports: tuple[ReportEntry, ...]  # each report's path and what its overview states
    documents: tuple[DocumentResult, ...]
    citations: tuple[CitationResult, ...]
    errors: tuple[InputError, ...] = ()
    db: str | None = None
    fail_after: int = 1
    hosts: tuple[HostFigures, ...] = ()
    status: RunStatus = RunStatus.COMPLETE  # a report of an interrupted run says so
    _by_url: dict[str, DocumentResult] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_url.update((d.url, d) for d in self.documents)

    @property
    def report_paths(self) -> tuple[str, ...]:
        return tuple(r.path for r in self.reports)

    def document(self, url: str) -> DocumentResult | None:
        return self._by_url.get(url)

    @property
    def evidence_documents(self) -> tuple[DocumentResult, ...]:
        urls = dict.fromkeys(c.citation.url for c in self.citations if c.citation.evidence)
        return tuple(self._by_url[u] for u in urls if u in self._by_url)

    @property
    def failing_documents(self) -> tuple[DocumentResult, ...]:
        return tuple(d for d in self.evidence_documents if not d.ok)

    @property
    def failing_citations(self) -> tuple[CitationResult, ...]:
        return tuple(c for c in self.citations if c.failing)

    @property
    def evidence_citations(self) -> int:
        return sum(c.citation.evidence for c in self.citations)

    def verdict_counts(self) -> dict[Verdict, int]:
        counts = Counter(d.verdict for d in self.evidence_documents)
        return dict(sorted(counts.items()))

    def check_counts(self) -> dict[CheckName, Counter[Outcome]]:
        """For each check name, how many evidence citations passed, failed, were unverifiable."""
        pairs = Counter((k.name, k.outcome) for c in self.citations if c.citation.evidence
                        for k in c.checks)  # fmt: skip
        out: dict[CheckName, Counter[Outcome]] = {}
        for (name, outcome), n in pairs.items():
            if name not in out:
                out[name] = Counter()
            out[name][outcome] = n
        return out

    def drift_counts(self) -> Counter[DriftKind]:
        return Counter(d.drift.kind for d in self.documents if d.drift)

    def baseline_counts(self) -> Counter[PageDriftKind]:
        return Counter(p.drift.kind for c in self.citations for p in c.page_drift)
