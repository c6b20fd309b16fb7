"""What several commands share: opening the history store, checking output places before any
work, and naming a run. Every failure here is one line for the user (CommandError, exit 2)."""

from __future__ import annotations

import argparse
import os
import sqlite3
import tempfile
from pathlib import Path

from verifier.errors import CommandError
from verifier.models import RunStatus
from verifier.settings import Settings
from verifier.store import HistoryStore, SchemaError, StoreLocked


def add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar="FILE", help="history database (default from config)")


def db_path(args: argparse.Namespace, settings: Settings) -> Path:
    return Path(args.db or settings.store.db)


def open_store(db: Path, settings: Settings, *, readonly: bool) -> HistoryStore:
    if readonly and not db.exists():
        raise CommandError(f"no history database at {db} (run `verifier check` first, or --db)")
    if db.exists() and not db.is_file():
        raise CommandError(f"--db {db}: not a file")
    for parent in db.parents:
        if parent.exists():
            if not parent.is_dir():
                raise CommandError(f"--db {db}: {parent} is a file, not a directory")
            break
    try:
        store = HistoryStore.open(db, readonly=readonly, lock_wait_s=settings.store.lock_wait_s)
    except (StoreLocked, SchemaError) as exc:
        raise CommandError(str(exc)) from None
    except sqlite3.DatabaseError as exc:
        raise CommandError(f"--db {db}: not a usable SQLite history database ({exc})") from None
    except OSError as exc:
        raise CommandError(f"--db {db}: {exc.strerror or exc}") from None
    if not readonly:
        try:  # a read-only file or directory is found now, not after the crawl
            store.check_writable()
        except sqlite3.OperationalError as exc:
            store.close()
            raise CommandError(f"--db {db}: cannot write the history ({exc})") from None
    return store


def writable_dir(path: Path, what: str) -> Path:
    """Make sure `path` is a directory we can write into, before any work is done."""
    if path.exists() and not path.is_dir():
        raise CommandError(f"{what} {path}: exists and is not a directory")
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError as exc:
        raise CommandError(f"{what} {path}: cannot write there ({exc.strerror or exc})") from None
    return path


def writable_file_dir(path: Path, what: str) -> None:
    """The directory a file will be written into exists (or can be made) and is writable."""
    parent = path.parent if str(path.parent) else Path(".")
    writable_dir(parent, what)
    if path.exists() and (path.is_dir() or not os.access(path, os.W_OK)):
        raise CommandError(f"{what} {path}: cannot write this file")


def pick_run(store: HistoryStore, run: int | None) -> int:
    """The run asked for, else the latest complete one (else the latest); one line when none."""
    if run is None:
        recent = store.runs(200)
        if not recent:
            raise CommandError(f"no runs in {store.path}")
        complete = [r for r in recent if r.status == RunStatus.COMPLETE]
        return (complete or recent)[0].id
    if store.run_info(run) is None:
        raise CommandError(f"no run {run} in {store.path}")
    return run
