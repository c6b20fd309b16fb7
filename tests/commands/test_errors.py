"""One error boundary: what a user caused is one line and exit 2, checked before any request;
an internal error is one line naming a crash log, exit 3; signals are recorded, exit 130/143."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from verifier.cli import main
from verifier.store import HistoryStore

ROOT = Path(__file__).resolve().parents[2]
REPORT = ROOT / "tests" / "fixtures" / "other-entity-report.txt"


def _check(tmp_path, *extra, out=None, db=None, archive=None):
    return main(["check", str(REPORT), "--out", str(out or tmp_path / "out"),
                 "--db", str(db or tmp_path / "h.sqlite"),
                 "--archive", str(archive or tmp_path / "archive"), *extra])  # fmt: skip


def _one_error_line(capsys, *words):
    err = capsys.readouterr().err
    lines = [ln for ln in err.splitlines() if ln.startswith("verifier: error:")]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    for w in words:
        assert w in lines[0], lines[0]
    return lines[0]


def test_out_that_is_a_file_is_refused_before_any_request(tmp_path, capsys):
    out = tmp_path / "out"
    out.write_text("a file")
    start = time.monotonic()
    assert _check(tmp_path, out=out) == 2
    assert time.monotonic() - start < 5  # found before the crawl, not after it
    _one_error_line(capsys, "--out", "not a directory")
    assert not (tmp_path / "h.sqlite").exists()  # no run was started


def test_unwritable_archive_and_out(tmp_path, capsys):
    """A path under a file can be created by no user, root included (CI runs as root, so a
    chmod-ed directory would not refuse it)."""
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert _check(tmp_path, archive=blocker / "archive") == 2
    _one_error_line(capsys, "--archive", "cannot write there")
    assert _check(tmp_path, out=blocker / "out") == 2
    _one_error_line(capsys, "--out", "cannot write there")


def test_db_that_is_not_sqlite(tmp_path, capsys):
    db = tmp_path / "notes.txt"
    db.write_text("these are my notes, not a database\n" * 100)
    assert _check(tmp_path, db=db) == 2
    _one_error_line(capsys, "--db", "not a usable SQLite history database")
    assert db.read_text().startswith("these are my notes")  # untouched


def test_db_whose_parent_is_a_file(tmp_path, capsys):
    parent = tmp_path / "data"
    parent.write_text("x")
    assert _check(tmp_path, db=parent / "h.sqlite") == 2
    _one_error_line(capsys, "--db", "is a file, not a directory")


def test_invalid_log_level(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["runs", "--log-level", "LOUD"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("verifier: error: argument --log-level")
    assert "expected one of DEBUG" in err


def test_an_internal_error_is_one_line_with_a_crash_log(tmp_path, capsys, monkeypatch):
    from verifier.commands import history

    def broken(args, settings):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(history, "runs", broken)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    assert main(["runs", "--db", str(tmp_path / "h.sqlite")]) == 3
    err = capsys.readouterr().err.strip()
    assert err.startswith("verifier: internal error: ZeroDivisionError: a bug (traceback in ")
    assert len(err.splitlines()) == 1
    (log,) = tmp_path.glob("verifier-crash-*.log")
    assert "ZeroDivisionError: a bug" in log.read_text() and "Traceback" in log.read_text()


def test_control_characters_in_messages_are_escaped(tmp_path, capsys):
    assert main(["report", "--db", str(tmp_path / "x\x1b[31mred.sqlite")]) == 2
    line = _one_error_line(capsys)
    assert "\x1b" not in line and "\\x1b" in line


def test_a_failed_report_write_loses_nothing(tmp_path, capsys, monkeypatch, aiohttp_server):
    """The run is recorded before report files are written; `verifier report` writes them."""
    from verifier.commands import check

    def fail(result, out_dir):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(check, "write_reports", fail)
    cfg = tmp_path / "c.toml"
    cfg.write_text("[crawl]\nmax_attempts = 1\nconnect_timeout_s = 1\n")
    code = main(["check", str(REPORT), "--out", str(tmp_path / "out"), "--config", str(cfg),
                 "--db", str(tmp_path / "h.sqlite"), "--archive", str(tmp_path / "a"),
                 "--remap", "^https?://[^/]+ http://127.0.0.1:9"])  # fmt: skip
    assert code == 2
    line = _one_error_line(capsys, "No space left on device", "verifier report --run 1")
    assert line
    monkeypatch.undo()
    with HistoryStore.open(tmp_path / "h.sqlite", readonly=True) as store:
        assert store.runs()[0].status == "complete"
    assert main(["report", "--db", str(tmp_path / "h.sqlite"), "--out", str(tmp_path / "o2")]) == 0
    report = json.loads((tmp_path / "o2" / "report.json").read_text())
    assert report["run"]["id"] == 1 and report["summary"]["citations"] == 7


def test_report_regenerates_the_same_result(tmp_path, capsys):
    cfg = tmp_path / "c.toml"
    cfg.write_text("[crawl]\nmax_attempts = 1\nconnect_timeout_s = 1\n")
    main(["check", str(REPORT), "--out", str(tmp_path / "out"), "--config", str(cfg),
          "--db", str(tmp_path / "h.sqlite"), "--archive", str(tmp_path / "a"),
          "--remap", "^https?://[^/]+ http://127.0.0.1:9", "--fail-after", "2"])  # fmt: skip
    assert main(["report", "--db", str(tmp_path / "h.sqlite"), "--out", str(tmp_path / "o2")]) == 0
    first = json.loads((tmp_path / "out" / "report.json").read_text())
    again = json.loads((tmp_path / "o2" / "report.json").read_text())
    first.pop("generated_at"), again.pop("generated_at")
    assert first == again and first["run"]["fail_after"] == 2


def test_the_run_records_the_arguments_it_was_given(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text("[crawl]\nmax_attempts = 1\nconnect_timeout_s = 1\n")
    argv = ["check", str(REPORT), "--out", str(tmp_path / "out"), "--config", str(cfg),
            "--db", str(tmp_path / "h.sqlite"), "--archive", str(tmp_path / "a"),
            "--remap", "^https?://[^/]+ http://127.0.0.1:9"]  # fmt: skip
    main(argv)
    with HistoryStore.open(tmp_path / "h.sqlite", readonly=True) as store:
        assert list(store.runs()[0].argv) == argv  # not the process's (pytest's) arguments


def test_a_directory_of_reports_skips_verifiers_own_output(tmp_path, capsys):
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "audit.txt").write_text(REPORT.read_text(encoding="utf-8"), encoding="utf-8")
    cfg = tmp_path / "c.toml"
    cfg.write_text("[crawl]\nmax_attempts = 1\nconnect_timeout_s = 1\n")
    for _ in range(2):  # the second run finds report.html (with its links) in the same directory
        main(["check", str(reports), "--out", str(reports), "--config", str(cfg),
              "--db", str(tmp_path / "h.sqlite"), "--archive", str(tmp_path / "a"),
              "--remap", "^https?://[^/]+ http://127.0.0.1:9"])  # fmt: skip
        report = json.loads((reports / "report.json").read_text())
        assert [r["path"] for r in report["reports"]] == [str(reports / "audit.txt")]


_SLOW_SERVER = """
import asyncio, sys
from aiohttp import web
async def slow(request):
    if request.path.endswith("fast.pdf"):
        return web.Response(body=b"%PDF-1.4\\n%%EOF\\n", content_type="application/pdf")
    await asyncio.sleep(3600)
