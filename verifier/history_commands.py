"""The history commands: runs, history, diff, baseline, export-warc (I/O around the store)."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

from verifier.errors import CommandError
from verifier.settings import Settings
from verifier.store import HistoryStore, SchemaError, StoreLocked


def _open(args: argparse.Namespace, settings: Settings, *, readonly: bool) -> HistoryStore:
    db = Path(args.db or settings.store.db)
    if readonly and not db.exists():
        raise CommandError(f"no history database at {db} (run `verifier check` first, or --db)")
    try:
        return HistoryStore.open(db, readonly=readonly, lock_wait_s=settings.store.lock_wait_s)
    except (StoreLocked, SchemaError) as exc:
        raise CommandError(str(exc)) from None


def cmd_runs(args: argparse.Namespace, settings: Settings) -> int:
    from verifier.store.views import runs_table

    with _open(args, settings, readonly=True) as store:
        sys.stdout.write(runs_table(store.runs(args.limit)))
    return 0


def cmd_history(args: argparse.Namespace, settings: Settings) -> int:
    from verifier.store.views import history_table

    with _open(args, settings, readonly=True) as store:
        sys.stdout.write(history_table(args.url, store.history(args.url)))
    return 0


def cmd_diff(args: argparse.Namespace, settings: Settings) -> int:
    from verifier.store.views import pages_diff

    with _open(args, settings, readonly=True) as store:
        rows = [r for r in store.history(args.url) if r["sha256"] and not r["not_modified"]]
        if not rows:
            raise CommandError(f"no stored content for {args.url}")
        new = _pick(rows, args.to_run)
        older = [r for r in rows if r["id"] < new["id"]]
        if args.from_run is not None:
            old = _pick(rows, args.from_run)
        elif older:
            # The newest earlier version whose content differs, else the one just before.
            old = next((r for r in reversed(older) if r["sha256"] != new["sha256"]), older[-1])
        else:
            raise CommandError(f"only one stored version of {args.url} (run {new['run_id']})")
        text_old = [(p["page_index"], p["text"]) for p in store.pages(old["id"])]
        text_new = [(p["page_index"], p["text"]) for p in store.pages(new["id"])]
        print(f"{args.url}: run {old['run_id']} ({old['sha256'][:12]}) -> "
              f"run {new['run_id']} ({new['sha256'][:12]})")  # fmt: skip
        sys.stdout.write(
            pages_diff(text_old, text_new, f"run {old['run_id']}", f"run {new['run_id']}")
        )
    return 0


def _pick(rows: list[sqlite3.Row], run: int | None) -> sqlite3.Row:
    """The newest stored version in `run` (or overall when no run is given)."""
    chosen = rows if run is None else [r for r in rows if r["run_id"] == run]
    if not chosen:
        raise CommandError(f"no stored content in run {run}")
    return chosen[-1]


def cmd_baseline(args: argparse.Namespace, settings: Settings) -> int:
    from verifier.extract import extract_many

    citations, errors = extract_many(args.paths, settings.extract)
    for err in errors:
        print(f"verifier: error: {err}", file=sys.stderr)
    pinned = missing = 0
    with _open(args, settings, readonly=False) as store:
        for c in citations:
            if not c.evidence:
                continue
            obs = store.last_content(c.url)
            if obs is None:
                missing += 1
                print(f"verifier: no stored version of {c.url} (criterion {c.criterion}): "
                      "run `verifier check` first", file=sys.stderr)  # fmt: skip
                continue
            store.pin_baseline(c.report, c.criterion, c.url, obs["id"])
            pinned += 1
        store.flush()
    print(
        f"pinned {pinned} citation baselines"
        + (f"; {missing} without a stored version" if missing else "")
    )
    return 2 if errors or missing else 0


def cmd_export_warc(args: argparse.Namespace, settings: Settings) -> int:
    from verifier.store.archive import EvidenceArchive
    from verifier.store.warc import export_run

    archive = EvidenceArchive(args.archive or settings.store.archive_dir)
    with _open(args, settings, readonly=True) as store:
        runs = store.runs(1)
        run = args.run if args.run is not None else (runs[0].id if runs else None)
        if run is None or store.run_row(run) is None:
            raise CommandError(f"no run {run if run is not None else ''} in {store.path}".strip())
        out = Path(args.output or f"run-{run}.warc.gz")
        with out.open("wb") as fh:
            summary = export_run(store, archive, run, fh)
    print(f"wrote {out}: {summary.responses} responses, {summary.revisits} revisits, "
          f"{summary.metadata} metadata records")  # fmt: skip
    return 0


def cmd_report(args: argparse.Namespace, settings: Settings) -> int:
    """Regenerate every report format of a stored run, without crawling."""
    import json

    from verifier.report.write import write_reports

    with _open(args, settings, readonly=True) as store:
        runs = store.runs(1)
        run = args.run if args.run is not None else (runs[0].id if runs else None)
        stored = store.run_report(run) if run is not None else None
    if stored is None:
        raise CommandError(f"no stored report for run {run if run is not None else '(none)'}")
    out = Path(args.out)
    written = write_reports(json.loads(stored), out)
    print(f"run {run}: wrote " + ", ".join(str(p) for p in written))
    return 0
