"""Compaction keeps every change, version, failure and pinned observation, and drops only the
middles of unchanged ok stretches; a compacted run's report is still rebuilt."""

import sqlite3

import pytest

from tests.support.observations import observation
from verifier.assemble import load_run_result
from verifier.cli import main
from verifier.models import Check, CheckName, Citation, Location, Outcome
from verifier.store import HistoryStore

A, B = "https://x.org/a.pdf", "https://x.org/b.pdf"
V1, V2 = "1" * 64, "2" * 64


def _history(db):
    cite = Citation("r.txt", "1.2", "t", "Conformance", A, "ESG", (1,), True, Location(None, 3))
    with HistoryStore.open(db) as store:
        for run in range(1, 16):
            rid = store.start_run(["check"])
            assert rid == run
            sha = V1 if run <= 10 else V2
            store.record_observation(rid, observation(A, sha256=sha, http_status=200,
                                                      texts=(f"text {sha[0]}",)))  # fmt: skip
            verdict = "broken" if 3 <= run <= 6 else "ok"
            store.record_observation(rid, observation(B, verdict, sha256=V1 if verdict == "ok"
                                                      else None, http_status=200))  # fmt: skip
            store.record_citation(rid, cite, [Check(CheckName.REACHABLE, Outcome.PASS, "ok")])
            store.finish_run(rid, "complete")
        pinned = next(o for o in store.history(A) if o.run_id == 5)
        store.pin_baseline("r.txt", "1.2", A, pinned.id)
        store.flush()


def test_compact_keeps_changes_failures_and_pins(tmp_path, capsys):
    db, out = tmp_path / "h.sqlite", tmp_path / "small.sqlite"
    _history(db)
    assert main(["compact", "--db", str(db), "--out", str(out)]) == 0
    assert "30 -> " in capsys.readouterr().out
    with HistoryStore.open(out, readonly=True) as store:
        assert store.integrity_ok()
        assert [o.run_id for o in store.history(A)] == [1, 5, 10, 11, 15]  # 5 is pinned
        runs_b = [o.run_id for o in store.history(B)]
        assert runs_b == [1, 2, 3, 4, 5, 6, 7, 15]  # every failure kept; the ok stretch's ends
        assert store.failure_streak(B, upto_run=6) == (4, store.history(B)[2].observed_at)
        assert len(store.runs(100)) == 15 and len(store.citations(8)) == 1
        result = load_run_result(store, 8)  # a run compacted away: rebuilt from its twin
        (doc,) = [d for d in result.documents if d.url == A]
        assert doc.fetch.sha256 == V1 and doc.drift.kind == "unchanged"
    conn = sqlite3.connect(out)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM observation")
    with HistoryStore.open(db, readonly=True) as store:
        assert len(store.history(A)) == 15  # the source is untouched


def test_compact_refuses_to_overwrite(tmp_path, capsys):
    db, out = tmp_path / "h.sqlite", tmp_path / "exists.sqlite"
    _history(db)
    out.write_text("keep me")
    assert main(["compact", "--db", str(db), "--out", str(out)]) == 2
    assert "exists" in capsys.readouterr().err and out.read_text() == "keep me"


def test_a_copy_that_fails_its_checks_is_removed_and_said_in_one_line(
    tmp_path, capsys, monkeypatch
):
    import verifier.store.compact as compact

    db, out = tmp_path / "h.sqlite", tmp_path / "small.sqlite"
    _history(db)
    monkeypatch.setattr(compact, "copy_problem", lambda _conn: "the copy is damaged (test)")
    assert main(["compact", "--db", str(db), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "compaction failed, nothing written: the copy is damaged" in err
    assert not out.exists()  # never left for the user to swap in
    with HistoryStore.open(db, readonly=True) as store:
        assert len(store.history(A)) == 15  # the source is untouched


def test_a_copy_that_fails_on_the_way_is_removed(tmp_path, monkeypatch):
    import verifier.store.compact as compact

    db, out = tmp_path / "h.sqlite", tmp_path / "small.sqlite"
    _history(db)

    def broken(conn, before_run):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(compact, "_middles", broken)
    with pytest.raises(compact.CompactionFailed, match="disk I/O error"):
        compact.compact(db, out)
    assert sorted(f.name for f in tmp_path.iterdir()) == [
        "h.sqlite",
        "h.sqlite.lock",
    ]  # nor its work file

    def interrupted(conn, before_run):
        raise KeyboardInterrupt

    monkeypatch.setattr(compact, "_middles", interrupted)
    with pytest.raises(KeyboardInterrupt):
        compact.compact(db, out)
    assert sorted(f.name for f in tmp_path.iterdir()) == ["h.sqlite", "h.sqlite.lock"]


def test_a_file_at_the_destination_is_never_touched(tmp_path, monkeypatch):
    """Also one made after a look found nothing there (exists() patched to say so, as in a race
    with another process): the destination is claimed exclusively, never looked at first."""
    import pathlib

    from verifier.store.compact import compact

    db, out = tmp_path / "h.sqlite", tmp_path / "theirs.sqlite"
    _history(db)
    out.write_bytes(b"another history")
    monkeypatch.setattr(pathlib.Path, "exists", lambda self, **kw: False)
    with pytest.raises(FileExistsError, match="exists"):
        compact(db, out)
    assert out.read_bytes() == b"another history"
    assert sorted(f.name for f in tmp_path.iterdir()) == [
        "h.sqlite",
        "h.sqlite.lock",
        "theirs.sqlite",
    ]


def test_copy_problem_names_what_is_wrong(tmp_path):
    from verifier.store.compact import copy_problem
    from verifier.store.schema import SCHEMA_VERSION

    db = tmp_path / "h.sqlite"
    _history(db)
    conn = sqlite3.connect(db)
    try:
        assert copy_problem(conn) is None
        conn.execute("PRAGMA user_version = 1")
        assert copy_problem(conn) == f"the copy has schema version 1, not {SCHEMA_VERSION}"
    finally:
        conn.close()


def test_a_destination_folder_that_does_not_exist_is_one_line(tmp_path, capsys):
    db = tmp_path / "h.sqlite"
    _history(db)
    out = tmp_path / "missing" / "small.sqlite"
    assert main(["compact", "--db", str(db), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"--out {out}: No such file or directory" in err
