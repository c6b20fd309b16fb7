"""Every format on a fixed run: golden files, escaping of hostile values, parse-back."""

import csv
import io
import os
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest

from verifier.models import Check, CheckName, Outcome, ReportEntry
from verifier.report.csv_report import render_csv
from verifier.report.github import MAX_ANNOTATIONS, SUMMARY_LIMIT, annotations, step_summary
from verifier.report.html import render_html
from verifier.report.json_report import render_json
from verifier.report.junit import render_junit
from verifier.report.markdown import render_markdown

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
RENDERERS = {"report.html": render_html, "report.md": render_markdown, "junit.xml": render_junit,
             "report.csv": render_csv, "report.json": render_json}  # fmt: skip


@pytest.mark.parametrize("name", sorted(RENDERERS))
def test_golden(result, name):
    out = RENDERERS[name](result)
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(out, encoding="utf-8")
    assert out == path.read_text(encoding="utf-8"), (
        f"{name} changed; rerun with UPDATE_GOLDEN=1 and review"
    )


def test_html_escapes_everything(result):
    page = render_html(result)
    assert "<script>" not in page and "<img src=x" not in page and "<b>Corruption" not in page
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert 'href="https://evil.example/' not in page  # not a well-formed URL: shown, not linked
    assert "default-src 'none'" in page and "<script" not in page.lower()
    assert "page 57 cited, document has 48 pages" in page and "now on page 58" in page
    # status over time for the two documents with history: two ok runs in a row are one rect
    assert page.count("<rect") == 2 and "runs 6-7, 2026-11-22 to 2026-11-23: available" in page


def test_markdown_escapes_and_stays_one_row_per_citation(result):
    text = render_markdown(result)
    assert "<script>" not in text and "<img" not in text
    assert "\\| \\`ESG\\` 报告" in text  # a pipe or backtick cannot break the table
    rows = [ln for ln in text.splitlines() if ln.startswith("| asi-2025.txt")]
    assert len(rows) == 2


def test_junit_parses_back(result):
    root = ET.fromstring(render_junit(result).encode())
    suite = root.find("testsuite")
    assert (root.get("tests"), root.get("failures")) == ("2", "2")
    cases = suite.findall("testcase")
    assert len(cases) == 2  # evidence citations only
    failure = cases[0].find("failure")
    assert failure.get("type") == "page_exists" and "48 pages" in failure.get("message")


def test_csv_rows_and_no_formula_injection(result):
    rows = list(csv.DictReader(io.StringIO(render_csv(result))))
    assert len(rows) == 3
    assert rows[0]["label"].startswith("'=HYPERLINK")
    assert rows[0]["failing_checks"] == "page_exists: page 57 cited, document has 48 pages"
    assert rows[0]["baseline_pages"] == "57:relocated"


def test_github_annotations_most_important_first_and_at_most_ten(result):
    lines = annotations(result)
    assert lines[0].startswith("::error file=reports/asi-2025.txt,title=1.2 reachable::")
    many = replace(result, citations=(result.citations[1],) * 25)
    lines = annotations(many)
    assert len(lines) == MAX_ANNOTATIONS
    assert lines[-1] == "::error title=verifier::16 more failing checks: see the job summary"


def test_annotation_data_is_escaped(result):
    check = Check(CheckName.REACHABLE, Outcome.FAIL, "line one\nline two, 100%")
    hostile = replace(result.citations[1], checks=(check,))
    result = replace(result, citations=(result.citations[0], hostile, result.citations[2]))
    (line,) = [ln for ln in annotations(result) if "reachable" in ln]
    assert line.endswith("line one%0Aline two, 100%25")


def test_step_summary_fits_githubs_limit(result):
    result = replace(result, citations=(result.citations[0],) * 20000)
    text = step_summary(result)
    assert len(text.encode()) <= SUMMARY_LIMIT
    assert "more (see report.json or report.html)" in text


def test_github_actions_writes_summary_and_annotations(result, tmp_path, capsys):
    from verifier.report.write import github_actions

    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    github_actions(result, {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)})
    assert summary.read_text().startswith(
        "earlier step\n# Evidence check"
    )  # appended, not replaced
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and all(line.startswith("::error ") for line in out)
    github_actions(result, {"GITHUB_STEP_SUMMARY": str(summary)})  # not in Actions: nothing
    assert capsys.readouterr().out == ""


def test_markdown_fits_an_issue_body_at_secretariat_scale(result):
    """4,000 failing citations in 100 reports: report.md stays under GitHub's issue limit, says
    one line per report, and counts what it leaves out."""
    from dataclasses import replace as rep

    from verifier.report.markdown import ISSUE_BODY_CHARS

    broken = result.citations[1]
    many = tuple(
        rep(broken, citation=rep(broken.citation, report=f"reports/entity-{i % 100:03}.txt",
                                 criterion=f"{1 + i % 11}.{i % 7}"))
        for i in range(4000)
    )  # fmt: skip
    big = rep(
        result,
        citations=many,
        reports=tuple(ReportEntry(f"reports/entity-{i:03}.txt") for i in range(100)),
    )
    text = render_markdown(big)
    assert len(text) <= ISSUE_BODY_CHARS
    assert text.count("| reports/entity-") == 50  # the per-report table, capped and said
    assert "… and 50 more reports" in text
    shown = sum(1 for ln in text.splitlines() if ln.startswith("| entity-"))
    assert 20 < shown < 4000 and f"… and {4000 - shown} more" in text
