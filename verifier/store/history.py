"""The history store: every run, observation, citation and check, appended, never rewritten.

One writer thread owns the only write connection and commits in small batches, so the crawl's
event loop never waits on SQLite and a killed run keeps everything committed before the kill.
Reads use their own connection (WAL lets them run beside the writer).
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import sqlite3
import threading
import zlib
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from verifier import __version__
from verifier.models import (
    ArchivedCopy,
    Check,
    CheckName,
    Citation,
    CitationResult,
    Fingerprint,
    HistoryPoint,
    HostFigures,
    InputError,
    Matches,
    Observation,
    Outcome,
    ReportMeta,
    RunStatus,
    Verdict,
)
from verifier.store.lock import RunLock
from verifier.store.rows import (
    checks_from_json,
    checks_json,
    citation_from_json,
    citation_from_row,
    citation_json,
    loads,
    observation_columns,
    observation_from_row,
    page_texts,
)
from verifier.store.schema import migrate

_Op = Callable[[sqlite3.Connection], None]
_STOP = object()
# How many queued writes go into one transaction at most.
_BATCH = 200


# Columns of an observation row that observation_columns does not write (schema < 4 ones),
# with the values the database gives them: a row as written reads as the row read back.
_DEFAULTS = {"request_headers": "[]", "response_headers": "[]", "fingerprint": None}


def utcnow() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=30000")
    return conn


@dataclass(frozen=True, slots=True)
class RunSummary:
    """What a run recorded about itself when it ended (JSON in run_end.summary)."""

    citations: int = 0
    documents: int = 0
    failing_documents: int = 0
    failing_citations: int = 0
    input_errors: int = 0
    reports: tuple[str, ...] = ()
    errors: tuple[InputError, ...] = ()
    fail_after: int = 1
    note: str | None = None
    hosts: tuple[HostFigures, ...] = ()

    def to_json(self) -> str:
        d = asdict(self)
        d["errors"] = [[e.path, e.message] for e in self.errors]
        return json.dumps(d, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str | None) -> RunSummary:
        d = json.loads(text or "{}")
        known = {k: v for k, v in d.items() if k in cls.__dataclass_fields__}
        known["reports"] = tuple(known.get("reports", ()))
        known["errors"] = tuple(InputError(p, m) for p, m in known.get("errors", ()))
        known["hosts"] = tuple(HostFigures(**h) for h in known.get("hosts", ()))
        return cls(**known)

    def counts(self) -> dict[str, int]:
        return {
            "citations": self.citations,
            "documents": self.documents,
            "failing_documents": self.failing_documents,
            "failing_citations": self.failing_citations,
            "input_errors": self.input_errors,
        }


@dataclass(frozen=True, slots=True)
class RunInfo:
    id: int
    started_at: str
    finished_at: str | None
    status: RunStatus
    summary: RunSummary
    argv: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TimelinePoint:
    """One observation of a URL without its fingerprint: what a strip of runs needs, cheap to
    read for every document over many runs."""

    url: str
    run_id: int
    observation_id: int
    observed_at: str
    verdict: Verdict
    reason: str
    sha256: str | None
    not_modified: bool
    final_url: str | None
    fetched_url: str | None = None


@dataclass(frozen=True, slots=True)
class UrlHistory:
    """What a run's report shows of one URL's past, read for every URL of the run at once."""

    previous_id: int | None  # the newest observation before the run (`last_observation`)
    first_content_id: int | None  # `first_content_id` up to the run
    points: tuple[HistoryPoint, ...]  # `recent_points` up to the run, oldest first
    streak: tuple[int, str | None] | None  # `failure_streak`, None when longer than the points


@dataclass(frozen=True, slots=True)
class CitationStatus:
    """Whether one citation (report, criterion, URL) had a failing check in one run."""

    run_id: int
    report: str
    criterion: str | None
    url: str
    evidence: bool
    failing: bool


# An observation that can be a citation's audit baseline: ok, with content and a fingerprint.
# Unqualified, so it reads the innermost table of a correlated subquery too.
_FIRST_CONTENT = (
    "verdict = 'ok' AND sha256 IS NOT NULL "
    "AND (fingerprint_id IS NOT NULL OR fingerprint IS NOT NULL)"
)


def _streak(newest_first: Iterable[tuple[str, str]]) -> tuple[int, str | None, bool]:
    """From (verdict, observed_at) newest first: how many in a row were not ok, since when,
    and whether an ok one ended the streak (else it may go on past what was read)."""
    count, since = 0, None
    for verdict, at in newest_first:
        if verdict == "ok":
            return count, since, True
        count, since = count + 1, at
    return count, since, False


def _inflate(data: bytes) -> str:
    """A stored value's text (values are zlib-compressed UTF-8)."""
    return zlib.decompress(data).decode()


