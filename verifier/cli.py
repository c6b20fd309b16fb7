"""Command line: the parser, and the one error boundary every command runs inside.

Exit codes (verifier/exit_codes.py): 0 all good, 1 evidence failed, 2 what the user caused (one
line `verifier: error: ...`), 3 an internal error (one line naming a crash log with the
traceback), 130/143 interrupted by SIGINT/SIGTERM.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import signal
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from verifier import __version__, exit_codes
from verifier.commands import archives, baseline, check, export_warc, extract, history, site
from verifier.errors import CommandError, Interrupted
from verifier.logs import configure_logging, get_logger
from verifier.settings import ConfigError, Settings, load_settings

Command = Callable[[argparse.Namespace, Settings], int]
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def _log_level(value: str) -> str:
    if value.upper() not in LOG_LEVELS:
        raise argparse.ArgumentTypeError(f"expected one of {', '.join(LOG_LEVELS)}; got {value!r}")
    return value.upper()


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", metavar="FILE", help="TOML settings file (see configs/default.toml)")
    p.add_argument(
        "--log-format",
        choices=("auto", "json", "console"),
        default="auto",
        help="log rendering on stderr: console on a terminal, JSON lines otherwise (default: auto)",
    )
    p.add_argument("--log-level", type=_log_level, default="WARNING",
                   help="DEBUG, INFO, WARNING, ERROR or CRITICAL (default: WARNING)")  # fmt: skip


class _Parser(argparse.ArgumentParser):
    """Usage errors are one line like every other error a user can cause (exit 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(exit_codes.USAGE, f"verifier: error: {message} (see {self.prog} --help)\n")


def _on_sigterm(signum: int, frame: object) -> None:
    raise Interrupted(signum)


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, Command]]:
    parser = _Parser(
        prog="verifier",
        description="Extract, crawl and verify the evidence links cited in audit reports.",
    )
    parser.add_argument("--version", action="version", version=f"verifier {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands: dict[str, Command] = {}
    for module in (extract, check, baseline, export_warc, site):
        p = module.add_parser(sub)
        _add_common(p)
        commands[p.prog.split()[-1]] = module.run
    for name, p in history.add_parsers(sub).items():
        _add_common(p)
        commands[name] = getattr(history, name)
    for name, p in archives.add_parsers(sub).items():
        _add_common(p)
        commands[name] = getattr(archives, name.replace("-", "_"))
    return parser, commands


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.getsignal(signal.SIGTERM) if main_thread else None
    if main_thread:
        # SIGTERM before or after the event loop (start-up, writing reports) is one line and
        # exit 143 too; during the run, the check's own handlers record it as interrupted.
        signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return _main(argv)
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous)


def _main(argv: list[str]) -> int:
    parser, commands = build_parser()
    args = parser.parse_args(argv)
    args.argv = argv  # recorded by a run: the arguments it was given, not the process's
    configure_logging(args.log_format, args.log_level)
    log = get_logger("verifier.cli")
    try:
        settings = load_settings(args.config)
        return commands[args.command](args, settings)
    except (CommandError, ConfigError) as exc:
        print(f"verifier: error: {_one_line(str(exc))}", file=sys.stderr)
        return exit_codes.USAGE
    except Interrupted as exc:
        state = f"; {exc.state}" if exc.state else ""
        print(f"verifier: interrupted by {exc.signame}{state}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("verifier: interrupted", file=sys.stderr)
        return exit_codes.SIGINT_EXIT
    except BrokenPipeError:
        return exit_codes.OK
    except Exception as exc:  # the boundary: one line for people, the traceback in a file
        crash = _crash_log(exc, argv)
        print(f"verifier: internal error: {type(exc).__name__}: {_one_line(str(exc))} "
              f"(traceback in {crash}; please report it)", file=sys.stderr)  # fmt: skip
        return exit_codes.INTERNAL
    finally:
        log.debug("done", command=args.command)
        logging.shutdown()


def _one_line(text: str) -> str:
    """Messages quote user input: control characters are escaped, never printed raw."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def _crash_log(exc: BaseException, argv: list[str]) -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    fd, name = tempfile.mkstemp(prefix=f"verifier-crash-{stamp}-", suffix=".log")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(f"verifier {__version__}\nargv: {argv}\n\n")
        fh.write("".join(traceback.format_exception(exc)))
    return Path(name)
