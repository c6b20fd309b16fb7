"""`verifier check`: extract -> crawl -> report.json, and the exit code.

Exit codes: 0 every evidence document ok; 1 any evidence document not ok; 2 usage or input errors
(an unreadable report, a bad --remap), which win over 1 because the run is incomplete.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from verifier.crawl import Remap, RemapError, crawl
from verifier.errors import CommandError
from verifier.extract import extract_many
from verifier.logs import get_logger
from verifier.models import Citation, FetchResult, InputError
from verifier.report.json_report import build_report, render_json
from verifier.settings import Settings

log = get_logger("verifier.pipeline")


@dataclass(slots=True)
class CheckRun:
    reports: list[str]
    citations: list[Citation]
    documents: dict[str, FetchResult]
    errors: list[InputError]

    @property
    def failing_evidence(self) -> list[FetchResult]:
        urls = dict.fromkeys(c.url for c in self.citations if c.evidence)
        return [self.documents[u] for u in urls if self.documents[u].verdict != "ok"]


async def run_check(
    paths: list[str],
    settings: Settings,
    *,
    remaps: list[Remap],
    allow_private: bool,
    spool_dir: str,
) -> CheckRun:
    citations, errors = extract_many(paths, settings.extract, allow_private=allow_private)
    log.info("extracted", citations=len(citations), input_errors=len(errors))
    documents = await crawl(
        [c.url for c in citations],
        settings.crawl,
        spool_dir=spool_dir,
        remaps=remaps,
        allow_private=allow_private or settings.crawl.allow_private,
    )
    return CheckRun(paths, citations, documents, errors)


def check_command(args: argparse.Namespace, settings: Settings) -> int:
    try:
        remaps = [Remap.parse(spec) for spec in args.remap]
    except RemapError as exc:
        raise CommandError(str(exc)) from None
    out_dir = Path(args.out)
    with tempfile.TemporaryDirectory(prefix="verifier-spool-") as spool:
        result = asyncio.run(
            run_check(
                args.paths,
                settings,
                remaps=remaps,
                allow_private=args.allow_private,
                spool_dir=spool,
            )
        )
    for err in result.errors:
        print(f"verifier: error: {err}", file=sys.stderr)
    report = build_report(result.reports, result.citations, result.documents, result.errors)
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
    if result.errors:
        return 2
    return 1 if failing else 0
