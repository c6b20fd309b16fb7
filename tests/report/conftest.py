"""A fixed run with hostile values in every place a report or a server can put text, as the
typed result every renderer reads (`result`) and as its report.json data (`report`)."""

import pytest

from verifier.models import (
    ArchivedCopy,
    Baseline,
    BaselinePage,
    Check,
    CheckName,
    Citation,
    CitationResult,
    DocumentResult,
    Drift,
    DriftKind,
    FailingStreak,
    FetchResult,
    Fingerprint,
    HistoryPoint,
    Location,
    Matches,
    Outcome,
    PageDrift,
    PageDriftKind,
    ReportEntry,
    ReportMeta,
    RunResult,
    Verdict,
)
from verifier.report.json_report import report_dict

HOSTILE_URL = 'https://evil.example/"><script>alert(1)</script>.pdf'
REPORT = "reports/asi-2025.txt"
META = ReportMeta(
    entity="Example <b>Aluminium</b> Co., Ltd.", member="Example Group", standard="Performance Standard V3.1",
    audit_firm="Audit & Co", audit_type="Initial Certification Audit", audit_start="2025-01-09",
    audit_end="2025-01-21", submitted="2025-06-17", certification_start="2025-10-15",
    certification_end="2028-10-14", certificate_number="482",
)  # fmt: skip


def _fetch(url, verdict, reason, status, ctype, dtype, sha, size, final=None):
    return FetchResult(url=url, fetched_url=url, final_url=final, verdict=verdict, reason=reason,
                       http_status=status, attempts=1, content_type=ctype, detected_type=dtype,
                       sha256=sha, bytes=size, elapsed_s=0.1)  # fmt: skip


def fixed_result() -> RunResult:
    esg = DocumentResult(
        _fetch("https://x.example/esg.pdf", Verdict.OK, "HTTP 200, PDF, 100 bytes", 200,
               "application/pdf", "pdf", "a" * 64, 100, final="https://x.example/esg.pdf"),
        Fingerprint("a" * 64, 100, "pdf", "pypdf 7.1.0", "c" * 64, "0" * 16, page_count=48,
                    title="<script>alert('title')</script>"),
        Drift(DriftKind.CHANGED, "text changed on page 3", changed_pages=(3,)),
        (HistoryPoint(6, "2026-11-22T06:00:00Z", Verdict.OK),
         HistoryPoint(7, "2026-11-23T06:00:00Z", Verdict.OK)),
    )  # fmt: skip
    evil = DocumentResult(
        _fetch(HOSTILE_URL, Verdict.BROKEN, "HTTP 404 after 1 attempt", 404, "text/html", None,
               None, None, final=HOSTILE_URL),
        None,
        Drift(DriftKind.BROKE, "was ok, now broken"),
        (HistoryPoint(6, "2026-11-22T06:00:00Z", Verdict.BROKEN),),
        FailingStreak(2, "2026-11-22T06:00:00Z"),
        ArchivedCopy(f"https://web.archive.org/web/20250114093000/{HOSTILE_URL}",
                     "2025-01-14T09:30:00Z", Matches.AUDITED),
    )  # fmt: skip
    portal = DocumentResult(
        _fetch("https://portal.example/", Verdict.OK, "HTTP 200, html", 200, "text/html", "html",
               "b" * 64, 10)
    )  # fmt: skip
    c1 = Citation(REPORT, "6.1a-f", "Emissions to Air", "Conformance", esg.url,
                  '=HYPERLINK("x") | `ESG` 报告', (57,), True, Location(None, 12))  # fmt: skip
    c2 = Citation(REPORT, "1.2", "Anti-<b>Corruption</b>", "Minor Non-Conformance", HOSTILE_URL,
                  "<img src=x onerror=alert(2)>", (), True, Location(3, None))  # fmt: skip
    c3 = Citation(REPORT, None, None, None, portal.url, None, (), False, Location(None, 2))
    relocated = PageDrift(
        PageDriftKind.RELOCATED, "the baseline text of page 57 is now on page 58", None, 58
    )
    citations = (
        CitationResult(
            c1, esg,
            (Check(CheckName.REACHABLE, Outcome.PASS, "ok: HTTP 200"),
             Check(CheckName.PAGE_EXISTS, Outcome.FAIL, "page 57 cited, document has 48 pages")),
            Baseline(1, "2026-11-01T06:00:00Z", False, "9" * 64,
                     pages=(BaselinePage(57, relocated),)),
        ),
        CitationResult(
            c2, evil,
            (Check(CheckName.REACHABLE, Outcome.FAIL, "broken: HTTP 404 after 1 attempt"),),
        ),
        CitationResult(c3, portal, (Check(CheckName.REACHABLE, Outcome.PASS, "ok"),)),
    )  # fmt: skip
    return RunResult(
        run_id=7, generated_at="2026-11-23T06:00:00Z", tool_version="0.1.0",
        reports=(ReportEntry(REPORT, META),), documents=(esg, evil, portal), citations=citations,
        db="data/history.sqlite", fail_after=1,
    )  # fmt: skip


@pytest.fixture
def result():
    return fixed_result()


@pytest.fixture
def report(result):
    return report_dict(result)
