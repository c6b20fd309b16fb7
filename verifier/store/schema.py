"""History store schema and its migrations.

Append-only by construction: triggers refuse UPDATE and DELETE on every history table, so no code
path (ours or a future one) can rewrite what was observed. A run ends by *adding* a `run_end` row;
a run without one was killed or is still going. Page texts are stored once per distinct text,
keyed by their SHA-256, so diffs and relocation checks can read what a page said at any time.
"""

from __future__ import annotations

import sqlite3

_TABLES = ("run", "run_end", "observation", "page", "page_text", "citation", "check_result",
           "baseline")  # fmt: skip


def _append_only(*tables: str) -> str:
    """Triggers refusing UPDATE and DELETE on each table: the history is never rewritten."""
    return "".join(
        f"""
    CREATE TRIGGER {t}_no_update BEFORE UPDATE ON {t}
        BEGIN SELECT RAISE(ABORT, 'history is append-only: {t} rows are never updated'); END;
    CREATE TRIGGER {t}_no_delete BEFORE DELETE ON {t}
        BEGIN SELECT RAISE(ABORT, 'history is append-only: {t} rows are never deleted'); END;
    """
        for t in tables
    )


MIGRATIONS: list[str] = [
    # 1: initial schema
    """
    CREATE TABLE run (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,            -- ISO-8601 UTC
        tool_version TEXT NOT NULL,
        argv TEXT NOT NULL DEFAULT '[]',     -- JSON
        pid INTEGER
    );
    CREATE TABLE run_end (
        run_id INTEGER PRIMARY KEY REFERENCES run(id),
        finished_at TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('complete', 'failed', 'interrupted', 'incomplete')),
        summary TEXT NOT NULL DEFAULT '{}'   -- JSON counts
    );
    CREATE TABLE observation (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES run(id),
        url TEXT NOT NULL,                   -- as cited
        fetched_url TEXT,
        final_url TEXT,
        observed_at TEXT NOT NULL,
        verdict TEXT NOT NULL,
        reason TEXT,
        http_status INTEGER,
        attempts INTEGER,
        redirects TEXT NOT NULL DEFAULT '[]',
        content_type TEXT,
        detected_type TEXT,
        etag TEXT,
        last_modified TEXT,
        not_modified INTEGER NOT NULL DEFAULT 0,  -- 1: a 304 answered a conditional request
        request_headers TEXT NOT NULL DEFAULT '[]',   -- JSON [[name, value], ...] as sent
        response_headers TEXT NOT NULL DEFAULT '[]',  -- JSON [[name, value], ...] as received
        http_version TEXT,
        sha256 TEXT,
        bytes INTEGER,
        elapsed_s REAL,
        text_sha256 TEXT,
        simhash TEXT,                        -- 64-bit hex: SQLite integers stop at 2^63
        page_count INTEGER,
        fingerprint TEXT                     -- JSON, without page texts
    );
    CREATE INDEX observation_url ON observation(url, id);
    CREATE INDEX observation_run ON observation(run_id);
    CREATE TABLE page_text (
        sha256 TEXT PRIMARY KEY,
        text TEXT NOT NULL
    );
    CREATE TABLE page (
        observation_id INTEGER NOT NULL REFERENCES observation(id),
        page_index INTEGER NOT NULL,         -- 1-based physical page
        label TEXT,
        text_sha256 TEXT NOT NULL REFERENCES page_text(sha256),
        simhash TEXT,
        PRIMARY KEY (observation_id, page_index)
    );
    CREATE TABLE citation (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES run(id),
        report TEXT NOT NULL,
        criterion TEXT,
        criterion_title TEXT,
        rating TEXT,
        url TEXT NOT NULL,
        label TEXT,
        pages TEXT NOT NULL DEFAULT '[]',
        evidence INTEGER NOT NULL,
        location TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX citation_run ON citation(run_id);
    CREATE INDEX citation_key ON citation(report, criterion, url);
    CREATE TABLE check_result (
        citation_id INTEGER NOT NULL REFERENCES citation(id),
        name TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('pass', 'fail', 'unverifiable')),
        detail TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX check_result_citation ON check_result(citation_id);
    CREATE TABLE baseline (
        id INTEGER PRIMARY KEY,
        pinned_at TEXT NOT NULL,
        report TEXT NOT NULL,
        criterion TEXT,
        url TEXT NOT NULL,
        observation_id INTEGER NOT NULL REFERENCES observation(id)
    );
    CREATE INDEX baseline_key ON baseline(report, criterion, url, id);
    """
    + _append_only(*_TABLES),
]

