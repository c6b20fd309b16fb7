"""A fixed report with hostile values in every place a report or a server can put text."""

import copy

import pytest

HOSTILE_URL = 'https://evil.example/"><script>alert(1)</script>.pdf'

REPORT = {
    "format_version": 1,
    "tool": {"name": "verifier", "version": "0.1.0"},
    "generated_at": "2026-11-23T06:00:00Z",
    "run": {"id": 7, "db": "data/history.sqlite", "fail_after": 1},
    "reports": ["reports/asi-2025.txt"],
    "summary": {
        "reports": 1,
        "citations": 3,
        "evidence_citations": 2,
        "documents": 3,
        "evidence_documents": 2,
        "evidence_documents_by_verdict": {"broken": 1, "ok": 1},
        "input_errors": 0,
    },
    "errors": [],
    "documents": [
        {
            "url": "https://x.example/esg.pdf",
            "fetched_url": "https://x.example/esg.pdf",
            "final_url": "https://x.example/esg.pdf",
            "verdict": "ok",
            "reason": "HTTP 200, PDF, 100 bytes",
            "http_status": 200,
            "attempts": 1,
            "redirects": [],
            "content_type": "application/pdf",
            "detected_type": "pdf",
            "sha256": "a" * 64,
            "bytes": 100,
            "elapsed_s": 0.1,
            "fingerprint": {
                "title": "<script>alert('title')</script>",
                "page_count": 48,
                "pages": [],
            },
            "drift": {"kind": "changed", "detail": "text changed on page 3", "changed_pages": [3]},
            "history": [
                {"run": 6, "at": "2026-11-22T06:00:00Z", "verdict": "ok"},
                {"run": 7, "at": "2026-11-23T06:00:00Z", "verdict": "ok"},
            ],
        },
        {
            "url": HOSTILE_URL,
            "fetched_url": HOSTILE_URL,
            "final_url": HOSTILE_URL,
            "verdict": "broken",
            "reason": "HTTP 404 after 1 attempt",
            "http_status": 404,
            "attempts": 1,
            "redirects": [],
            "content_type": "text/html",
            "detected_type": None,
            "sha256": None,
            "bytes": None,
            "elapsed_s": 0.1,
            "drift": {"kind": "broke", "detail": "was ok, now broken"},
            "failing": {"consecutive_runs": 2, "since": "2026-11-22T06:00:00Z"},
            "history": [{"run": 6, "at": "2026-11-22T06:00:00Z", "verdict": "broken"}],
        },
        {
            "url": "https://portal.example/",
            "fetched_url": "https://portal.example/",
            "final_url": None,
            "verdict": "ok",
            "reason": "HTTP 200, html",
            "http_status": 200,
            "attempts": 1,
            "redirects": [],
            "content_type": "text/html",
            "detected_type": "html",
            "sha256": "b" * 64,
            "bytes": 10,
            "elapsed_s": 0.1,
        },
    ],
    "citations": [
        {
            "report": "reports/asi-2025.txt",
            "criterion": "6.1a-f",
            "criterion_title": "Emissions to Air",
            "rating": "Conformance",
            "url": "https://x.example/esg.pdf",
            "label": '=HYPERLINK("x") | `ESG` 报告',
            "pages": [57],
            "evidence": True,
            "location": {"page": None, "line": 12},
            "cited_text": "",
            "notes": [],
            "verdict": "ok",
            "fetched_url": "https://x.example/esg.pdf",
            "checks": [
                {"name": "reachable", "outcome": "pass", "detail": "ok: HTTP 200"},
                {
                    "name": "page_exists",
                    "outcome": "fail",
                    "detail": "page 57 cited, document has 48 pages",
                },
            ],
            "baseline": {
                "run_id": 1,
                "pages": [
                    {
                        "cited": 57,
                        "kind": "relocated",
                        "page": 58,
                        "detail": "the baseline text of page 57 is now on page 58",
                    }
                ],
            },
        },
        {
            "report": "reports/asi-2025.txt",
            "criterion": "1.2",
            "criterion_title": "Anti-<b>Corruption</b>",
            "rating": "Minor Non-Conformance",
            "url": HOSTILE_URL,
            "label": "<img src=x onerror=alert(2)>",
            "pages": [],
            "evidence": True,
            "location": {"page": 3, "line": None},
            "cited_text": "",
            "notes": [],
            "verdict": "broken",
            "fetched_url": HOSTILE_URL,
            "checks": [
                {
                    "name": "reachable",
                    "outcome": "fail",
                    "detail": "broken: HTTP 404 after 1 attempt",
                }
            ],
        },
        {
            "report": "reports/asi-2025.txt",
            "criterion": None,
            "criterion_title": None,
            "rating": None,
            "url": "https://portal.example/",
            "label": None,
            "pages": [],
            "evidence": False,
            "location": {"page": None, "line": 2},
            "cited_text": "",
            "notes": [],
            "verdict": "ok",
            "fetched_url": "https://portal.example/",
            "checks": [{"name": "reachable", "outcome": "pass", "detail": "ok"}],
        },
    ],
}


@pytest.fixture
def report():
    return copy.deepcopy(REPORT)