app = web.Application()
app.router.add_get("/{tail:.*}", slow)
web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None)
"""


@pytest.mark.parametrize("sig,code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_records_the_run_as_interrupted(tmp_path, sig, code, unused_tcp_port):
    server = subprocess.Popen([sys.executable, "-c", _SLOW_SERVER, str(unused_tcp_port)])
    report = tmp_path / "r.txt"
    lines = [f"Doc {i}, page 1: https://e{i}.example.org/{'fast' if i < 3 else 'slow'}.pdf"
             for i in range(12)]  # fmt: skip
    report.write_text("CRITERION RATING COMMENT\n1.2 Anti-Corruption Conformance\n"
                      + "\n".join(lines) + "\n")  # fmt: skip
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "verifier", "check", str(report), "--out", str(tmp_path / "out"),
         "--db", str(tmp_path / "h.sqlite"), "--archive", str(tmp_path / "a"), "--allow-private",
         "--remap", rf"^https?://([^/]+) http://127.0.0.1:{unused_tcp_port}/\1"],
        stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            time.sleep(0.2)
            if (tmp_path / "h.sqlite").exists():
                conn = sqlite3.connect(tmp_path / "h.sqlite")
                try:
                    n = conn.execute("SELECT count(*) FROM observation").fetchone()[0]
                except sqlite3.OperationalError:
                    n = 0
                conn.close()
                if n >= 3:
                    break
        os.killpg(proc.pid, sig)  # as a terminal or CI does: the whole group, workers too
        _, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
        proc.wait()
        proc.stderr.close()
        server.kill()
        server.wait()
    assert proc.returncode == code, err
    assert err.count("\n") == 1 and "Traceback" not in err and "CancelledError" not in err
    assert f"interrupted by {signal.Signals(sig).name}" in err
    with HistoryStore.open(tmp_path / "h.sqlite", readonly=True) as store:
        (run,) = store.runs()
        assert run.status == "interrupted"
        assert len(store.observations(run.id)) == 3  # everything settled so far is kept
    assert not list(tmp_path.glob("verifier-spool-*"))  # the spool directory is gone


@pytest.mark.parametrize("sig,code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_during_extraction_is_an_interruption_too(tmp_path, sig, code):
    """A long report is still being read (in its worker) when the group is signalled."""
    block = REPORT.read_text(encoding="utf-8")
    big = tmp_path / "big.txt"
    with big.open("w", encoding="utf-8") as fh:
        for i in range(6000):  # ~24 MB of findings: many seconds of extraction
            fh.write(block.replace("nordiclight", f"nordiclight{i}"))
    proc = subprocess.Popen(
        [sys.executable, "-m", "verifier", "check", str(big), "--out", str(tmp_path / "out"),
         "--db", str(tmp_path / "h.sqlite"), "--archive", str(tmp_path / "a")],
        stderr=subprocess.PIPE, text=True, cwd=ROOT, start_new_session=True,
        env={**os.environ, "TMPDIR": str(tmp_path)},
    )  # fmt: skip
    try:
        time.sleep(3)
        assert proc.poll() is None, "the extraction finished before the signal"
        os.killpg(proc.pid, sig)
        start = time.monotonic()
        _, err = proc.communicate(timeout=30)
        stopped_in = time.monotonic() - start
    finally:
        proc.kill()
        proc.wait()
        proc.stderr.close()
    assert proc.returncode == code, err
    assert err.count("\n") == 1 and "internal error" not in err
    assert stopped_in < 10  # not after the whole extraction
    with HistoryStore.open(tmp_path / "h.sqlite", readonly=True) as store:
        (run,) = store.runs()
        assert run.status == "interrupted"
