"""The console summary: one line per report when a run checks several, failures capped."""

from dataclasses import replace
from pathlib import Path

from verifier.models import ReportEntry
from verifier.report.console import MAX_LINES, console_summary


def test_one_line_per_report_and_capped_failures(result):
    broken = result.citations[1]
    docs = tuple(
        replace(broken.document, fetch=replace(broken.document.fetch, url=f"https://x.org/{i}.pdf"))
        for i in range(60)
    )
    cites = tuple(
        replace(broken, document=d,
                citation=replace(broken.citation, url=d.url, report=f"r{i % 3}.txt"))
        for i, d in enumerate(docs)
    )  # fmt: skip
    many = replace(
        result,
        citations=cites,
        documents=docs,
        reports=tuple(ReportEntry(f"r{i}.txt") for i in range(3)),
    )
    text = console_summary(many, Path("out"))
    lines = text.splitlines()
    assert lines[1:4] == [f"  r{i}.txt: 20 evidence citations, 20 failing" for i in range(3)]
    assert sum(1 for ln in lines if ln.startswith("  broken")) == MAX_LINES
    assert "… and 30 more failing documents" in text
