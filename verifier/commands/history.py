"""The history commands: runs, history, diff, report (reading the store, never crawling)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from verifier.assemble import load_run_result
from verifier.commands.common import add_db, db_path, open_store, pick_run, writable_dir
from verifier.errors import CommandError
from verifier.models import Observation
from verifier.report.history_text import history_table, runs_table, version_diff
from verifier.report.write import write_reports
from verifier.settings import Settings


def add_parsers(sub: argparse._SubParsersAction) -> dict[str, argparse.ArgumentParser]:
    rn = sub.add_parser("runs", help="list recent runs with their counts")
    rn.add_argument("--limit", type=int, default=20)
    hi = sub.add_parser("history", help="a URL's observations over time")
    hi.add_argument("url")
    df = sub.add_parser("diff", help="what changed in a document, page by page, as a unified diff")
    df.add_argument("url")
    df.add_argument("--from", dest="from_run", type=int, metavar="RUN", help="older run")
    df.add_argument("--to", dest="to_run", type=int, metavar="RUN", help="newer run")
    rp = sub.add_parser(
        "report", help="regenerate the reports (html, md, json, csv, junit) of a stored run"
    )
    rp.add_argument("--run", type=int, metavar="RUN", help="run id (default: the latest)")
    rp.add_argument("--out", default="reports", metavar="DIR", help="output directory")
    cp = sub.add_parser(
        "compact", help="write a compacted copy of the history (middles of unchanged stretches)"
    )
    cp.add_argument("--out", required=True, metavar="FILE", help="the compacted database to write")
    cp.add_argument("--before-run", type=int, metavar="RUN",
                    help="compact only runs before this one (default: all)")  # fmt: skip
    parsers = {"runs": rn, "history": hi, "diff": df, "report": rp, "compact": cp}
    for p in parsers.values():
        add_db(p)
    return parsers


def runs(args: argparse.Namespace, settings: Settings) -> int:
    with open_store(db_path(args, settings), settings, readonly=True) as store:
        sys.stdout.write(runs_table(store.runs(args.limit)))
    return 0


def history(args: argparse.Namespace, settings: Settings) -> int:
    with open_store(db_path(args, settings), settings, readonly=True) as store:
        sys.stdout.write(history_table(args.url, store.history(args.url)))
    return 0


def diff(args: argparse.Namespace, settings: Settings) -> int:
    """Page-by-page diff of two stored versions. Exit 0 for "no change" too: it is an answer."""
    with open_store(db_path(args, settings), settings, readonly=True) as store:
        observed = store.history(args.url)
        if not observed:
            raise CommandError(f"no observations of {args.url} in {store.path}")
        versions = [o for o in observed if o.fetch.sha256 and not o.fetch.not_modified]
        if not versions:
            last = observed[-1]
            print(f"{args.url}: never read; last run {last.run_id}: {last.fetch.verdict} "
                  f"({last.fetch.reason})")  # fmt: skip
            return 0
        new = _pick(versions, args.to_run)
        older = [o for o in versions if (o.id or 0) < (new.id or 0)]
        if args.from_run is not None:
            old = _pick(versions, args.from_run)
        elif older:
            # The newest earlier version whose content differs, else the one just before.
            old = next((o for o in reversed(older) if o.fetch.sha256 != new.fetch.sha256),
                       older[-1])  # fmt: skip
        else:
            old = new
        latest = observed[-1]
        if not latest.ok and args.to_run is None:
            print(f"{args.url}: removed in run {latest.run_id} ({latest.fetch.reason}); "
                  f"the last version read is from run {new.run_id}")  # fmt: skip
        if old.fetch.sha256 == new.fetch.sha256:
            print(f"{args.url}: no change (run {new.run_id}, {(new.fetch.sha256 or '')[:12]})")
            return 0
        print(f"{args.url}: run {old.run_id} ({(old.fetch.sha256 or '')[:12]}) -> "
              f"run {new.run_id} ({(new.fetch.sha256 or '')[:12]})")  # fmt: skip
        sys.stdout.write(version_diff(store, old.id or 0, new.id or 0, f"run {old.run_id}",
                                      f"run {new.run_id}"))  # fmt: skip
    return 0


def _pick(versions: list[Observation], run: int | None) -> Observation:
    """The newest stored version in `run` (or overall when no run is given)."""
    chosen = versions if run is None else [o for o in versions if o.run_id == run]
    if not chosen:
        raise CommandError(f"no stored content in run {run}")
    return chosen[-1]


def report(args: argparse.Namespace, settings: Settings) -> int:
    """Regenerate every report format of a stored run from its records, without crawling."""
    out = writable_dir(Path(args.out), "--out")
    with open_store(db_path(args, settings), settings, readonly=True) as store:
        run = pick_run(store, args.run)
        info = store.run_info(run)
        summary = info.summary if info else None
        result = load_run_result(
            store, run,
            reports=summary.reports or None if summary else None,
            errors=summary.errors if summary else (),
            fail_after=summary.fail_after if summary else 1,
            hosts=summary.hosts if summary else (),
        )  # fmt: skip
    written = write_reports(result, out)
    print(f"run {run}: wrote " + ", ".join(str(p) for p in written))
    return 0


def compact(args: argparse.Namespace, settings: Settings) -> int:
    """A compacted copy: every change and version kept, repeated observations dropped."""
    from verifier.store.compact import CompactionFailed
    from verifier.store.compact import compact as compact_db

    src = db_path(args, settings)
    with open_store(src, settings, readonly=False):  # holds the run lock: no run writes meanwhile
        out = Path(args.out)
        if out.exists():
            raise CommandError(f"--out {out}: exists; compaction writes a new file")
        try:
            s = compact_db(src, out, before_run=args.before_run)
        except (CompactionFailed, FileExistsError) as exc:
            raise CommandError(str(exc)) from None
        except OSError as exc:  # the copy's folder: missing, read-only, full
            raise CommandError(f"--out {out}: {exc.strerror or exc}") from None
    print(f"wrote {out}: {s.observations_before} -> {s.observations_after} observations, "
          f"{s.bytes_before:,} -> {s.bytes_after:,} bytes; replace {src} with it when no run "
          "is going")  # fmt: skip
    return 0
