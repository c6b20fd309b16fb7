"""What a check run does with the history store.

Before the crawl: conditional-request validators (only from an ok last observation: a failure is
always fetched again) and the last known content per URL, so an unchanged document's fingerprint
is reused instead of parsed again. After it: every distinct version archived by SHA-256, every
observation, citation and check appended, drift classified against the previous observation, the
failure streak counted, and each cited page compared with its audit baseline (the pinned one, else
the first successful observation).
"""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass, field
from typing import Any

from verifier.checks.pages import resolve
from verifier.crawl.fetch import Validator
from verifier.drift import classify, compare_page
from verifier.fingerprint.model import Fingerprint
from verifier.models import Check, Citation, FetchResult
from verifier.store import HistoryStore
from verifier.store.history import utcnow
from verifier.store.mapping import (
    fingerprint_from_store,
    observation_record,
    snapshot_of,
    snapshot_of_row,
    validator,
)
from verifier.store.records import ObservationRecord

# Observations per document shown in the report's status-over-time chart.
HISTORY_POINTS = 30


@dataclass(slots=True)
class Known:
    """What the store knows of the URLs a run will fetch."""

    validators: dict[str, Validator] = field(default_factory=dict)
    last_content: dict[str, sqlite3.Row] = field(default_factory=dict)
    previous: dict[str, sqlite3.Row] = field(default_factory=dict)  # last observation, for drift

    def reusable(self, store: HistoryStore, url: str, sha256: str | None) -> Fingerprint | None:
        row = self.last_content.get(url)
        if row is None or not sha256 or row["sha256"] != sha256:
            return None
        # Runs on the event loop as documents arrive: the row is from an earlier run, committed
        # already, so the read need not wait for this run's queued writes.
        return fingerprint_from_store(row, store.pages(row["id"], wait_for_writes=False))


def prepare(store: HistoryStore, urls: list[str]) -> Known:
    known = Known()
    for url in dict.fromkeys(urls):
        last = store.last_observation(url)
        if last is not None:
            known.previous[url] = last
        v = validator(last)
        if v:
            known.validators[url] = v
        row = store.last_content(url)
        if row is not None and row["fingerprint"]:
            known.last_content[url] = row
    return known


def observation(r: FetchResult, fp: Fingerprint | None) -> ObservationRecord:
    return observation_record(r, fp, utcnow())


def record(
    store: HistoryStore,
    run_id: int,
    citations: list[Citation],
    documents: dict[str, FetchResult],
    fingerprints: dict[str, Fingerprint],
    checks: list[list[Check]],
) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]], dict[str, int]]:
    """Append the run's citations and checks (observations were appended as documents settled);
    return report extras per document (drift, failing) and per citation (baseline), and each
    failing URL's streak of consecutive failed runs."""
    for c, ks in zip(citations, checks, strict=True):
        store.record_citation(run_id, c, ks)
    store.flush()
    docs: dict[str, dict[str, Any]] = {}
    streaks: dict[str, int] = {}
    for url, r in documents.items():
        prev = store.last_observation(url, before_run=run_id)
        drift = classify(
            snapshot_of_row(prev) if prev else None, snapshot_of(r, fingerprints.get(url))
        )
        extra: dict[str, Any] = {
            "drift": {k: v for k, v in asdict(drift).items() if v not in (None, ())}
        }
        extra["history"] = [
            {"run": h["run_id"], "at": h["observed_at"], "verdict": h["verdict"]}
            for h in store.history(url)[-HISTORY_POINTS:]
        ]
        if r.verdict != "ok":
            count, since = store.failure_streak(url, upto_run=run_id)
            streaks[url] = count
            extra["failing"] = {"consecutive_runs": count, "since": since}
        docs[url] = extra
    cites = [_baseline(store, run_id, c, fingerprints.get(c.url)) for c in citations]
    return docs, cites, streaks


def _baseline(
    store: HistoryStore, run_id: int, c: Citation, fp: Fingerprint | None
) -> dict[str, Any]:
    if not c.evidence or fp is None:
        return {}
    row = store.baseline(c.report, c.criterion, c.url)
    pinned = row is not None
    row = row or store.first_content(c.url)
    if row is None:
        return {}
    info: dict[str, Any] = {"baseline": {"run_id": row["run_id"], "observed_at": row["observed_at"],
                                         "pinned": pinned, "sha256": row["sha256"]}}  # fmt: skip
    if row["run_id"] == run_id:
        info["baseline"]["note"] = "this run is the baseline"
        return info
    base = fingerprint_from_store(row, store.pages(row["id"]))
    if base is None or not c.pages:
        info["baseline"]["document"] = "unchanged" if row["sha256"] == fp.sha256 else "changed"
        return info
    hashes = tuple(p.text_sha256 for p in fp.pages)
    sims = tuple(p.simhash for p in fp.pages)
    pages = []
    for cited in c.pages:
        then = resolve(cited, base).physical
        if then is None or then > len(base.pages):
            pages.append({"cited": cited, "kind": "unverifiable", "detail": "not in the baseline"})
            continue
        b = base.pages[then - 1]
        now_page = resolve(cited, fp).physical or cited
        d = compare_page(now_page, b.text_sha256, b.simhash, hashes, sims)
        pages.append({"cited": cited, **{k: v for k, v in asdict(d).items() if v is not None}})
    info["baseline"]["pages"] = pages
    return info
