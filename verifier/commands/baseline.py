"""`verifier baseline`: pin, for each evidence citation, the version the audit relied on.

Only evidence can be pinned: the newest ok observation with content. A citation whose document
is broken or an error page keeps its earlier ok version (the newest one), or is reported as not
pinned. The command exits 0 when it did its job; 2 only for reports it could not read.
"""

from __future__ import annotations

import argparse
import sys

from verifier.commands.common import add_db, db_path, open_store
from verifier.orchestrator import extract_reports
from verifier.settings import Settings


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    bl = sub.add_parser(
        "baseline", help="pin the current versions of every document the reports cite"
    )
    bl.add_argument("paths", nargs="+", metavar="PATH")
    add_db(bl)
    return bl


def run(args: argparse.Namespace, settings: Settings) -> int:
    _, citations, errors = extract_reports(args.paths, settings, allow_private=False)
    for err in errors:
        print(f"verifier: error: {err}", file=sys.stderr)
    pinned: list[str] = []
    unpinned: list[str] = []
    with open_store(db_path(args, settings), settings, readonly=False) as store:
        for c in citations:
            if not c.evidence:
                continue
            where = f"{c.criterion or '-'} {c.url}"
            good = next((o for o in reversed(store.history(c.url)) if o.ok and o.has_content), None)
            if good is None or good.id is None:
                unpinned.append(f"{where}: never seen ok (run `verifier check` first)")
                continue
            store.pin_baseline(c.report, c.criterion, c.url, good.id)
            pinned.append(f"{where}: run {good.run_id} ({(good.fetch.sha256 or '')[:12]})")
        store.flush()
    print(f"pinned {len(pinned)} citation baseline(s)" +
          (f"; {len(unpinned)} not pinned:" if unpinned else ""))  # fmt: skip
    for line in unpinned:
        print(f"  {line}")
    return 2 if errors else 0