class HistoryStore:
    """Open with `HistoryStore.open(path)`; use as a context manager so it is always closed."""

    def __init__(self, path: Path, lock: RunLock | None) -> None:
        self.path = path
        self._lock = lock
        self._read = _connect(path)
        self._write = _connect(path)
        self._queue: queue.Queue[Any] = queue.Queue()
        self._error: BaseException | None = None
        self._legacy_pages: bool | None = None  # whether the `page` table of schema < 4 has rows
        self._interned: dict[bytes, int] = {}  # writer thread only: digest -> value id
        self._values: dict[int, str] = {}  # values never change, so reads cache them
        self._fingerprints: dict[int, Fingerprint] = {}  # and their decoded fingerprints
        # The observations this store wrote, decoded from the columns written (rows never
        # change): a run's result is assembled from them without decoding its rows again.
        self._recorded: dict[int, Observation] = {}
        self._uncommitted: list[tuple[Observation, int | None, Fingerprint | None]] = []
        self._ordinal: dict[int, int] = {}  # next citation ordinal per run
        self._started: dict[int, str] = {}  # run id -> started_at
        self._thread = threading.Thread(target=self._writer, name="history-writer", daemon=True)
        self._thread.start()

    @classmethod
    def open(cls, path: str | Path, *, lock_wait_s: float = 0.0, readonly: bool = False):
        p = Path(path)
        p.parent.mkdir(parents=True, exist_ok=True)
        lock = None
        if not readonly:
            lock = RunLock(p)
            lock.acquire(lock_wait_s)
        try:
            conn = _connect(p)
            try:
                migrate(conn)
            finally:
                conn.close()
            return cls(p, lock)
        except BaseException:
            if lock:
                lock.release()
            raise

    # --- writing ---------------------------------------------------------------------------

    def _writer(self) -> None:
        while True:
            item = self._queue.get()
            batch = [item]
            while item is not _STOP and len(batch) < _BATCH:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                batch.append(item)
            ops = [op for op in batch if op is not _STOP]
            if ops and self._error is None:
                try:
                    self._write.execute("BEGIN IMMEDIATE")
                    for op in ops:
                        op(self._write)
                    self._write.execute("COMMIT")
                    self._publish()
                except BaseException as exc:  # kept and re-raised to the caller at flush()
                    self._error = exc
                    self._uncommitted.clear()  # their ids were rolled back
                    if self._write.in_transaction:
                        self._write.execute("ROLLBACK")
            for _ in batch:
                self._queue.task_done()
            if _STOP in batch:
                return

    def _publish(self) -> None:
        """Committed: the observations decoded by the writer are what a read would decode."""
        for obs, fp_id, fp in self._uncommitted:
            if fp_id is not None and fp is not None:
                self._fingerprints.setdefault(fp_id, fp)
            if obs.id is not None:  # always: decoded from a row with its id
                self._recorded[obs.id] = obs
        self._uncommitted.clear()

    def _submit(self, op: _Op) -> None:
        if self._error is not None:
            raise self._error
        self._queue.put(op)

    def flush(self) -> None:
        """Wait until every queued write is committed; raise the first write error, if any."""
        self._queue.join()
        if self._error is not None:
            raise self._error

    def check_writable(self) -> None:
        """Raise sqlite3.OperationalError when the database cannot be written."""
        self.flush()
        self._write.execute("BEGIN IMMEDIATE")
        self._write.execute("ROLLBACK")

    def start_run(self, argv: list[str] | None = None) -> int:
        """A new run. Runs left without an end (killed) are closed as `incomplete` first: we
        hold the lock, so they are not running."""
        self.flush()
        now = utcnow()
        cur = self._write.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            cur.execute(
                "INSERT INTO run_end(run_id, finished_at, status, summary) "
                "SELECT id, ?, 'incomplete', '{\"note\": \"run ended without finishing\"}' "
                "FROM run WHERE id NOT IN (SELECT run_id FROM run_end)",
                (now,),
            )
            cur.execute(
                "INSERT INTO run(started_at, tool_version, argv, pid) VALUES (?, ?, ?, ?)",
                (now, __version__, json.dumps(argv or []), os.getpid()),
            )
            run_id = int(cur.lastrowid or 0)
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        return run_id

    def _intern(self, conn: sqlite3.Connection, text: str, digest: bytes | None = None) -> int:
        """The id of `text` in the value table, writing it (compressed) the first time."""
        digest = digest or hashlib.sha256(text.encode()).digest()
        found = self._interned.get(digest)
        if found is not None:
            return found
        # Looked up before compressing: a run over unchanged documents finds every page text
        # stored by an earlier process (compressing them again was most of its writer's time).
        row = conn.execute("SELECT id FROM value WHERE digest = ?", (digest,)).fetchone()
        if row is None:  # the write lock is held: nobody else can insert it meanwhile
            cur = conn.execute(
                "INSERT INTO value(digest, data) VALUES (?, ?)",
                (digest, zlib.compress(text.encode(), 6)),
            )
            row = (cur.lastrowid,)
        vid = self._interned[digest] = int(row[0])
        return vid

    def _fingerprint(self, vid: int) -> Fingerprint:
        """A fingerprint value decoded once: a document unchanged for a year is one value, read
        by every run's report. Shared, so never changed: it is frozen, and its metadata dict is
        copied by to_dict and written nowhere else."""
        fp = self._fingerprints.get(vid)
        if fp is None:
            fp = self._fingerprints[vid] = Fingerprint.from_dict(loads(self._lookup(vid)))
        return fp

    def _lookup(self, vid: int) -> str:
        text = self._values.get(vid)
        if text is None:
            (data,) = self._read.execute("SELECT data FROM value WHERE id = ?", (vid,)).fetchone()
            text = self._values[vid] = _inflate(data)
        return text

    def record_observation(
        self, run_id: int, obs: Observation, *, fingerprint_of: Observation | None = None
    ) -> None:
        """`fingerprint_of`: an earlier observation, decoded by this store, whose fingerprint
        this one's is (its page texts loaded from the history): the row refers to that value,
        and neither it nor the page texts are serialised and looked up again (an unchanged
        document costs its row, not its pages)."""
        kept = fingerprint_of if fingerprint_of and fingerprint_of.fingerprint else None

        def op(conn: sqlite3.Connection) -> None:
            fp_id: int | None = None
            if kept is not None and kept.id is not None:
                found = conn.execute(
                    "SELECT fingerprint_id FROM observation WHERE id = ?", (kept.id,)
                ).fetchone()
                fp_id = found[0] if found else None  # None: a row of schema < 4 (inline)
            by_reference = fp_id is not None
            if fp_id is None:
                for text_sha256, text in page_texts(obs):  # each distinct page text kept once
                    self._intern(conn, text, bytes.fromhex(text_sha256))
            written: dict[int, str] = {}

            def intern(text: str) -> int:
                vid = self._intern(conn, text)
                written[vid] = text
                return vid

            cols = observation_columns(obs, intern, fingerprint_id=fp_id)
            names = ["run_id", *cols]
            cur = conn.execute(
                f"INSERT INTO observation({', '.join(names)}) "  # noqa: S608 - column names are ours
                f"VALUES ({', '.join('?' * len(names))})",
                [run_id, *cols.values()],
            )
            # Decoded here, beside the crawl, by the function that reads rows back, from the
            # values just written: the run's result then needs no decoding of its own rows.
            # Never at the cost of the write: one that fails is decoded from its row later.
            try:
                fp_id = cols["fingerprint_id"]
                fp = kept.fingerprint if kept is not None and by_reference else None
                if fp is None and fp_id is not None:
                    fp = self._fingerprints.get(fp_id) or Fingerprint.from_dict(
                        loads(written[fp_id])
                    )
                row = {**_DEFAULTS, **cols, "run_id": run_id, "id": cur.lastrowid}
                decoded = observation_from_row(row, written.__getitem__, lambda _vid: fp)
            except Exception:  # a shortcut, not the record: the row is read back instead
                return
            self._uncommitted.append((decoded, fp_id, fp))

        self._submit(op)

    def record_citation(
        self, run_id: int, c: Citation, checks: Sequence[Check] = (), *, ordinal: int | None = None
    ) -> None:
        """A citation of the run with its checks (two value ids: unchanged runs add ~20 B);
        `ordinal` is its place in the run (by default the next one)."""
        if ordinal is None:
            ordinal = self._ordinal.get(run_id, 0)
        self._ordinal[run_id] = max(self._ordinal.get(run_id, 0), ordinal + 1)
        cited, checked = citation_json(c), checks_json(list(checks))

        def op(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO run_citation(run_id, ordinal, citation_id, checks_id) "
                "VALUES (?, ?, ?, ?)",
                (run_id, ordinal, self._intern(conn, cited), self._intern(conn, checked)),
            )

        self._submit(op)

    def record_archived_copy(
        self, run_id: int, url: str, copy: ArchivedCopy | None, note: str | None
    ) -> None:
        """What the archive lookup found for a document that is not ok (or why it found none)."""
        found = json.dumps({"copy": copy.to_dict() if copy else None, "note": note})

        def op(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT OR IGNORE INTO archived_copy(run_id, url, lookup_id) VALUES (?, ?, ?)",
                (run_id, url, self._intern(conn, found)),
            )

        self._submit(op)

    def record_saved_capture(self, run_id: int, url: str, result: dict[str, str | None]) -> None:
        """A Save Page Now request for an ok document of `run_id`: its capture time or note."""
        saved = json.dumps(result, sort_keys=True)
        now = utcnow()

        def op(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO saved_capture(run_id, url, saved_at, result_id) VALUES (?, ?, ?, ?)",
                (run_id, url, now, self._intern(conn, saved)),
            )

        self._submit(op)

    def record_report_meta(self, run_id: int, report: str, meta: ReportMeta) -> None:
        """What one report of the run states about itself (one interned value per report)."""
        stated = json.dumps(meta.to_dict(), sort_keys=True, ensure_ascii=False)

        def op(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT OR IGNORE INTO report_meta(run_id, report, meta_id) VALUES (?, ?, ?)",
                (run_id, report, self._intern(conn, stated)),
            )

        self._submit(op)

    def report_metas(self, run_id: int) -> dict[str, ReportMeta]:
        """The reports' metadata recorded with the run (none for runs before schema 5)."""
        rows = self._rows("SELECT report, meta_id FROM report_meta WHERE run_id = ?", (run_id,))
        return {r["report"]: ReportMeta.from_dict(loads(self._lookup(r["meta_id"]))) for r in rows}

    def archived_copies(self, run_id: int) -> dict[str, tuple[ArchivedCopy | None, str | None]]:
        rows = self._rows("SELECT url, lookup_id FROM archived_copy WHERE run_id = ?", (run_id,))
        out: dict[str, tuple[ArchivedCopy | None, str | None]] = {}
        for r in rows:
            d = loads(self._lookup(r["lookup_id"]))
            c = d["copy"]
            copy = ArchivedCopy(c["url"], c["captured_at"], Matches(c["matches"])) if c else None
            out[r["url"]] = (copy, d["note"])
        return out

    def finish_run(
        self,
        run_id: int,
        status: RunStatus,
        summary: RunSummary | None = None,
        *,
        unless_ended: bool = False,
    ) -> None:
        """End a run. `unless_ended`: only if no end was recorded (or queued) before, as when a
        signal lands while a run's end is being committed."""
        summary_json = (summary or RunSummary()).to_json()
        verb = "INSERT OR IGNORE" if unless_ended else "INSERT"  # run_id is run_end's key

        def op(conn: sqlite3.Connection) -> None:
            conn.execute(
                f"{verb} INTO run_end(run_id, finished_at, status, summary) VALUES (?, ?, ?, ?)",
                (run_id, utcnow(), status, summary_json),
            )

        self._submit(op)
        self.flush()

    def pin_baseline(
        self, report: str, criterion: str | None, url: str, observation_id: int
    ) -> None:
        def op(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO baseline(pinned_at, report, criterion, url, observation_id) "
                "VALUES (?, ?, ?, ?, ?)",
                (utcnow(), report, criterion, url, observation_id),
            )

        self._submit(op)

    def close(self) -> None:
        if self._thread.is_alive():
            self._queue.put(_STOP)
            self._thread.join()
        self._read.close()
        self._write.close()
        if self._lock:
            self._lock.release()
            self._lock = None
        if self._error is not None:
            err, self._error = self._error, None
            raise err

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- reading ---------------------------------------------------------------------------

    def _rows(
        self, sql: str, args: tuple[Any, ...] = (), *, wait_for_writes: bool = True
    ) -> list[sqlite3.Row]:
        """Rows from the read connection; by default after this run's queued writes commit."""
        if wait_for_writes:
            self.flush()
        return self._read.execute(sql, args).fetchall()

    def _observations(self, sql: str, args: tuple[Any, ...], **kw: Any) -> list[Observation]:
        return [self._decoded(r) for r in self._rows(sql, args, **kw)]

    def _decoded(self, row: sqlite3.Row) -> Observation:
        """An observation row, as this store's writer decoded it or decoded now."""
        found = self._recorded.get(row["id"])
        return (
            found
            if found is not None
            else observation_from_row(row, self._lookup, self._fingerprint)
        )

    def _observation(self, sql: str, args: tuple[Any, ...], **kw: Any) -> Observation | None:
        found = self._observations(sql, args, **kw)
        return found[0] if found else None

    def last_observation(self, url: str, *, before_run: int | None = None) -> Observation | None:
        return self._observation(
            "SELECT * FROM observation WHERE url = ? AND run_id < ? ORDER BY id DESC LIMIT 1",
            (url, before_run if before_run is not None else 2**62),
        )

    def last_content(
        self, url: str, *, before_run: int | None = None, wait_for_writes: bool = True
    ) -> Observation | None:
        """The newest observation that has content (ok or served 304 for known content)."""
        return self._observation(
            "SELECT * FROM observation WHERE url = ? AND run_id < ? AND sha256 IS NOT NULL "
            "ORDER BY id DESC LIMIT 1",
            (url, before_run if before_run is not None else 2**62),
            wait_for_writes=wait_for_writes,
        )

    def original_capture(self, url: str, sha256: str) -> Observation | None:
        """The first observation that downloaded this content (not a 304) for this URL."""
        return self._observation(
            "SELECT * FROM observation WHERE url = ? AND sha256 = ? AND not_modified = 0 "
            "ORDER BY id LIMIT 1",
            (url, sha256),
        )

    def first_content(self, url: str, *, upto_run: int | None = None) -> Observation | None:
        """The first ok observation with content: the audit baseline when none is pinned."""
        found = self.first_content_id(url, upto_run=upto_run)
        return None if found is None else self.observation(found)

    def first_content_id(self, url: str, *, upto_run: int | None = None) -> int | None:
        """The id of `first_content`: a caller holding that observation already need not
        decode it again (on a first run every baseline is the run's own observation)."""
        rows = self._rows(
            f"SELECT id FROM observation WHERE url = ? AND {_FIRST_CONTENT} AND run_id <= ? "  # noqa: S608
            "ORDER BY id LIMIT 1",
            (url, upto_run if upto_run is not None else 2**62),
        )
        return rows[0]["id"] if rows else None

    def observation(self, observation_id: int) -> Observation | None:
        return self._observation("SELECT * FROM observation WHERE id = ?", (observation_id,))

    def failure_streak(self, url: str, *, upto_run: int | None = None) -> tuple[int, str | None]:
        """How many consecutive observations (newest first) were not ok, and since when."""
        rows = self._rows(
            "SELECT verdict, observed_at FROM observation WHERE url = ? AND run_id <= ? "
            "ORDER BY id DESC",
            (url, upto_run if upto_run is not None else 2**62),
        )
        count, since, _ = _streak((r["verdict"], r["observed_at"]) for r in rows)
        return count, since

    def observations(self, run_id: int) -> list[Observation]:
        return self._observations(
            "SELECT * FROM observation WHERE run_id = ? ORDER BY id", (run_id,)
        )

    def history(self, url: str, *, upto_run: int | None = None) -> list[Observation]:
        return self._observations(
            "SELECT * FROM observation WHERE url = ? AND run_id <= ? ORDER BY id",
            (url, upto_run if upto_run is not None else 2**62),
        )

    def recent_points(self, url: str, *, upto_run: int, limit: int) -> list[HistoryPoint]:
        """The last `limit` verdicts of a URL up to a run, oldest first (no fingerprints read)."""
        rows = self._rows(
            "SELECT run_id, observed_at, verdict FROM observation WHERE url = ? AND run_id <= ? "
            "ORDER BY id DESC LIMIT ?",
            (url, upto_run, limit),
        )
        return [HistoryPoint(r["run_id"], r["observed_at"], Verdict(r["verdict"]))
                for r in reversed(rows)]  # fmt: skip

    def url_histories(self, run_id: int, *, limit: int) -> dict[str, UrlHistory]:
        """`last_observation`, `first_content_id`, `recent_points` and `failure_streak` of
        every URL the run observed, in one statement (each part an indexed lookup), not three
        or four queries per URL: assembling a run's result asked 8,000 for 2,000 documents."""
        rows = self._rows(
            "SELECT o.url, "  # noqa: S608 - the one interpolation is _FIRST_CONTENT, ours
            "(SELECT p.id FROM observation p WHERE p.url = o.url AND p.run_id < :run "
            " ORDER BY p.id DESC LIMIT 1) AS previous_id, "
            f"(SELECT f.id FROM observation f WHERE f.url = o.url AND {_FIRST_CONTENT} "
            " AND f.run_id <= :run ORDER BY f.id LIMIT 1) AS first_id, "
            "(SELECT group_concat(q.id || char(31) || q.run_id || char(31) || q.observed_at || "
            " char(31) || q.verdict, char(30)) "
            " FROM (SELECT id, run_id, observed_at, verdict FROM observation r "
            "  WHERE r.url = o.url AND r.run_id <= :run ORDER BY r.id DESC LIMIT :limit) q"
            ") AS points "
            "FROM observation o WHERE o.run_id = :run",
            {"run": run_id, "limit": limit},
        )
        out: dict[str, UrlHistory] = {}
        for r in rows:
            # id, run, time, verdict: fields split by US, points by RS (control characters no
            # timestamp holds; no JSON1 needed), ordered here by id, as group_concat's order
            # is not SQL's promise.
            points_read = (p.split("\x1f") for p in (r["points"] or "").split("\x1e") if p)
            newest_first = sorted(((int(i), int(run), at, v) for i, run, at, v in points_read),
                                  reverse=True)  # fmt: skip
            count, since, ended = _streak((v, at) for _, _, at, v in newest_first)
            # Known when an ok one ended it, or when every observation there is was read.
            streak = (count, since) if ended or len(newest_first) < limit else None
            points = tuple(HistoryPoint(run, at, Verdict(v))
                           for _, run, at, v in reversed(newest_first))  # fmt: skip
            out[r["url"]] = UrlHistory(r["previous_id"], r["first_id"], points, streak)
        return out

    def observations_by_id(self, ids: Sequence[int]) -> dict[int, Observation]:
        """Observations by id, a few hundred to a query."""
        rows = self._in_chunks("SELECT * FROM observation WHERE id IN ({marks})",
                               list(dict.fromkeys(ids)))  # fmt: skip
        decoded = (self._decoded(r) for r in rows)
        return {obs.id: obs for obs in decoded if obs.id is not None}

    def pinned(self, *, upto_run: int) -> set[tuple[str, str | None, str]]:
        """The citations (report, criterion, url) with a baseline pinned before the run
        started: only these need `baseline`; the others take their first content."""
        before = self._started_at(upto_run) or "9999"
        rows = self._rows(
            "SELECT DISTINCT report, criterion, url FROM baseline WHERE pinned_at <= ?", (before,)
        )
        return {(r["report"], r["criterion"], r["url"]) for r in rows}

    def fingerprint_of(self, observation_id: int) -> Fingerprint | None:
        obs = self._observation("SELECT * FROM observation WHERE id = ?", (observation_id,))
        return obs.fingerprint if obs else None

    def page_texts(self, observation_id: int, *, wait_for_writes: bool = True) -> dict[int, str]:
        """Page texts of an observation by page index. wait_for_writes=False for an observation
        of an earlier run (committed already), so a caller on the event loop never waits."""
        obs = self._observation(
            "SELECT * FROM observation WHERE id = ?", (observation_id,),
            wait_for_writes=wait_for_writes,
        )  # fmt: skip
        return self.texts_of(obs) if obs is not None else {}

    def texts_of(self, obs: Observation) -> dict[int, str]:
        """Page texts of an observation already read (of an earlier run: committed), by page
        index: one query for its pages' values."""
        if obs.fingerprint is None or obs.id is None:
            return {}
        if self._legacy_pages is None:  # rows of schema versions before 4, or none at all
            self._legacy_pages = bool(self._read.execute("SELECT 1 FROM page LIMIT 1").fetchone())
        if self._legacy_pages:
            rows = self._rows(
                "SELECT p.page_index, t.text FROM page p "
                "JOIN page_text t ON t.sha256 = p.text_sha256 WHERE p.observation_id = ?",
                (obs.id,),
                wait_for_writes=False,
            )
            if rows:
                return {r["page_index"]: r["text"] for r in rows}
        pages = obs.fingerprint.pages
        found = self.texts_by_digest([p.text_sha256 for p in pages], wait_for_writes=False)
        return {p.index: found.get(p.text_sha256, "") for p in pages}

    def texts_by_digest(
        self, digests: Collection[str], *, wait_for_writes: bool = True
    ) -> dict[str, str]:
        """Page texts by their SHA-256 (hex), those the history holds: a stored fingerprint's
        texts, or those a comparison needs (verifier/drift/likeness.py)."""
        wanted = list(dict.fromkeys(digests))
        keys = [bytes.fromhex(d) for d in wanted]
        sql = "SELECT digest, data FROM value WHERE digest IN ({marks})"
        rows = self._in_chunks(sql, keys, wait_for_writes=wait_for_writes)
        out = {r["digest"].hex(): _inflate(r["data"]) for r in rows}
        missing = [d for d in wanted if d not in out]
        if missing:  # rows of schema versions before 4 keep their texts in page_text
            sql = "SELECT sha256, text FROM page_text WHERE sha256 IN ({marks})"
            rows = self._in_chunks(sql, missing, wait_for_writes=False)
            out.update({r["sha256"]: r["text"] for r in rows})
        return out

    def simhashes_by_digest(self, digests: Collection[str]) -> dict[str, str]:
        """Similarity hashes computed after reading, by the SHA-256 (hex) of the text hashed."""
        keys = [bytes.fromhex(d) for d in dict.fromkeys(digests)]
        rows = self._in_chunks(
            "SELECT digest, simhash FROM simhash WHERE digest IN ({marks})", keys
        )
        return {r["digest"].hex(): r["simhash"] for r in rows}

    def _in_chunks(
        self, sql: str, keys: Sequence[Any], *, wait_for_writes: bool = True
    ) -> list[sqlite3.Row]:
        """`sql`, whose `{marks}` stands for an IN list, over `keys` 500 at a time: SQLite
        bounds the parameters of one statement."""
        rows: list[sqlite3.Row] = []
        for i in range(0, len(keys), 500):
            chunk = tuple(keys[i : i + 500])
            statement = sql.format(marks=", ".join("?" * len(chunk)))
            rows += self._rows(statement, chunk, wait_for_writes=wait_for_writes)
        return rows

    def remember_simhashes(self, by_digest: dict[str, str]) -> None:
        """Keep computed similarity hashes (a text's hash never changes: the first one stays).
        Not from a store opened read-only: computed again there next time."""
        if self._lock is None or not by_digest:
            return
        rows = [(bytes.fromhex(d), h) for d, h in by_digest.items() if h]

        def op(conn: sqlite3.Connection) -> None:
            conn.executemany("INSERT OR IGNORE INTO simhash(digest, simhash) VALUES (?, ?)", rows)

        self._submit(op)

    def baseline(
        self, report: str, criterion: str | None, url: str, *, upto_run: int | None = None
    ) -> Observation | None:
        """The pinned baseline of a citation (as pinned before `upto_run` started, if given)."""
        before = "9999"
        if upto_run is not None:
            before = self._started_at(upto_run) or before
        return self._observation(
            "SELECT o.* FROM baseline b JOIN observation o ON o.id = b.observation_id "
            "WHERE b.report = ? AND b.criterion IS ? AND b.url = ? AND b.pinned_at <= ? "
            "ORDER BY b.id DESC LIMIT 1",
            (report, criterion, url, before),
        )

    def citations(self, run_id: int) -> list[tuple[Citation, tuple[Check, ...]]]:
        """The run's citations in the order recorded, each with its checks."""
        # One query with the values joined, not two lookups per citation (8,000 queries for a
        # run of 4,000 citations); a check set repeats across citations and is decoded once.
        rows = self._rows(
            "SELECT r.citation_id, c.data AS citation, r.checks_id, k.data AS checks "
            "FROM run_citation r LEFT JOIN value c ON c.id = r.citation_id "
            "LEFT JOIN value k ON k.id = r.checks_id WHERE r.run_id = ? ORDER BY r.ordinal",
            (run_id,),
        )
        if not rows:
            return self._citations_v3(run_id)
        check_sets: dict[int, tuple[Check, ...]] = {}
        out = []
        for r in rows:
            checks = check_sets.get(r["checks_id"])
            if checks is None:
                text = self._value(r["checks_id"], r["checks"])
                checks = check_sets[r["checks_id"]] = checks_from_json(text)
            out.append((citation_from_json(self._value(r["citation_id"], r["citation"])), checks))
        return out

    def _value(self, vid: int, data: bytes | None) -> str:
        """A value read with its row (joined); a missing one fails as `_lookup` does."""
        return _inflate(data) if data is not None else self._lookup(vid)

    def _citations_v3(self, run_id: int) -> list[tuple[Citation, tuple[Check, ...]]]:
        cites = self._rows("SELECT * FROM citation WHERE run_id = ? ORDER BY id", (run_id,))
        checks: dict[int, list[Check]] = {}
        for k in self._rows(
            "SELECT k.citation_id, k.name, k.outcome, k.detail FROM check_result k "
            "JOIN citation c ON c.id = k.citation_id WHERE c.run_id = ? ORDER BY k.rowid",
            (run_id,),
        ):
            checks.setdefault(k["citation_id"], []).append(
                Check(CheckName(k["name"]), Outcome(k["outcome"]), k["detail"])
            )
        return [(citation_from_row(c), tuple(checks.get(c["id"], ()))) for c in cites]

    def _started_at(self, run_id: int) -> str | None:
        """When a run started (it never changes: kept, as a report asks once per citation)."""
        if run_id not in self._started:
            rows = self._rows("SELECT started_at FROM run WHERE id = ?", (run_id,))
            if not rows:
                return None
            self._started[run_id] = rows[0]["started_at"]
        return self._started[run_id]

    def run_info(self, run_id: int) -> RunInfo | None:
        found = self._run_infos("WHERE r.id = ?", (run_id,))
        return found[0] if found else None

    def runs(self, limit: int = 20) -> list[RunInfo]:
        return self._run_infos("ORDER BY r.id DESC LIMIT ?", (limit,))

    def _run_infos(self, where: str, args: tuple[Any, ...]) -> list[RunInfo]:
        sql = (
            "SELECT r.id, r.started_at, r.argv, e.finished_at, e.status, e.summary FROM run r "
            "LEFT JOIN run_end e ON e.run_id = r.id "
        )
        rows = self._rows(sql + where, args)
        return [
            RunInfo(
                r["id"],
                r["started_at"],
                r["finished_at"],
                RunStatus(r["status"] or "running"),
                RunSummary.from_json(r["summary"]),
                tuple(json.loads(r["argv"] or "[]")),
            )
            for r in rows
        ]

    def _status_rows(self, since_run: int, *, complete_only: bool = False) -> list[CitationStatus]:
        """Each citation of each run from `since_run` on, and whether a check of it failed,
        from rows of every schema version (values decoded once per distinct value)."""
        out: list[CitationStatus] = []
        failing: dict[int, bool] = {}
        rows = self._rows(
            "SELECT rc.run_id, rc.citation_id, rc.checks_id, e.status FROM run_citation rc "
            "LEFT JOIN run_end e ON e.run_id = rc.run_id "
            "WHERE rc.run_id >= ? ORDER BY rc.run_id, rc.ordinal",
            (since_run,),
        )
        rows = [r for r in rows if not complete_only or r["status"] == "complete"]
        for r in rows:
            c = citation_from_json(self._lookup(r["citation_id"]))
            if r["checks_id"] not in failing:  # one decision per distinct set of checks
                checks = checks_from_json(self._lookup(r["checks_id"]))
                failing[r["checks_id"]] = CitationResult(c, None, checks).failing
            out.append(CitationStatus(r["run_id"], c.report, c.criterion, c.url, c.evidence,
                                      failing[r["checks_id"]]))  # fmt: skip
        old_runs = self._rows(  # schema versions before 4
            "SELECT DISTINCT c.run_id, e.status FROM citation c "
            "LEFT JOIN run_end e ON e.run_id = c.run_id WHERE c.run_id >= ?",
            (since_run,),
        )
        for run in old_runs:
            if complete_only and run["status"] != "complete":
                continue
            for c, checks in self._citations_v3(run["run_id"]):
                out.append(CitationStatus(run["run_id"], c.report, c.criterion, c.url, c.evidence,
                                          CitationResult(c, None, checks).failing))  # fmt: skip
        out.sort(key=lambda x: x.run_id)
        return out

    def latest_runs_by_report(self) -> dict[str, int]:
        """Every report checked by a complete run, with the last such run (an interrupted run
        holds only part of a report's citations)."""
        latest: dict[str, int] = {}
        for st in self._status_rows(0, complete_only=True):
            latest[st.report] = max(latest.get(st.report, 0), st.run_id)
        return latest

    def timeline(self, *, since_run: int = 0) -> list[TimelinePoint]:
        """Every observation from `since_run` on, oldest first, without fingerprints."""
        rows = self._rows(
            "SELECT id, url, run_id, observed_at, verdict, reason, sha256, not_modified, "
            "final_url, fetched_url, http_status, headers_id FROM observation "
            "WHERE run_id >= ? ORDER BY id",
            (since_run,),
        )
        out = []
        for r in rows:
            fetched = r["fetched_url"] or r["url"]
            final = r["final_url"]
            if final is None and r["headers_id"] is not None and r["http_status"] is not None:
                final = fetched  # schema 4 leaves final_url out when nothing redirected
            out.append(TimelinePoint(
                r["url"], r["run_id"], r["id"], r["observed_at"], Verdict(r["verdict"]),
                r["reason"] or "", r["sha256"], bool(r["not_modified"]), final, fetched,
            ))  # fmt: skip
        return out

    def citation_statuses(self, *, since_run: int = 0) -> list[CitationStatus]:
        """Per run from `since_run` on, each citation and whether a check of it failed."""
        return self._status_rows(since_run)

    def integrity_ok(self) -> bool:
        return self._rows("PRAGMA integrity_check")[0][0] == "ok"
