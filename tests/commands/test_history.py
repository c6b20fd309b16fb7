"""`verifier runs | history | diff | baseline | export-warc` on a real history database."""

from pathlib import Path

import pytest

from tests.support.observations import observation
from verifier.cli import main
from verifier.store import HistoryStore, RunSummary
from verifier.store.archive import EvidenceArchive

REPORT = Path(__file__).resolve().parents[1] / "fixtures" / "other-entity-report.txt"
URL = "https://investors.nordiclight.example.no/reports/2024/annual-report-2024.pdf"


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "h.sqlite"
    archive = EvidenceArchive(tmp_path / "archive")
    with HistoryStore.open(path) as store:
        for n, pages in enumerate([("Annual report 2024", "Emissions fell by 4 percent."),
                                   ("Annual report 2024", "Emissions fell by 2 percent.")]):  # fmt: skip
            body = f"%PDF-1.4 version {n}".encode()
            sha = archive.put_bytes(body)
            run = store.start_run(["check"])
            store.record_observation(run, observation(
                URL, http_status=200, sha256=sha, bytes=len(body), texts=pages))  # fmt: skip
            store.record_observation(run, observation(
                "https://ghg.example.com/methodology#scope-3", "broken",
                reason="HTTP 404 after 1 attempt"))  # fmt: skip
            store.finish_run(run, "complete", RunSummary(documents=2, failing_documents=1))
    return path


def test_runs_and_history(db, capsys):
    assert main(["runs", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "complete" in out and "documents 2, failing_documents 1" in out
    assert main(["history", URL, "--db", str(db)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == URL and len(out) == 4 and all(" ok " in line for line in out[2:])


def test_diff_shows_the_changed_page(db, capsys):
    assert main(["diff", URL, "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "--- run 1 page 2" in out and "+++ run 2 page 2" in out
    assert "-Emissions fell by 4 percent." in out and "+Emissions fell by 2 percent." in out
    assert "page 1" not in out


def test_baseline_pins_stored_versions(db, capsys):
    code = main(["baseline", str(REPORT), "--db", str(db)])
    captured = capsys.readouterr()
    assert "pinned 1 citation baseline(s)" in captured.out
    assert code == 0  # it did its job; what it could not pin is said, not hidden
    assert "http://www.nordiclight.example.no" in captured.out and "never seen ok" in captured.out
    with HistoryStore.open(db, readonly=True) as store:
        pinned = store.baseline("tests/fixtures/other-entity-report.txt", "3.1a-b", URL)
        assert pinned is not None and pinned.run_id == 2


def test_export_warc(db, tmp_path, capsys):
    out = tmp_path / "run.warc.gz"
    assert main(["export-warc", "--db", str(db), "--archive", str(tmp_path / "archive"),
                 "-o", str(out)]) == 0  # fmt: skip
    assert "1 responses, 0 revisits, 2 metadata records" in capsys.readouterr().out
    assert out.stat().st_size > 0


def test_missing_database_is_one_clear_line(tmp_path, capsys):
    assert main(["runs", "--db", str(tmp_path / "none.sqlite")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("verifier: error: no history database at") and "Traceback" not in err
