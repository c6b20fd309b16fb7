"""The typed run result, assembled from what the stages gave and what the history holds.

`document_result` and `citation_result` are pure functions of typed inputs; `load_run_result`
gathers those inputs for one run from the history store. `verifier check` and `verifier report`
both call it once the run is recorded, so a report regenerated a year later is built by the
same code from the same records as the one written at the end of the run.
"""

from __future__ import annotations

from datetime import UTC, datetime

from verifier import __version__
from verifier.drift import classify, compare_with_baseline
from verifier.models import (
    ArchivedCopy,
    Baseline,
    Check,
    Citation,
    CitationResult,
    DocumentResult,
    FailingStreak,
    HistoryPoint,
    HostFigures,
    InputError,
    Observation,
    ReportEntry,
    ReportMeta,
    RunResult,
    RunStatus,
)
from verifier.store import HistoryStore

# Observations per document shown in the status-over-time chart.
HISTORY_POINTS = 30


def document_result(
    obs: Observation,
    previous: Observation | None,
    history: list[HistoryPoint],
    streak: tuple[int, str | None],
    archived: tuple[ArchivedCopy | None, str | None] = (None, None),
) -> DocumentResult:
    points = tuple(history[-HISTORY_POINTS:])
    failing = None if obs.ok else FailingStreak(*streak)
    drift = classify(previous, obs)
    return DocumentResult(obs.fetch, obs.fingerprint, drift, points, failing, *archived)


def citation_result(
    c: Citation,
    checks: tuple[Check, ...],
    doc: DocumentResult | None,
    baseline: Observation | None,
    *,
    pinned: bool,
    run_id: int,
) -> CitationResult:
    fp = doc.fingerprint if doc else None
    base: Baseline | None = compare_with_baseline(c, fp, baseline, pinned=pinned, run_id=run_id)
    return CitationResult(c, doc, checks, base)


def load_run_result(
    store: HistoryStore,
    run_id: int,
    *,
    reports: tuple[str, ...] | None = None,
    errors: tuple[InputError, ...] = (),
    fail_after: int = 1,
    hosts: tuple[HostFigures, ...] = (),
) -> RunResult:
    """The result of a recorded run (its observations, citations and checks)."""
    info = store.run_info(run_id)
    documents: dict[str, DocumentResult] = {}
    archived = store.archived_copies(run_id)
    observed = {obs.id: obs for obs in store.observations(run_id)}
    decoded = dict(observed)  # by id: every observation decoded here, for the baselines below
    for obs in observed.values():
        url = obs.url
        previous = store.last_observation(url, before_run=run_id)
        if previous is not None:
            decoded.setdefault(previous.id, previous)
        documents[url] = document_result(
            obs,
            previous,
            store.recent_points(url, upto_run=run_id, limit=HISTORY_POINTS),
            store.failure_streak(url, upto_run=run_id) if not obs.ok else (0, None),
            archived.get(url, (None, None)),
        )
    cited = list(store.citations(run_id))
    for c, _ in cited:  # a run compacted away (store/compact.py): the kept twin before it
        if c.url not in documents:
            twin = store.last_observation(c.url, before_run=run_id + 1)
            if twin is not None:
                streak = store.failure_streak(c.url, upto_run=run_id) if not twin.ok else (0, None)
                documents[c.url] = document_result(
                    twin, twin,  # identical to the run before: unchanged
                    store.recent_points(c.url, upto_run=run_id, limit=HISTORY_POINTS), streak,
                    archived.get(c.url, (None, None)),
                )  # fmt: skip
    citations = []
    baselines: dict[tuple[str, str | None, str], tuple[Observation | None, bool]] = {}
    firsts: dict[str, Observation | None] = {}

    def first_content(url: str) -> Observation | None:
        """The URL's first content, decoded once, and not again when it is this run's or the
        previous one (on a second run the baseline is usually the run before)."""
        if url not in firsts:
            found = store.first_content_id(url, upto_run=run_id)
            firsts[url] = None if found is None else decoded.get(found) or store.observation(found)
        return firsts[url]

    for c, checks in cited:
        doc = documents.get(c.url)
        base: Observation | None = None
        pinned = False
        if c.evidence and doc is not None and doc.fingerprint is not None:
            key = (c.report, c.criterion, c.url)
            if key not in baselines:
                pin = store.baseline(c.report, c.criterion, c.url, upto_run=run_id)
                baselines[key] = (pin or first_content(c.url), pin is not None)
            base, pinned = baselines[key]
        citations.append(citation_result(c, checks, doc, base, pinned=pinned, run_id=run_id))
    if reports is None:
        reports = tuple(dict.fromkeys(c.citation.report for c in citations))
    # Documents in the order the reports first cite them (observations settle in any order).
    order = {u: i for i, u in enumerate(dict.fromkeys(c.citation.url for c in citations))}
    ordered = sorted(documents.values(), key=lambda d: order.get(d.url, len(order)))
    metas = store.report_metas(run_id)
    entries = tuple(ReportEntry(r, metas.get(r, ReportMeta())) for r in reports)
    return RunResult(
        run_id=run_id,
        generated_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        tool_version=__version__,
        reports=entries,
        documents=tuple(ordered),
        citations=tuple(citations),
        errors=errors,
        db=str(store.path),
        fail_after=fail_after,
        hosts=hosts,
        status=info.status if info and info.status != RunStatus.RUNNING else RunStatus.COMPLETE,
    )