MIGRATIONS.append(
    # 2: the complete report of each run, so `verifier report` regenerates every format later
    """
    CREATE TABLE run_report (
        run_id INTEGER PRIMARY KEY REFERENCES run(id),
        report TEXT NOT NULL                 -- report.json as written
    );
    """
    + _append_only("run_report")
)

MIGRATIONS.append(
    # 3: a citation keeps everything extraction said of it, so a run's reports are rebuilt from
    # its records (run_report is no longer written: a whole report.json per run was most of the
    # database's growth)
    """
    ALTER TABLE citation ADD COLUMN cited_text TEXT NOT NULL DEFAULT '';
    ALTER TABLE citation ADD COLUMN notes TEXT NOT NULL DEFAULT '[]';
    """
)

MIGRATIONS.append(
    # 4: storage proportional to change. Every repeated value (a fingerprint, a page text, the
    # headers, a citation, a run's checks of it) is kept once in `value`, compressed, and rows
    # refer to it by id: an unchanged run adds a small observation row per document and a
    # 20-byte row per citation. Rows written before keep their own columns and read as before.
    """
    CREATE TABLE value (
        id INTEGER PRIMARY KEY,
        digest BLOB NOT NULL UNIQUE,         -- SHA-256 of the UTF-8 text
        data BLOB NOT NULL                   -- zlib-compressed UTF-8 text
    );
    ALTER TABLE observation ADD COLUMN fingerprint_id INTEGER REFERENCES value(id);
    ALTER TABLE observation ADD COLUMN headers_id INTEGER REFERENCES value(id);
    ALTER TABLE observation ADD COLUMN sha1 TEXT;  -- base32, to compare with web archives' digests
    CREATE TABLE archived_copy (
        run_id INTEGER NOT NULL REFERENCES run(id),
        url TEXT NOT NULL,
        lookup_id INTEGER NOT NULL REFERENCES value(id),  -- JSON {"copy": ..., "note": ...}
        PRIMARY KEY (run_id, url)
    ) WITHOUT ROWID;
    CREATE TABLE saved_capture (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES run(id),  -- the run whose ok documents were saved
        url TEXT NOT NULL,
        saved_at TEXT NOT NULL,
        result_id INTEGER NOT NULL REFERENCES value(id)  -- JSON of the Save Page Now result
    );
    CREATE TABLE run_citation (
        run_id INTEGER NOT NULL REFERENCES run(id),
        ordinal INTEGER NOT NULL,
        citation_id INTEGER NOT NULL REFERENCES value(id),  -- JSON of the citation
        checks_id INTEGER NOT NULL REFERENCES value(id),    -- JSON of its checks in this run
        PRIMARY KEY (run_id, ordinal)
    ) WITHOUT ROWID;
    """
    + _append_only("value", "run_citation", "archived_copy", "saved_capture")
)

MIGRATIONS.append(
    # 5: what each report of a run states about itself (its overview table: entity, standard,
    # audit dates...), so `verifier report` rebuilds the metadata and the checks that used it
    """
    CREATE TABLE report_meta (
        run_id INTEGER NOT NULL REFERENCES run(id),
        report TEXT NOT NULL,                               -- the report's identity
        meta_id INTEGER NOT NULL REFERENCES value(id),      -- JSON of its ReportMeta
        PRIMARY KEY (run_id, report)
    ) WITHOUT ROWID;
    """
    + _append_only("report_meta")
)

MIGRATIONS.append(
    # 6: similarity hashes computed after reading (verifier/drift/likeness.py), by the SHA-256 of
    # the normalised text they hash (a page's, or a document's whole text): a version read
    # without them is hashed once, when first compared, not again on every later run
    """
    CREATE TABLE simhash (
        digest BLOB PRIMARY KEY,             -- SHA-256 of the text
        simhash TEXT NOT NULL                -- 64-bit hex, as in fingerprints
    ) WITHOUT ROWID;
    """
    + _append_only("simhash")
)

SCHEMA_VERSION = len(MIGRATIONS)


class SchemaError(RuntimeError):
    """The database was written by a newer verifier, or is not a verifier database."""


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema to SCHEMA_VERSION, one transaction per step. Returns the version."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise SchemaError(
            f"database schema version {version} is newer than this verifier ({SCHEMA_VERSION})"
        )
    for step in range(version, SCHEMA_VERSION):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _split(MIGRATIONS[step]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {step + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return SCHEMA_VERSION


def _split(script: str) -> list[str]:
    """Statements of a migration script (triggers contain ';' inside BEGIN ... END)."""
    out: list[str] = []
    buf = ""
    for part in script.split(";"):
        buf += part + ";"
        if sqlite3.complete_statement(buf):
            if buf.strip(" \n;"):
                out.append(buf.strip())
            buf = ""
    return out
