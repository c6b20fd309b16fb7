"""Compacting old history, the one deliberate exception to append-only.

`compact(src, dest)` writes a compacted copy (the source is never touched): of each stretch of
ok observations of a URL that say the same thing (same content, same landing place), the first
and the last are kept and the middle ones go; every change, every version, every failure (so
failure streaks still count), every observation a baseline pins, every run, citation and check
stays. A compacted run's report is rebuilt from the kept observation before it, which by
construction says the same. The copy passes
`PRAGMA integrity_check` and is append-only again when done.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from verifier.store.schema import SCHEMA_VERSION, migrate

_SAME = ("verdict", "sha256", "final_url", "fetched_url", "reason", "http_status")


@dataclass(frozen=True, slots=True)
class CompactSummary:
    observations_before: int
    observations_after: int
    bytes_before: int
    bytes_after: int


class CompactionFailed(Exception):
    """The compacted copy could not be made or did not pass its checks; it was removed."""


def compact(src: Path, dest: Path, *, before_run: int | None = None) -> CompactSummary:
    """Copy `src` to `dest` without the middles of unchanged stretches (runs before
    `before_run` only, when given: recent history stays whole).

    `dest` is claimed first by creating it empty and exclusively (a file already there, or one
    another process makes meanwhile, is never touched: FileExistsError), the copy is made and
    checked beside it under a temporary name, and only a copy that passed its checks replaces the
    empty claim. On any failure both are removed: a user told to replace the history with the
    copy must never find a damaged one (the checks are not asserts, which `python -O` skips)."""
    try:
        dest.open("xb").close()
    except FileExistsError:
        raise FileExistsError(f"{dest} exists: compaction writes a new file") from None
    work = dest.with_name(f".{dest.name}.compacting-{os.getpid()}")
    try:
        work.unlink(missing_ok=True)
        summary = _compact(src, work, before_run)
        os.replace(work, dest)
        return summary
    except BaseException as exc:
        work.unlink(missing_ok=True)
        dest.unlink(missing_ok=True)  # our own empty claim
        if isinstance(exc, sqlite3.Error):
            raise CompactionFailed(f"compaction failed, nothing written: {exc}") from exc
        raise


def copy_problem(conn: sqlite3.Connection) -> str | None:
    """Why a compacted copy may not replace the history, or None."""
    integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    if integrity != "ok":
        return f"the copy fails SQLite's integrity check ({integrity})"
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version != SCHEMA_VERSION:
        return f"the copy has schema version {version}, not {SCHEMA_VERSION}"
    return None


def _compact(src: Path, dest: Path, before_run: int | None) -> CompactSummary:
    conn = sqlite3.connect(src)
    try:
        migrate(conn)
        conn.execute("VACUUM INTO ?", (str(dest),))
    finally:
        conn.close()
    out = sqlite3.connect(dest, isolation_level=None)
    try:
        before = out.execute("SELECT count(*) FROM observation").fetchone()[0]
        out.execute("BEGIN IMMEDIATE")
        out.execute("DROP TRIGGER observation_no_delete")
        out.execute("DROP TRIGGER page_no_delete")
        doomed = _middles(out, before_run)
        out.executemany("DELETE FROM page WHERE observation_id = ?", [(i,) for i in doomed])
        out.executemany("DELETE FROM observation WHERE id = ?", [(i,) for i in doomed])
        for t in ("observation", "page"):
            out.execute(
                f"CREATE TRIGGER {t}_no_delete BEFORE DELETE ON {t} BEGIN "
                f"SELECT RAISE(ABORT, 'history is append-only: {t} rows are never deleted'); END"
            )
        out.execute("COMMIT")
        out.execute("VACUUM")
        after = out.execute("SELECT count(*) FROM observation").fetchone()[0]
        problem = copy_problem(out)
        if problem:
            raise CompactionFailed(f"compaction failed, nothing written: {problem}")
    finally:
        out.close()
    return CompactSummary(before, after, src.stat().st_size, dest.stat().st_size)


def _middles(conn: sqlite3.Connection, before_run: int | None) -> list[int]:
    """Observation ids strictly inside a stretch of identical observations of one URL."""
    conn.row_factory = sqlite3.Row
    pinned = {r[0] for r in conn.execute("SELECT observation_id FROM baseline")}
    limit = before_run if before_run is not None else 2**62
    doomed: list[int] = []
    rows = conn.execute(
        f"SELECT id, url, run_id, {', '.join(_SAME)} FROM observation ORDER BY url, id"  # noqa: S608
    )
    stretch: list[sqlite3.Row] = []

    def close() -> None:
        doomed.extend(r["id"] for r in stretch[1:-1] if r["id"] not in pinned)

    for r in rows:
        same = (
            stretch
            and stretch[-1]["url"] == r["url"]
            and all(stretch[-1][k] == r[k] for k in _SAME)
        )
        if same and r["verdict"] == "ok" and r["run_id"] < limit:
            stretch.append(r)
            continue
        close()
        stretch = [r]
    close()
    return doomed
