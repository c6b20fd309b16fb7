"""Many reports at once: a directory, a list file."""

import shutil
from pathlib import Path

from verifier.extract import extract_many
from verifier.extract.inputs import expand_inputs

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEED = Path(__file__).resolve().parents[2] / "examples" / "asi-report-shandong-innovation-2025.txt"


def test_directory_and_list_file(tmp_path):
    reports = tmp_path / "published"
    (reports / "2025").mkdir(parents=True)
    shutil.copy(SEED, reports / "2025" / "shandong.txt")
    shutil.copy(FIXTURES / "other-entity-report.txt", reports / "nordic.txt")
    (reports / "notes.docx").write_bytes(b"ignored: not a report type")
    paths, errors = expand_inputs([str(reports)])
    assert errors == [] and [Path(p).name for p in paths] == ["shandong.txt", "nordic.txt"]
    listing = tmp_path / "all.list"
    listing.write_text("# every published report\npublished/nordic.txt\n\npublished/missing.txt\n")
    citations, errors = extract_many([f"@{listing}"])
    assert len(citations) == 7
    assert [e.message for e in errors] == ["no such file"]
    assert extract_many([str(listing)])[0] == citations  # *.list works without the @


def test_empty_directory_is_an_error(tmp_path):
    paths, errors = expand_inputs([str(tmp_path)])
    assert paths == [] and "no report files" in errors[0].message


def test_progress_line(capsys):
    from verifier.commands.check import Progress
    from verifier.models import FetchResult

    p = Progress(3)
    p.enabled = True
    p.update(FetchResult("u", "u", "u", "ok", ""))
    p.update(FetchResult("v", "v", "v", "broken", ""))
    p.done()
    assert (
        capsys.readouterr().err
        == "\rchecked 1/3 documents, 0 failing \rchecked 2/3 documents, 1 failing \n"
    )
    assert Progress(3).enabled is False  # not a terminal under pytest


def test_list_entry_in_another_scheme_says_unsupported_scheme(tmp_path):
    listing = tmp_path / "reports.list"
    listing.write_text("ftp://example.com/x.txt\nfile:///srv/reports/a.txt\n")
    paths, errors = expand_inputs([str(listing)])
    assert errors == [] and paths[:2] == ["ftp://example.com/x.txt", "file:///srv/reports/a.txt"]
    _, errors = extract_many([str(listing)])
    messages = {e.path: e.message for e in errors}
    assert messages["ftp://example.com/x.txt"].startswith("unsupported scheme ftp://")
    assert messages["file:///srv/reports/a.txt"].startswith("unsupported scheme file://")
    assert "no such file" not in " ".join(messages.values())


def test_control_characters_are_escaped_in_messages(tmp_path):
    listing = tmp_path / "evil.list"
    listing.write_text("reports/\x1b[2Jcleared\x85.txt\n", encoding="utf-8")
    newline = tmp_path / "two\nlines.txt"
    bidi = tmp_path / "report\u202etxt.pdf"
    _, errors = extract_many([str(listing), str(newline), str(bidi)])
    shown = [str(e) for e in errors]
    assert shown == [
        f"{tmp_path}/reports/\\x1b[2Jcleared\\x85.txt: no such file",
        f"{tmp_path}/two\\nlines.txt: no such file",
        f"{tmp_path}/report\\u202etxt.pdf: no such file",
    ]
    assert all(s.isprintable() for s in shown)


def test_a_parsers_message_is_escaped_too(tmp_path):
    """Messages quoting the input (a file type, a parser's error) are escaped as well."""
    odd = tmp_path / "report.t\x07xt"
    odd.write_text("x")
    (err,) = extract_many([str(odd)])[1]
    assert "\x07" not in err.message and "\\x07" in err.message


def test_control_characters_never_reach_labels_or_titles(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text(
        "FINDINGS\n\n1. BUSINESS INTEGRITY\n\n1.1 Legal \x1b[31mCompliance Conformance "
        "Code of \x1b]0;pwned\x07Conduct\u202e: https://acme.example/coc.pdf\n"
    )
    ((c,), errors) = extract_many([str(report)])
    assert errors == []
    assert c.criterion_title == "Legal [31mCompliance"
    assert c.label == "Code of ]0;pwned Conduct"
