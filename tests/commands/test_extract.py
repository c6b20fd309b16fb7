"""`verifier extract` as a user runs it: formats, bad inputs, exit codes, no tracebacks."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from verifier.cli import main

SEED = Path(__file__).resolve().parents[2] / "examples" / "asi-report-shandong-innovation-2025.txt"


def test_json_format(capsys):
    assert main(["extract", str(SEED), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data) == 107
    required = {"report", "criterion", "criterion_title", "rating", "url", "label", "pages",
                "evidence", "location"}  # fmt: skip
    assert required <= set(data[1])
    assert data[1]["report"] == str(SEED)
    assert data[1]["pages"] == [11]
    assert data[1]["location"] == {"page": None, "line": 212}


def test_csv_and_table(capsys):
    assert main(["extract", str(SEED), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 107 and rows[1]["criterion"] == "1.2" and rows[1]["pages"] == "11"
    assert main(["extract", str(SEED)]) == 0
    out = capsys.readouterr().out
    assert "107 citations (106 evidence, 83 distinct evidence URLs) in 1 report" in out
    # the table opens with what the report states about its audit
    assert out.splitlines()[0] == (
        f"{SEED}: Shandong Innovation Group Co., Ltd. · Performance Standard V3.1 · Initial "
        "Certification Audit 2025-01-09 – 2025-01-21 by SGS-CSTC Standards Technical Services · "
        "submitted 2025-06-17 · certified 2025-10-15 – 2028-10-14 · certificate 482"
    )
    assert (
        "https://innovationmetal.com/d/file/p/2025/02-20/fe216f2105d0e3d802d0d0fc4dde015e.pdf"
        in out
    )


def test_bad_inputs_each_get_one_line_and_the_rest_is_processed(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "photo.pdf"
    binary.write_bytes(bytes(range(256)) * 4)
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    unknown = tmp_path / "report.docx"
    unknown.write_bytes(b"PK\x03\x04")
    missing = tmp_path / "missing.txt"
    code = main(["extract", str(empty), str(binary), str(SEED), str(truncated), str(unknown),
                 str(missing), "--format", "json"])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 2
    assert len(json.loads(captured.out)) == 107  # the good report is still extracted
    errors = [ln for ln in captured.err.splitlines() if ln.startswith("verifier: error:")]
    assert len(errors) == 5
    for path, reason in [
        (empty, "empty"), (binary, "not a PDF"), (truncated, "PDF"),
        (unknown, "unknown report type '.docx'"), (missing, "no such file"),
    ]:  # fmt: skip
        assert any(str(path) in e and reason in e for e in errors), (path, errors)
    assert "Traceback" not in captured.err


def test_usage_error_exit_code():
    proc = subprocess.run(
        [sys.executable, "-m", "verifier", "extract", "--format", "xml", str(SEED)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 2
    assert "invalid choice" in proc.stderr


def test_bad_config_is_a_clear_error(tmp_path, capsys):
    cfg = tmp_path / "bad.toml"
    cfg.write_text("[extract]\nmax_report_bytes = -1\n")
    assert main(["extract", str(SEED), "--config", str(cfg)]) == 2
    assert "must not be negative" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["json", "console"])
def test_log_format_override(fmt, capsys):
    assert main(["extract", str(SEED), "--format", "json", "--log-format", fmt, "--log-level",
                 "DEBUG"]) == 0  # fmt: skip
    err = capsys.readouterr().err
    line = next(ln for ln in err.splitlines() if "done" in ln)
    if fmt == "json":
        assert json.loads(line)["event"] == "done"
    else:
        assert not line.startswith("{")


def test_oversized_report_file_is_refused(tmp_path, capsys):
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 5000)
    cfg = tmp_path / "c.toml"
    cfg.write_text("[extract]\nmax_report_bytes = 4000\n")
    assert main(["extract", str(big), "--config", str(cfg)]) == 2
    assert "over the 4000-byte limit" in capsys.readouterr().err
