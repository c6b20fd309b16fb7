"""`verifier site`: a static site over the whole history (every report, document and run)."""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime
from pathlib import Path

from verifier.commands.common import add_db, db_path, open_store, writable_dir
from verifier.errors import CommandError
from verifier.settings import Settings
from verifier.site.build import write_site
from verifier.site.collect import WINDOW, collect


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number; got {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1; got {n}")
    return n


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "site",
        help="write a static site over the whole history (index, one page per report and "
        "per document); no network, works from file:// and GitHub Pages",
    )
    add_db(p)
    p.add_argument("--out", default="site", metavar="DIR", help="output directory (default: site)")
    p.add_argument("--runs", type=_positive, default=WINDOW, metavar="N",
                   help=f"runs shown in strips and trends (default: {WINDOW})")  # fmt: skip
    return p


def run(args: argparse.Namespace, settings: Settings) -> int:
    out = writable_dir(Path(args.out), "--out")
    started = time.monotonic()
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    with open_store(db_path(args, settings), settings, readonly=True) as store:
        if not store.runs(1):
            raise CommandError(f"no runs in {store.path}: nothing to publish yet")
        site = collect(store, now, args.runs)
    built = write_site(site, out)
    print(
        f"wrote {built.pages} pages ({built.bytes / 1e6:.1f} MB) to {out}/ in "
        f"{time.monotonic() - started:.1f} s: open {out / 'index.html'}"
    )
    return 0
