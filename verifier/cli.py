"""Command line: `verifier extract` and `verifier check`.

I/O lives here and in the stage modules' edges; the stages themselves return plain data.
Exit codes: 0 all good, 1 evidence problems found (check), 2 usage or input errors.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from verifier import __version__
from verifier.errors import CommandError
from verifier.logs import configure_logging, get_logger
from verifier.settings import ConfigError, Settings, load_settings

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", metavar="FILE", help="TOML settings file (see configs/default.toml)")
    p.add_argument(
        "--log-format",
        choices=("auto", "json", "console"),
        default="auto",
        help="log rendering on stderr: console on a terminal, JSON lines otherwise (default: auto)",
    )
    p.add_argument("--log-level", default="WARNING", help="log level (default: WARNING)")


def _fail_on(value: str) -> set[str]:
    kinds = {v.strip() for v in value.split(",") if v.strip()}
    unknown = kinds - {"broken", "content", "drift"}
    if unknown or not kinds:
        raise argparse.ArgumentTypeError(
            f"expected a comma-separated list of broken, content, drift; got {value!r}"
        )
    return kinds


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="verifier",
        description="Extract, crawl and verify the evidence links cited in audit reports.",
    )
    parser.add_argument("--version", action="version", version=f"verifier {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

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
    _add_common(ex)

    ck = sub.add_parser("check", help="extract the citations, fetch every cited document, report")
    ck.add_argument("paths", nargs="+", metavar="PATH", help="audit reports to check")
    ck.add_argument("--out", default="reports", metavar="DIR", help="output directory")
    ck.add_argument("--db", metavar="FILE", help="history database (default from config)")
    ck.add_argument("--archive", metavar="DIR", help="evidence archive (default from config)")
    ck.add_argument(
        "--fail-on",
        type=_fail_on,
        default="broken,content",
        metavar="LIST",
        help="what makes the exit code 1: any of broken, content, drift (default: broken,content)",
    )
    ck.add_argument(
        "--fail-after",
        type=int,
        default=1,
        metavar="N",
        help="an unreachable document fails the run only after N consecutive failed runs",
    )
    ck.add_argument(
        "--remap",
        action="append",
        default=[],
        metavar="'REGEX REPLACEMENT'",
        help="rewrite URLs before fetching (repeatable), e.g. '^https://example.com http://127.0.0.1:8000'",
    )
    ck.add_argument(
        "--expectations",
        action="append",
        default=[],
        metavar="PATH",
        help="expectation file or directory of *.toml (default: configs/expectations if present)",
    )
    ck.add_argument(
        "--allow-private",
        action="store_true",
        help="allow private, loopback and link-local addresses (local replicas, tests)",
    )
    _add_common(ck)

    def store_cmd(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text)
        p.add_argument("--db", metavar="FILE", help="history database (default from config)")
        _add_common(p)
        return p

    rn = store_cmd("runs", "list recent runs with their counts")
    rn.add_argument("--limit", type=int, default=20)
    hi = store_cmd("history", "a URL's observations over time")
    hi.add_argument("url")
    df = store_cmd("diff", "what changed in a document, page by page, as a unified diff")
    df.add_argument("url")
    df.add_argument("--from", dest="from_run", type=int, metavar="RUN", help="older run")
    df.add_argument("--to", dest="to_run", type=int, metavar="RUN", help="newer run")
    bl = store_cmd("baseline", "pin the current versions of every document the reports cite")
    bl.add_argument("paths", nargs="+", metavar="PATH")
    rp = store_cmd("report", "regenerate the reports (html, md, json, csv, junit) of a stored run")
    rp.add_argument("--run", type=int, metavar="RUN", help="run id (default: the latest)")
    rp.add_argument("--out", default="reports", metavar="DIR", help="output directory")
    wa = store_cmd("export-warc", "write a run's archived captures as a WARC file")
    wa.add_argument("--run", type=int, metavar="RUN", help="run id (default: the latest)")
    wa.add_argument("--archive", metavar="DIR", help="evidence archive (default from config)")
    wa.add_argument("-o", "--output", metavar="FILE", help="WARC file (default: run-N.warc.gz)")
    return parser


def _cmd_extract(args: argparse.Namespace, settings: Settings) -> int:
    from verifier.extract import extract_many
    from verifier.report.citations import render_citations

    citations, errors = extract_many(args.paths, settings.extract, allow_private=args.allow_private)
    sys.stdout.write(render_citations(citations, args.format))
    for err in errors:
        print(f"verifier: error: {err}", file=sys.stderr)
    return EXIT_USAGE if errors else EXIT_OK


def _cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    from verifier.pipeline import check_command

    return check_command(args, settings)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging(args.log_format, args.log_level)
    log = get_logger("verifier.cli")
    try:
        settings = load_settings(args.config)
    except ConfigError as exc:
        print(f"verifier: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    from verifier import history_commands as hc

    commands = {
        "extract": _cmd_extract,
        "check": _cmd_check,
        "runs": hc.cmd_runs,
        "history": hc.cmd_history,
        "diff": hc.cmd_diff,
        "baseline": hc.cmd_baseline,
        "export-warc": hc.cmd_export_warc,
        "report": hc.cmd_report,
    }
    try:
        return commands[args.command](args, settings)
    except CommandError as exc:
        print(f"verifier: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("verifier: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    finally:
        log.debug("done", command=args.command)
