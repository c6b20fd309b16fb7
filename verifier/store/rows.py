"""Between the shared models and this store's rows (the only place that knows the columns)."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from verifier.models import Citation, FetchResult, Fingerprint, Location, Observation, Verdict


def observation_columns(obs: Observation) -> dict[str, Any]:
    r, fp = obs.fetch, obs.fingerprint
    return {
        "url": r.url, "fetched_url": r.fetched_url, "final_url": r.final_url,
        "observed_at": obs.observed_at, "verdict": str(r.verdict), "reason": r.reason,
        "http_status": r.http_status, "attempts": r.attempts,
        "redirects": json.dumps(list(r.redirects)), "content_type": r.content_type,
        "detected_type": r.detected_type, "etag": r.etag, "last_modified": r.last_modified,
        "not_modified": int(r.not_modified),
        "request_headers": json.dumps([list(h) for h in r.request_headers]),
        "response_headers": json.dumps([list(h) for h in r.response_headers]),
        "http_version": r.http_version, "sha256": r.sha256, "bytes": r.bytes,
        "elapsed_s": r.elapsed_s,
        "text_sha256": fp.text_sha256 if fp else None, "simhash": fp.simhash if fp else None,
        "page_count": fp.page_count if fp else None,
        "fingerprint": json.dumps(fp.to_dict(), ensure_ascii=False) if fp else None,
    }  # fmt: skip


def page_rows(obs: Observation) -> list[tuple[int, str | None, str, str, str]]:
    """(index, label, text_sha256, simhash, text) per page; texts are kept once per content."""
    fp = obs.fingerprint
    return [(p.index, p.label, p.text_sha256, p.simhash, p.text) for p in (fp.pages if fp else ())]


def observation_from_row(row: sqlite3.Row) -> Observation:
    fetch = FetchResult(
        url=row["url"], fetched_url=row["fetched_url"] or row["url"], final_url=row["final_url"],
        verdict=Verdict(row["verdict"]), reason=row["reason"] or "",
        http_status=row["http_status"], attempts=row["attempts"] or 0,
        redirects=tuple(json.loads(row["redirects"] or "[]")),
        content_type=row["content_type"], detected_type=row["detected_type"],
        sha256=row["sha256"], bytes=row["bytes"], elapsed_s=row["elapsed_s"] or 0.0,
        etag=row["etag"], last_modified=row["last_modified"],
        not_modified=bool(row["not_modified"]), http_version=row["http_version"],
        request_headers=tuple((k, v) for k, v in json.loads(row["request_headers"] or "[]")),
        response_headers=tuple((k, v) for k, v in json.loads(row["response_headers"] or "[]")),
    )  # fmt: skip
    fp = Fingerprint.from_dict(json.loads(row["fingerprint"])) if row["fingerprint"] else None
    return Observation(fetch, fp, row["observed_at"], row["run_id"], row["id"])


def citation_from_row(row: sqlite3.Row) -> Citation:
    loc = json.loads(row["location"] or "{}")
    return Citation(
        report=row["report"], criterion=row["criterion"], criterion_title=row["criterion_title"],
        rating=row["rating"], url=row["url"], label=row["label"],
        pages=tuple(json.loads(row["pages"] or "[]")), evidence=bool(row["evidence"]),
        location=Location(loc.get("page"), loc.get("line")), cited_text=row["cited_text"],
        notes=tuple(json.loads(row["notes"] or "[]")),
    )  # fmt: skip
