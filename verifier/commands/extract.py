"""`verifier extract`: print every URL cited in audit reports, with its criterion and pages (the
table format starts with one line per report: what its overview table states)."""

from __future__ import annotations

import argparse
import sys

from verifier import exit_codes
from verifier.extract import extract_all
from verifier.extract.inputs import expand_inputs
from verifier.models import ReportEntry
from verifier.report.citations import render_citations
from verifier.report.meta import meta_line
from verifier.settings import Settings


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    ex = sub.add_parser(
        "extract",
        help="print every URL cited in audit reports, with its criterion, rating, label and pages",
    )
    ex.add_argument(
        "paths", nargs="+", metavar="PATH", help=".txt, .pdf, .html/.htm or http(s) URL"
    )
    ex.add_argument("--format", choices=("table", "json", "csv"), default="table")
    ex.add_argument(
        "--allow-private",
        action="store_true",
        help="allow a report URL on a private, loopback or link-local address",
    )
    return ex


def run(args: argparse.Namespace, settings: Settings) -> int:
    reports, input_errors = expand_inputs(args.paths)
    citations, errors, metas = extract_all(
        reports, settings.extract, allow_private=args.allow_private
    )
    if args.format == "table":  # what each report states about its audit, above its citations
        for path, meta in metas.items():
            print(meta_line(ReportEntry(path, meta)))
        if metas:
            print()
    sys.stdout.write(render_citations(citations, args.format))
    for err in [*input_errors, *errors]:
        print(f"verifier: error: {err}", file=sys.stderr)
    return exit_codes.USAGE if input_errors or errors else exit_codes.OK
