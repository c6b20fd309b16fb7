"""The typed run result, assembled from what the stages gave and what the history holds.

`document_result` and `citation_result` are pure functions of typed inputs; `load_run_result`
gathers those inputs for one run from the history store. `verifier check` and `verifier report`
both call it once the run is recorded, so a report regenerated a year later is built by the
same code from the same records as the one written at the end of the run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from verifier import __version__
from verifier.drift import classify, compare_with_baseline
from verifier.drift.baseline import Aligned
from verifier.drift.likeness import Fill, LazySimhashes, as_is
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
    fill: Fill = as_is,
) -> DocumentResult:
    points = tuple(history[-HISTORY_POINTS:])
    failing = None if obs.ok else FailingStreak(*streak)
    drift = classify(previous, obs, fill)
    return DocumentResult(obs.fetch, obs.fingerprint, drift, points, failing, *archived)


def citation_result(
    c: Citation,
    checks: tuple[Check, ...],
    doc: DocumentResult | None,
    baseline: Observation | None,
    *,
    pinned: bool,
    run_id: int,
    fill: Fill = as_is,
    memo: dict[tuple[int, int], Aligned] | None = None,
) -> CitationResult:
    fp = doc.fingerprint if doc else None
    base: Baseline | None = compare_with_baseline(
        c, fp, baseline, pinned=pinned, run_id=run_id, fill=fill, memo=memo
    )
    return CitationResult(c, doc, checks, base)


def load_run_result(
    store: HistoryStore,
    run_id: int,
    *,
    reports: tuple[str, ...] | None = None,
    errors: tuple[InputError, ...] = (),
    fail_after: int = 1,
    hosts: tuple[HostFigures, ...] = (),
    cited: Sequence[tuple[Citation, tuple[Check, ...]]] | None = None,
    known: Mapping[int, Observation] | None = None,
) -> RunResult:
    """The result of a recorded run (its observations, citations and checks). `cited`: the
    run's citations and checks as the run recorded them, when the caller holds them (they
    are what `HistoryStore.citations` would decode; a test holds the two equal). `known`:
    observations of earlier runs the caller decoded already, by id (rows never change)."""
    info = store.run_info(run_id)
    # Similarity hashes a comparison needs and a version lacks: from the history, or computed
    # once from its stored texts and kept there.
    fill = LazySimhashes(store.texts_by_digest, store.simhashes_by_digest, store.remember_simhashes)
    documents: dict[str, DocumentResult] = {}
    archived = store.archived_copies(run_id)
    observed = {obs.id: obs for obs in store.observations(run_id)}
    # Every URL's past in one statement, and the observations it names decoded in a few.
    pasts = store.url_histories(run_id, limit=HISTORY_POINTS)
    decoded = {**(known or {}), **observed}  # by id: every observation at hand, for baselines
    wanted = {i for p in pasts.values() for i in (p.previous_id, p.first_content_id)}
    decoded.update(store.observations_by_id([i for i in wanted if i and i not in decoded]))
    for obs in observed.values():
        url = obs.url
        past = pasts[url]
        previous = decoded[past.previous_id] if past.previous_id is not None else None
        streak = (0, None) if obs.ok else past.streak
        documents[url] = document_result(
            obs,
            previous,
            list(past.points),
            streak if streak is not None else store.failure_streak(url, upto_run=run_id),
            archived.get(url, (None, None)),
            fill,
        )
    cited = list(store.citations(run_id) if cited is None else cited)
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
        """The URL's first content, decoded with the run's observations (read here only for a
        URL the run did not observe: a compacted run's kept twin)."""
        if url not in firsts:
            past = pasts.get(url)
            found = past.first_content_id if past else store.first_content_id(url, upto_run=run_id)
            firsts[url] = None if found is None else decoded.get(found) or store.observation(found)
        return firsts[url]

    pins = store.pinned(upto_run=run_id)
    aligned: dict[tuple[int, int], Aligned] = {}  # per pair of versions, for this run
    for c, checks in cited:
        doc = documents.get(c.url)
        base: Observation | None = None
        pinned = False
        if c.evidence and doc is not None and doc.fingerprint is not None:
            key = (c.report, c.criterion, c.url)
            if key not in baselines:
                pin = None
                if key in pins:
                    pin = store.baseline(c.report, c.criterion, c.url, upto_run=run_id)
                baselines[key] = (pin or first_content(c.url), pin is not None)
            base, pinned = baselines[key]
        citations.append(
            citation_result(
                c, checks, doc, base, pinned=pinned, run_id=run_id, fill=fill, memo=aligned
            )
        )
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
