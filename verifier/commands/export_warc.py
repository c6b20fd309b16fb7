"""`verifier export-warc`: a run's archived captures as a standard WARC file."""

from __future__ import annotations

import argparse
from pathlib import Path

from verifier.commands.common import add_db, db_path, open_store, pick_run, writable_file_dir
from verifier.errors import CommandError
from verifier.settings import Settings
from verifier.store.archive import EvidenceArchive
from verifier.store.warc import MissingBodies, export_run


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    wa = sub.add_parser("export-warc", help="write a run's archived captures as a WARC file")
    wa.add_argument("--run", type=int, metavar="RUN", help="run id (default: the latest)")
    wa.add_argument("--archive", metavar="DIR", help="evidence archive (default from config)")
    wa.add_argument("-o", "--output", metavar="FILE", help="WARC file (default: run-N.warc.gz)")
    add_db(wa)
    return wa


def run(args: argparse.Namespace, settings: Settings) -> int:
    archive = EvidenceArchive(args.archive or settings.store.archive_dir)
    with open_store(db_path(args, settings), settings, readonly=True) as store:
        run_id = pick_run(store, args.run)
        out = Path(args.output or f"run-{run_id}.warc.gz")
        writable_file_dir(out, "--output")
        tmp = out.with_name(f".{out.name}.tmp")
        try:
            with tmp.open("wb") as fh:
                summary = export_run(store, archive, run_id, fh)
        except MissingBodies as exc:
            tmp.unlink(missing_ok=True)
            raise CommandError(str(exc)) from None
        tmp.replace(out)  # no half-written WARC under the real name
    print(f"wrote {out}: {summary.responses} responses, {summary.revisits} revisits, "
          f"{summary.metadata} metadata records")  # fmt: skip
    return 0
