"""report.json: the complete result of a check, for machines. A pure function from results."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from verifier import __version__
from verifier.models import Citation, FetchResult, InputError

FORMAT_VERSION = 1


def build_report(
    reports: list[str],
    citations: list[Citation],
    documents: dict[str, FetchResult],
    errors: list[InputError],
    *,
    extra_documents: dict[str, dict[str, Any]] | None = None,
    extra_citations: list[dict[str, Any]] | None = None,
    run: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The report as a dict. `extra_*` carry later stages' fields (fingerprint, checks, drift)
    keyed by cited URL / aligned with `citations`."""
    docs = []
    for url, r in documents.items():
        d = r.to_dict()
        d.update((extra_documents or {}).get(url, {}))
        docs.append(d)
    cites = []
    for i, c in enumerate(citations):
        d = c.to_dict()
        d["location"] = {"page": c.location.page, "line": c.location.line}
        doc = documents.get(c.url)
        d["verdict"] = doc.verdict if doc else None
        d["fetched_url"] = doc.fetched_url if doc else None
        if extra_citations:
            d.update(extra_citations[i])
        cites.append(d)
    evidence_urls = {c.url for c in citations if c.evidence}
    verdicts = Counter(documents[u].verdict for u in evidence_urls if u in documents)
    return {
        "format_version": FORMAT_VERSION,
        "tool": {"name": "verifier", "version": __version__},
        "generated_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "run": run or {},
        "reports": reports,
        "summary": {
            "reports": len(reports),
            "citations": len(citations),
            "evidence_citations": sum(c.evidence for c in citations),
            "documents": len(documents),
            "evidence_documents": len(evidence_urls),
            "evidence_documents_by_verdict": dict(sorted(verdicts.items())),
            "input_errors": len(errors),
        },
        "errors": [{"path": e.path, "message": e.message} for e in errors],
        "documents": docs,
        "citations": cites,
    }


def render_json(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
