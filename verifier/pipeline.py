"""`verifier check`: extract -> crawl -> fingerprint -> check -> report.json, and the exit code.

Exit codes: 0 every check of every evidence citation passed (or was unverifiable); 1 any check of
an evidence citation failed (a document not ok, a cited page missing, an expected phrase absent);
2 usage or input errors (an unreadable report, a bad --remap), which win over 1.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from verifier import recording
from verifier.checks import Expectation, load_expectations, run_checks
from verifier.crawl import Remap, RemapError, crawl
from verifier.errors import CommandError
from verifier.extract import extract_many
from verifier.fingerprint import Fingerprint, ParserPool, Unparseable
from verifier.logs import get_logger
from verifier.models import Check, Citation, FetchResult, InputError
from verifier.report.json_report import build_report, render_json
from verifier.report.write import github_actions, write_reports
from verifier.settings import Settings
from verifier.store import HistoryStore, SchemaError, StoreLocked
from verifier.store.archive import EvidenceArchive

DEFAULT_EXPECTATIONS = Path("configs") / "expectations"

log = get_logger("verifier.pipeline")


class Progress:
    """Documents done / total and failures so far, on one line of a terminal; silent in CI and
    when stderr is not a terminal (logs there are JSON)."""

    def __init__(self, total: int) -> None:
        self.total, self.done_count, self.failing = total, 0, 0
        self.enabled = sys.stderr.isatty() and not os.environ.get("CI") and total > 0

    def update(self, r: FetchResult) -> None:
        self.done_count += 1
        self.failing += r.verdict != "ok"
        if self.enabled:
            sys.stderr.write(
                f"\rchecked {self.done_count}/{self.total} documents, {self.failing} failing "
            )
            sys.stderr.flush()

    def done(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")


@dataclass(slots=True)
class CheckRun:
    reports: list[str]
    citations: list[Citation]
    documents: dict[str, FetchResult]
    errors: list[InputError]
    fingerprints: dict[str, Fingerprint]  # by cited URL
    checks: list[list[Check]]  # aligned with citations

    @property
    def failing_evidence(self) -> list[FetchResult]:
        urls = dict.fromkeys(c.url for c in self.citations if c.evidence)
        return [self.documents[u] for u in urls if self.documents[u].verdict != "ok"]

    @property
    def failing_citations(self) -> list[tuple[Citation, list[Check]]]:
        return [
            (c, [k for k in checks if k.outcome == "fail"])
            for c, checks in zip(self.citations, self.checks, strict=True)
            if c.evidence and any(k.outcome == "fail" for k in checks)
        ]


async def run_check(
    paths: list[str],
    settings: Settings,
    *,
    remaps: list[Remap],
    allow_private: bool,
    spool_dir: str,
    expectations: list[Expectation] | None = None,
    store: HistoryStore | None = None,
    archive: EvidenceArchive | None = None,
    run_id: int | None = None,
) -> CheckRun:
    """Extract, crawl, fingerprint and check. With a store, each document is archived and its
    observation committed as soon as it is settled, so a run killed half-way keeps what it saw."""
    from verifier.extract.inputs import expand_inputs

    reports, input_errors = expand_inputs(paths)  # directories and list files, read once
    citations, errors = extract_many(reports, settings.extract, allow_private=allow_private)
    errors = input_errors + errors
    log.info("extracted", citations=len(citations), input_errors=len(errors))
    known = recording.prepare(store, [c.url for c in citations]) if store else recording.Known()
    fingerprinting: dict[str, asyncio.Task[Fingerprint]] = {}  # by sha256: once per content
    fingerprints: dict[str, Fingerprint] = {}  # by cited URL
    unparseable: dict[str, str] = {}
    settled: dict[str, FetchResult] = {}
    settling: list[asyncio.Task[None]] = []

    async def settle(r: FetchResult, fp: Fingerprint | None) -> None:
        task = fingerprinting.get(r.sha256 or "") if fp is None else None
        if task is not None:
            try:
                fp = await task
            except Unparseable as exc:
                unparseable[r.url] = str(exc)
                r = replace(r, verdict="unparseable", reason=f"unparseable: {exc}")
        if fp is not None:
            fingerprints[r.url] = fp
        settled[r.url] = r
        if archive and r.body_path and r.sha256 and r.verdict in ("ok", "unparseable"):
            await asyncio.to_thread(archive.put_file, r.body_path, r.sha256)
        if store and run_id is not None:
            store.record_observation(run_id, recording.observation(r, fp))

    with ParserPool(settings.fingerprint) as pool:
        progress = Progress(len({c.url for c in citations}))

        def on_result(r: FetchResult) -> None:
            progress.update(r)
            stored = known.reusable(store, r.url, r.sha256) if store and r.verdict == "ok" else None
            # Parsing starts as soon as a document arrives, beside the rest of the crawl.
            kind = r.detected_type or ""
            parse = stored is None and r.verdict == "ok" and kind in ("pdf", "html")
            if parse and r.body_path and r.sha256 and r.sha256 not in fingerprinting:
                fingerprinting[r.sha256] = asyncio.ensure_future(
                    pool.fingerprint(r.body_path, kind, r.sha256)
                )
            settling.append(asyncio.ensure_future(settle(r, stored)))

        documents = await crawl(
            [c.url for c in citations],
            settings.crawl,
            spool_dir=spool_dir,
            remaps=remaps,
            allow_private=allow_private or settings.crawl.allow_private,
            validators=known.validators,
            on_result=on_result,
        )
        await asyncio.gather(*settling)
        progress.done()
    for url, r in documents.items():
        if url in settled:
            documents[url] = settled[url]
            continue
        # A cited URL that shared another's fetch (two URLs remapped to one): same outcome.
        twin = next(t for t in settled.values() if t.fetched_url == r.fetched_url)
        documents[url] = replace(twin, url=url)
        if twin.url in fingerprints:
            fingerprints[url] = fingerprints[twin.url]
        if twin.url in unparseable:
            unparseable[url] = unparseable[twin.url]
        if store and run_id is not None:
            store.record_observation(
                run_id, recording.observation(documents[url], fingerprints.get(url))
            )
    checks = [
        run_checks(
            c,
            documents.get(c.url),
            fingerprints.get(c.url),
            expectations or [],
            unparseable.get(c.url),
        )
        for c in citations
    ]
    return CheckRun(reports, citations, documents, errors, fingerprints, checks)


def check_command(args: argparse.Namespace, settings: Settings) -> int:
    try:
        remaps = [Remap.parse(spec) for spec in args.remap]
    except RemapError as exc:
        raise CommandError(str(exc)) from None
    out_dir = Path(args.out)
    expectation_paths = [Path(p) for p in args.expectations] or (
        [DEFAULT_EXPECTATIONS] if DEFAULT_EXPECTATIONS.is_dir() else []
    )
    expectations = load_expectations(expectation_paths)
    archive = EvidenceArchive(args.archive or settings.store.archive_dir)
    try:
        store = HistoryStore.open(
            args.db or settings.store.db, lock_wait_s=settings.store.lock_wait_s
        )
    except (StoreLocked, SchemaError) as exc:
        raise CommandError(str(exc)) from None
    with store:
        run_id = store.start_run(["check", *sys.argv[2:]])
        status = "failed"
        result: CheckRun | None = None
        try:
            with tempfile.TemporaryDirectory(prefix="verifier-spool-") as spool:
                result = asyncio.run(
                    run_check(
                        args.paths,
                        settings,
                        remaps=remaps,
                        allow_private=args.allow_private,
                        spool_dir=spool,
                        expectations=expectations,
                        store=store,
                        archive=archive,
                        run_id=run_id,
                    )
                )
            docs_extra, cites_extra, streaks = recording.record(
                store,
                run_id,
                result.citations,
                result.documents,
                result.fingerprints,
                result.checks,
            )
            code = _report(args, result, out_dir, run_id, store, docs_extra, cites_extra, streaks)
            status = "complete"
        except KeyboardInterrupt:
            status = "interrupted"
            raise
        finally:
            store.finish_run(run_id, status, _summary(result))
    return code


def _summary(result: CheckRun | None) -> dict[str, int]:
    if result is None:
        return {}
    return {
        "citations": len(result.citations),
        "documents": len(result.documents),
        "failing_documents": len(result.failing_evidence),
        "failing_citations": len(result.failing_citations),
        "input_errors": len(result.errors),
    }


def _report(
    args: argparse.Namespace,
    result: CheckRun,
    out_dir: Path,
    run_id: int,
    store: HistoryStore,
    docs_extra: dict[str, dict[str, object]],
    cites_extra: list[dict[str, object]],
    streaks: dict[str, int],
) -> int:
    for err in result.errors:
        print(f"verifier: error: {err}", file=sys.stderr)
    extra_docs = {u: dict(e) for u, e in docs_extra.items()}
    for u, f in result.fingerprints.items():
        extra_docs.setdefault(u, {})["fingerprint"] = f.to_dict()
    extra_cites = [
        {"checks": [k.to_dict() for k in ks], **ce}
        for ks, ce in zip(result.checks, cites_extra, strict=True)
    ]
    report = build_report(
        result.reports,
        result.citations,
        result.documents,
        result.errors,
        extra_documents=extra_docs,
        extra_citations=extra_cites,
        run={"id": run_id, "db": str(store.path), "fail_after": args.fail_after},
    )
    write_reports(report, out_dir)
    store.record_report(run_id, render_json(report))
    github_actions(report)
    summary = report["summary"]
    by_verdict = ", ".join(f"{n} {v}" for v, n in summary["evidence_documents_by_verdict"].items())
    print(
        f"{summary['evidence_documents']} evidence documents ({by_verdict or 'none'}) cited "
        f"{summary['evidence_citations']} times in {len(result.reports)} report(s); "
        f"run {run_id}; reports: {out_dir}/report.html (and .json, .md, .csv, junit.xml)"
    )
    for r in result.failing_evidence:
        streak = streaks.get(r.url, 1)
        runs = f", failing {streak} runs in a row" if streak > 1 else ""
        print(f"  {r.verdict:11} {r.url}  ({r.reason}{runs})")
    content = [
        (c, ks) for c, ks in result.failing_citations if any(k.name != "reachable" for k in ks)
    ]
    if content:
        print(f"{len(content)} evidence citation(s) with failing content checks:")
        for c, ks in content:
            for k in ks:
                if k.name != "reachable":
                    print(f"  {c.criterion or '-':8} {k.name:13} {c.url}  ({k.detail})")
    if result.errors:
        return 2
    return 1 if fails_run(report, set(args.fail_on), args.fail_after) else 0


CONTENT_CHECKS = {"type", "page_exists", "page_text", "expected_text"}
DRIFT_KINDS = {"changed", "moved", "broke"}
PAGE_DRIFT = {"changed", "relocated", "missing"}


def fails_run(report: dict[str, Any], fail_on: set[str], fail_after: int) -> bool:
    """Whether the run exits 1, given --fail-on (broken, content, drift) and --fail-after."""
    docs = {d["url"]: d for d in report["documents"]}
    for c in report["citations"]:
        if not c["evidence"]:
            continue
        failed = {k["name"] for k in c.get("checks", []) if k["outcome"] == "fail"}
        doc = docs.get(c["url"], {})
        streak = (doc.get("failing") or {}).get("consecutive_runs", 1)
        if "broken" in fail_on and "reachable" in failed and streak >= fail_after:
            return True
        if "content" in fail_on and failed & CONTENT_CHECKS:
            return True
        if "drift" in fail_on:
            if (doc.get("drift") or {}).get("kind") in DRIFT_KINDS:
                return True
            if any(p["kind"] in PAGE_DRIFT for p in c.get("baseline", {}).get("pages", [])):
                return True
    return False
