"""What the portfolio site shows, gathered from the history store in a few bulk reads.

Each report's latest state is a `RunResult` built by `verifier.assemble`'s pure functions, but
from cheap reads: statuses over time come from `TimelinePoint`s and `CitationStatus`es (no
fingerprint parsed per run), so hundreds of reports over hundreds of runs build in seconds.
Only the last `window` runs are shown as strips and trends; the site never grows per run.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise

from verifier.assemble import load_run_result
from verifier.models import (
    CitationResult,
    DocumentResult,
)
from verifier.report.history_text import version_diff
from verifier.store import HistoryStore, RunInfo
from verifier.store.history import CitationStatus, TimelinePoint

# Runs shown in strips and trends: enough to see a pattern, bounded so a page never grows.
WINDOW = 30
# Text changes shown per document (newest first), and the longest diff shown for one change.
MAX_CHANGES = 3
MAX_DIFF_LINES = 400

CitationKey = tuple[str, str | None, str]  # report, criterion, url


@dataclass(frozen=True, slots=True)
class TrendPoint:
    run_id: int
    at: str
    evidence: int
    failing: int


@dataclass(frozen=True, slots=True)
class ReportView:
    name: str  # the report as cited (its path); entity and title come with report metadata
    run: RunInfo  # the last run that checked it
    citations: tuple[CitationResult, ...]
    trend: tuple[TrendPoint, ...]
    entity: str | None = None  # as its overview table states it (None: not stated)

    @property
    def failing(self) -> tuple[CitationResult, ...]:
        return tuple(c for c in self.citations if c.failing)


@dataclass(frozen=True, slots=True)
class TextChange:
    old: TimelinePoint
    new: TimelinePoint
    diff: str  # the same aligned per-page diff as `verifier diff`
    truncated: bool = False


@dataclass(frozen=True, slots=True)
class DocumentView:
    document: DocumentResult  # as of its latest run
    timeline: tuple[TimelinePoint, ...]
    changes: tuple[TextChange, ...]
    cited_by: tuple[CitationKey, ...]
    label: str | None = None  # how a report names it, when the document has no title


@dataclass(frozen=True, slots=True)
class SiteData:
    generated_at: str
    runs: tuple[RunInfo, ...]  # the window, oldest first
    reports: tuple[ReportView, ...]
    documents: dict[str, DocumentView]
    strips: dict[CitationKey, dict[int, bool]]  # per citation: run -> failing, in the window


def collect(store: HistoryStore, generated_at: str, window: int = WINDOW) -> SiteData:
    runs = tuple(reversed(store.runs(window)))
    latest = store.latest_runs_by_report()
    if not runs or not latest:
        return SiteData(generated_at, runs, (), {}, {})
    since = runs[0].id
    timeline: dict[str, list[TimelinePoint]] = defaultdict(list)
    for p in store.timeline(since_run=since):
        timeline[p.url].append(p)
    statuses = store.citation_statuses(since_run=since)
    results = {run: load_run_result(store, run) for run in set(latest.values())}
    run_info = {r.id: r for r in runs}
    for run in results:
        if run not in run_info:  # a report last checked before the window
            run_info[run] = store.run_info(run) or runs[-1]
    by_report: dict[str, list[CitationResult]] = defaultdict(list)
    entities: dict[str, str | None] = {}
    for run, result in results.items():
        for entry in result.reports:
            if latest.get(entry.path) == run:
                entities[entry.path] = entry.meta.entity or entry.meta.member
        for c in result.citations:
            if latest[c.citation.report] == run:
                by_report[c.citation.report].append(c)
    trends = _trends(statuses, run_info)
    reports = tuple(
        ReportView(
            name, run_info[run], tuple(by_report[name]), trends.get(name, ()), entities.get(name)
        )
        for name, run in sorted(latest.items())
    )
    strips: dict[CitationKey, dict[int, bool]] = defaultdict(dict)
    for s in statuses:
        key = (s.report, s.criterion, s.url)
        strips[key][s.run_id] = strips[key].get(s.run_id, False) or s.failing
    documents = _documents(store, reports, timeline)
    return SiteData(generated_at, runs, reports, documents, dict(strips))


def _trends(
    statuses: list[CitationStatus], runs: dict[int, RunInfo]
) -> dict[str, tuple[TrendPoint, ...]]:
    """Per report, evidence citations and failing ones in each run of the window."""
    counts: dict[str, dict[int, list[int]]] = defaultdict(dict)
    for s in statuses:
        if s.evidence:
            c = counts[s.report].setdefault(s.run_id, [0, 0])
            c[0] += 1
            c[1] += s.failing
    return {
        report: tuple(
            TrendPoint(run, runs[run].started_at if run in runs else "", ev, fail)
            for run, (ev, fail) in sorted(per_run.items())
        )
        for report, per_run in counts.items()
    }


def _documents(
    store: HistoryStore, reports: tuple[ReportView, ...], timeline: dict[str, list[TimelinePoint]]
) -> dict[str, DocumentView]:
    cited: dict[str, list[CitationKey]] = defaultdict(list)
    latest: dict[str, DocumentResult] = {}
    labels: dict[str, str] = {}
    for r in reports:
        for c in r.citations:
            cited[c.citation.url].append((c.citation.report, c.citation.criterion, c.citation.url))
            if c.document is not None:
                latest[c.citation.url] = c.document
            if c.citation.label:
                labels.setdefault(c.citation.url, c.citation.label)
    return {
        url: DocumentView(
            doc,
            tuple(timeline.get(url, ())),
            _changes(store, timeline.get(url, [])),
            tuple(dict.fromkeys(cited[url])),
            labels.get(url),
        )
        for url, doc in latest.items()
    }


def _changes(store: HistoryStore, points: list[TimelinePoint]) -> tuple[TextChange, ...]:
    """The last few content changes in the window, each as a page-by-page text diff."""
    versions = [p for p in points if p.sha256 and not p.not_modified]
    pairs = [(a, b) for a, b in pairwise(versions) if a.sha256 != b.sha256]
    out = []
    for old, new in reversed(pairs[-MAX_CHANGES:]):
        diff = version_diff(store, old.observation_id, new.observation_id, f"run {old.run_id}",
                            f"run {new.run_id}")  # fmt: skip
        lines = diff.splitlines()
        cut = len(lines) > MAX_DIFF_LINES
        out.append(TextChange(old, new, "\n".join(lines[:MAX_DIFF_LINES]) + "\n", cut))
    return tuple(out)
