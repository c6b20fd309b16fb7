"""`verifier check`: extract -> crawl -> fingerprint -> check -> report.json, and the exit code.

Exit codes: 0 every check of every evidence citation passed (or was unverifiable); 1 any check of
an evidence citation failed (a document not ok, a cited page missing, an expected phrase absent);
2 usage or input errors (an unreadable report, a bad --remap), which win over 1.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from verifier.checks import Expectation, load_expectations, run_checks
from verifier.crawl import Remap, RemapError, crawl
from verifier.errors import CommandError
from verifier.extract import extract_many
from verifier.fingerprint import Fingerprint, ParserPool, Unparseable
from verifier.logs import get_logger
from verifier.models import Check, Citation, FetchResult, InputError
from verifier.report.json_report import build_report, render_json
from verifier.settings import Settings

DEFAULT_EXPECTATIONS = Path("configs") / "expectations"

log = get_logger("verifier.pipeline")


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
) -> CheckRun:
    citations, errors = extract_many(paths, settings.extract, allow_private=allow_private)
    log.info("extracted", citations=len(citations), input_errors=len(errors))
    fingerprinting: dict[str, asyncio.Task[Fingerprint]] = {}  # by sha256: once per content
    with ParserPool(settings.fingerprint) as pool:

        def start_fingerprint(r: FetchResult) -> None:
            # Parsing starts as soon as a document arrives, beside the rest of the crawl.
            if r.verdict == "ok" and r.body_path and r.sha256 and r.sha256 not in fingerprinting:
                kind = r.detected_type or ""
                if kind in ("pdf", "html"):
                    fingerprinting[r.sha256] = asyncio.ensure_future(
                        pool.fingerprint(r.body_path, kind, r.sha256)
                    )

        documents = await crawl(
            [c.url for c in citations],
            settings.crawl,
            spool_dir=spool_dir,
            remaps=remaps,
            allow_private=allow_private or settings.crawl.allow_private,
            on_result=start_fingerprint,
        )
        await asyncio.gather(*fingerprinting.values(), return_exceptions=True)
    fingerprints: dict[str, Fingerprint] = {}
    unparseable: dict[str, str] = {}
    for url, r in documents.items():
        task = fingerprinting.get(r.sha256 or "")
        if task is None:
            continue
        exc = task.exception()
        if isinstance(exc, Unparseable):
            unparseable[url] = str(exc)
            documents[url] = replace(r, verdict="unparseable", reason=f"unparseable: {exc}")
        elif exc is not None:
            raise exc
        else:
            fingerprints[url] = task.result()
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
    return CheckRun(paths, citations, documents, errors, fingerprints, checks)


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
    with tempfile.TemporaryDirectory(prefix="verifier-spool-") as spool:
        result = asyncio.run(
            run_check(
                args.paths,
                settings,
                remaps=remaps,
                allow_private=args.allow_private,
                spool_dir=spool,
                expectations=expectations,
            )
        )
    for err in result.errors:
        print(f"verifier: error: {err}", file=sys.stderr)
    report = build_report(
        result.reports,
        result.citations,
        result.documents,
        result.errors,
        extra_documents={u: {"fingerprint": f.to_dict()} for u, f in result.fingerprints.items()},
        extra_citations=[{"checks": [k.to_dict() for k in ks]} for ks in result.checks],
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "report.json").write_text(render_json(report), encoding="utf-8")
    failing = result.failing_evidence
    summary = report["summary"]
    by_verdict = ", ".join(f"{n} {v}" for v, n in summary["evidence_documents_by_verdict"].items())
    print(
        f"{summary['evidence_documents']} evidence documents ({by_verdict or 'none'}) cited "
        f"{summary['evidence_citations']} times in {len(result.reports)} report(s); "
        f"report: {out_dir / 'report.json'}"
    )
    for r in failing:
        print(f"  {r.verdict:11} {r.url}  ({r.reason})")
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
    return 1 if result.failing_citations else 0
