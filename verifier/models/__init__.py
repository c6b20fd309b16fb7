"""The shared models: the typed data every stage, the store and every report speak.

Stages exchange these frozen dataclasses and enums and nothing else (no dict keyed by strings
crosses a stage boundary), so each stage is testable on its own and report.json is one
serialisation of `RunResult`.
"""

from verifier.models.archived import ArchivedCopy, Matches
from verifier.models.check import Check
from verifier.models.citation import Citation, InputError, Location
from verifier.models.drift import Drift, PageDrift
from verifier.models.fetch import FetchResult, Validator
from verifier.models.fingerprint import Fingerprint, PageText, Unparseable
from verifier.models.kinds import (
    CheckName,
    DriftKind,
    Outcome,
    PageDriftKind,
    RunStatus,
    Verdict,
)
from verifier.models.observation import Observation
from verifier.models.report_meta import ReportEntry, ReportMeta
from verifier.models.result import (
    Baseline,
    BaselinePage,
    CitationResult,
    DocumentResult,
    FailingStreak,
    HistoryPoint,
    HostFigures,
    RunResult,
)

__all__ = [
    "ArchivedCopy",
    "Baseline",
    "BaselinePage",
    "Check",
    "CheckName",
    "Citation",
    "CitationResult",
    "DocumentResult",
    "Drift",
    "DriftKind",
    "FailingStreak",
    "FetchResult",
    "Fingerprint",
    "HistoryPoint",
    "HostFigures",
    "InputError",
    "Location",
    "Matches",
    "Observation",
    "Outcome",
    "PageDrift",
    "PageDriftKind",
    "PageText",
    "ReportEntry",
    "ReportMeta",
    "RunResult",
    "RunStatus",
    "Unparseable",
    "Validator",
    "Verdict",
]  # fmt: skip
