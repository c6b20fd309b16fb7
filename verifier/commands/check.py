"""`verifier check`: run the pipeline over audit reports, record it, write every report format.

Order of work, so nothing is lost: every place the run writes to is checked before the first
request; the run's results are in the history store before any report file is written (a failed
write leaves a run `verifier report` can regenerate); Ctrl-C and SIGTERM cancel the run, which is
recorded as interrupted with everything settled so far, and the spool directory is removed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import sys
import tempfile
import threading
from dataclasses import replace
from pathlib import Path

from verifier import background, exit_codes
from verifier.assemble import load_run_result
from verifier.checks import ExpectationError, load_expectations, load_pack_off
from verifier.commands.common import add_db, db_path, open_store, writable_dir
from verifier.crawl import Remap, RemapError, Transport
from verifier.errors import CommandError, Interrupted
from verifier.extract import stop_extraction
from verifier.gc_pause import collector_paused
from verifier.logs import get_logger
from verifier.models import FetchResult, RunResult, Verdict
from verifier.orchestrator import RunPlan, execute
from verifier.report.console import console_summary
from verifier.report.write import github_actions, write_reports
from verifier.settings import Settings
from verifier.store import RunStatus, RunSummary
from verifier.store.archive import EvidenceArchive

log = get_logger("verifier.check")

# Expectation files beside the config file (`--config configs/demo.toml` → configs/expectations).
EXPECTATIONS_DIR = "expectations"


def _fail_on(value: str) -> set[str]:
    kinds = {v.strip() for v in value.split(",") if v.strip()}
    unknown = kinds - set(exit_codes.FAIL_ON_KINDS)
    if unknown or not kinds:
        raise argparse.ArgumentTypeError(
            f"expected a comma-separated list of {', '.join(exit_codes.FAIL_ON_KINDS)}; "
            f"got {value!r}"
        )
    return kinds


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    ck = sub.add_parser("check", help="extract the citations, fetch every cited document, report")
    ck.add_argument("paths", nargs="+", metavar="PATH", help="audit reports to check")
    ck.add_argument("--out", default="reports", metavar="DIR", help="output directory")
    add_db(ck)
    ck.add_argument("--archive", metavar="DIR", help="evidence archive (default from config)")
    ck.add_argument(
        "--fail-on",
        type=_fail_on,
        default="broken,content",
        metavar="LIST",
        help="what makes the exit code 1: any of broken, content, drift, and the standard pack's "
        "advisory topic, current (default: broken,content)",
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
        help="expectation file or directory of *.toml (default: the expectations/ directory "
        "beside --config, if there is one)",
    )
    ck.add_argument(
        "--allow-private",
        action="store_true",
        help="allow private, loopback and link-local addresses (local replicas, tests)",
    )
    return ck


class Progress:
    """Documents done / total and failures so far, on one line of a terminal; silent in CI and
    when stderr is not a terminal (logs there are JSON)."""

    def __init__(self, total: int) -> None:
        self.total, self.done_count, self.failing = total, 0, 0
        self.enabled = sys.stderr.isatty() and not os.environ.get("CI")

    def set_total(self, total: int) -> None:
        self.total = total

    def update(self, r: FetchResult) -> None:
        self.done_count += 1
        self.failing += r.verdict != Verdict.OK
        if self.enabled:
            sys.stderr.write(
                f"\rchecked {self.done_count}/{self.total or '?'} documents, "
                f"{self.failing} failing "
            )
            sys.stderr.flush()

    def done(self) -> None:
        if self.enabled and self.done_count:
            sys.stderr.write("\n")


def _expectation_paths(args: argparse.Namespace) -> list[Path]:
    if args.expectations:
        return [Path(p) for p in args.expectations]
    if args.config:
        beside = Path(args.config).resolve().parent / EXPECTATIONS_DIR
        return [beside] if beside.is_dir() else []
    return []


def run(args: argparse.Namespace, settings: Settings, *, transport: Transport | None = None) -> int:
    try:
        code = _check(args, settings, transport)
    except BaseException:
        background.wait()  # the run's workers and spool are gone when the command returns
        raise
    try:
        background.wait()
    except Interrupted as exc:  # while the last workers exit: the run and its reports are done
        raise Interrupted(
            exc.signum, "the run was recorded complete and its reports written"
        ) from None
    return code


def _check(args: argparse.Namespace, settings: Settings, transport: Transport | None) -> int:
    try:
        remaps = tuple(Remap.parse(spec) for spec in args.remap)
        expectations = tuple(load_expectations(_expectation_paths(args)))
        pack_off = load_pack_off(_expectation_paths(args))
    except (RemapError, ExpectationError) as exc:
        raise CommandError(str(exc)) from None
    if args.fail_after < 1:
        raise CommandError("--fail-after must be 1 or more")
    out_dir = writable_dir(Path(args.out), "--out")
    archive = EvidenceArchive(writable_dir(Path(args.archive or settings.store.archive_dir),
                                           "--archive"))  # fmt: skip
    plan = RunPlan(tuple(args.paths), remaps, args.allow_private, expectations, pack_off)
    completed: list[int] = []  # the run's id, once it is recorded complete
    try:
        with open_store(db_path(args, settings), settings, readonly=False) as store:
            run_id = store.start_run(list(getattr(args, "argv", None) or ["check", *args.paths]))
            progress = Progress(0)
            try:
                spool = tempfile.mkdtemp(prefix="verifier-spool-")
                try:
                    recorded = _run_interruptibly(
                        execute(
                            plan,
                            settings,
                            store,
                            run_id,
                            spool_dir=spool,
                            archive=archive,
                            transport=transport,
                            on_document=progress.update,
                            on_total=progress.set_total,
                        )
                    )
                finally:  # the documents' bodies are archived: removed while the run is reported
                    background.later(
                        shutil.rmtree, spool, ignore_errors=True, name="verifier-spool"
                    )
            except Interrupted as exc:
                progress.done()
                store.flush()  # what settled before the signal is recorded; count it in the summary
                partial = _summary(load_run_result(store, run_id), args.fail_after)
                store.finish_run(
                    run_id,
                    RunStatus.INTERRUPTED,
                    replace(partial, note=f"stopped by {exc.signame}"),
                )
                raise Interrupted(exc.signum, f"run {run_id} is recorded as interrupted") from None
            except BaseException:
                store.finish_run(run_id, RunStatus.FAILED, RunSummary(note="ended by an error"))
                raise
            progress.done()
            try:
                with collector_paused():
                    result = load_run_result(
                        store, run_id, reports=recorded.reports, errors=recorded.errors,
                        fail_after=args.fail_after, hosts=recorded.hosts, cited=recorded.cited,
                        known=recorded.before,
                    )  # fmt: skip
                    store.finish_run(run_id, RunStatus.COMPLETE, _summary(result, args.fail_after))
            except (Interrupted, KeyboardInterrupt) as exc:  # while assembling (the CLI's handlers)
                stop = exc if isinstance(exc, Interrupted) else Interrupted(signal.SIGINT)
                note = f"stopped by {stop.signame} after every document settled"
                # The complete end may be queued already (the signal landed while it committed).
                store.finish_run(run_id, RunStatus.INTERRUPTED, RunSummary(note=note),
                                 unless_ended=True)  # fmt: skip
                info = store.run_info(run_id)
                if info is not None and info.status == RunStatus.COMPLETE:
                    raise Interrupted(stop.signum, _recorded_complete(run_id)) from None
                raise Interrupted(stop.signum, f"run {run_id} is recorded as interrupted") from None
            log.info("assembled", run=run_id, citations=len(result.citations))
            completed.append(run_id)
    except Interrupted as exc:
        if completed and exc.state is None:  # while leaving the store (its last commit)
            raise Interrupted(exc.signum, _recorded_complete(completed[0])) from None
        raise
    try:
        return _report(result, args, out_dir)
    except Interrupted as exc:  # SIGTERM while reporting: the CLI's handler (cli.py)
        raise Interrupted(exc.signum, _recorded_complete(run_id)) from None


def _recorded_complete(run_id: int) -> str:
    return f"run {run_id} is recorded complete; `verifier report --run {run_id}` writes its reports"


def _report(result: RunResult, args: argparse.Namespace, out_dir: Path) -> int:
    """Every report of a recorded run, the GitHub annotations and the console summary."""
    run_id = result.run_id
    code = exit_codes.exit_code(result, set(args.fail_on), args.fail_after)  # decided first
    for err in result.errors:
        print(f"verifier: error: {err}", file=sys.stderr)
    try:
        with collector_paused():
            write_reports(result, out_dir)
    except OSError as exc:
        raise CommandError(
            f"--out {out_dir}: could not write the reports ({exc.strerror or exc}); the run is "
            f"recorded: `verifier report --run {run_id}` writes them again"
        ) from None
    log.info("reported", out=str(out_dir))
    github_actions(result)
    try:
        sys.stdout.write(console_summary(result, out_dir))
        sys.stdout.flush()
    except BrokenPipeError:
        # A reader that went away (`| head`) must not turn failing evidence into exit 0.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return code


def _summary(result, fail_after: int) -> RunSummary:  # type: ignore[no-untyped-def]
    return RunSummary(
        citations=len(result.citations),
        documents=len(result.documents),
        failing_documents=len(result.failing_documents),
        failing_citations=len(result.failing_citations),
        input_errors=len(result.errors),
        reports=result.report_paths,
        errors=result.errors,
        fail_after=fail_after,
        hosts=result.hosts,
    )


def _run_interruptibly(coro):  # type: ignore[no-untyped-def]
    """Run the check on an event loop where SIGINT and SIGTERM cancel it cleanly (every task
    cancelled, workers stopped, no traceback per task) and raise Interrupted."""
    got: list[int] = []

    async def main():  # type: ignore[no-untyped-def]
        loop = asyncio.get_running_loop()
        me = asyncio.current_task()
        assert me is not None

        def stop(sig: int) -> None:
            if not got:
                got.append(sig)
                stop_extraction()  # a report being read in a worker ends now, not after it
                me.cancel()

        # Signals reach only the main thread; a check run from another thread (a program
        # embedding verifier, the tests) is stopped by its caller instead.
        handled = threading.current_thread() is threading.main_thread()
        sigs = (signal.SIGINT, signal.SIGTERM) if handled else ()
        before = {sig: signal.getsignal(sig) for sig in sigs}
        for sig in sigs:
            loop.add_signal_handler(sig, stop, sig)
        try:
            return await coro
        finally:
            for sig in sigs:
                loop.remove_signal_handler(sig)
                signal.signal(sig, before[sig])  # the CLI's own handlers, for what follows

    try:
        return asyncio.run(main())
    except (asyncio.CancelledError, KeyboardInterrupt):
        raise Interrupted(got[0] if got else signal.SIGINT) from None
    except Exception:
        if got:  # whatever broke after a signal broke because of it: still an interruption
            raise Interrupted(got[0]) from None
        raise
