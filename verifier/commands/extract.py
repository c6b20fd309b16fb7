"""`verifier extract`: print every URL cited in audit reports, with its criterion and pages."""

from __future__ import annotations

import argparse
import sys

from verifier import exit_codes
from verifier.extract import extract_many
from verifier.extract.inputs import expand_inputs
from verifier.report.citations import render_citations
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
    citations, errors = extract_many(reports, settings.extract, allow_private=args.allow_private)
    sys.stdout.write(render_citations(citations, args.format))
    for err in [*input_errors, *errors]:
        print(f"verifier: error: {err}", file=sys.stderr)
    return exit_codes.USAGE if input_errors or errors else exit_codes.OK
