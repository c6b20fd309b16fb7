"""Between stage results and store rows: pure functions, no I/O."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from verifier.crawl.fetch import Validator
from verifier.drift import Snapshot
from verifier.fingerprint.model import Fingerprint, PageText
from verifier.models import FetchResult
from verifier.store.records import ObservationRecord, PageRecord


def observation_record(
    r: FetchResult, fp: Fingerprint | None, observed_at: str
) -> ObservationRecord:
    pages = tuple(
        PageRecord(p.index, p.text, p.text_sha256, p.label, p.simhash)
        for p in (fp.pages if fp else ())
    )
    return ObservationRecord(
        url=r.url, verdict=r.verdict, observed_at=observed_at, fetched_url=r.fetched_url,
        final_url=r.final_url, reason=r.reason, http_status=r.http_status, attempts=r.attempts,
        redirects=list(r.redirects), content_type=r.content_type, detected_type=r.detected_type,
        etag=r.etag, last_modified=r.last_modified, not_modified=r.not_modified,
        request_headers=list(r.request_headers), response_headers=list(r.response_headers),
        http_version=r.http_version, sha256=r.sha256, bytes=r.bytes, elapsed_s=r.elapsed_s,
        text_sha256=fp.text_sha256 if fp else None, simhash=fp.simhash if fp else None,
        page_count=fp.page_count if fp else None, fingerprint=fp.to_dict() if fp else None,
        pages=pages,
    )  # fmt: skip


def validator(row: sqlite3.Row | None) -> Validator | None:
    """Conditional-request validators from the last observation, only if it was ok: a URL that
    failed is always fetched in full again."""
    if row is None or row["verdict"] != "ok" or not row["sha256"]:
        return None
    if not (row["etag"] or row["last_modified"]):
        return None
    return Validator(row["etag"], row["last_modified"], row["sha256"], row["bytes"],
                     row["detected_type"], row["content_type"])  # fmt: skip


def fingerprint_from_store(row: sqlite3.Row, pages: list[sqlite3.Row]) -> Fingerprint | None:
    """The fingerprint recorded with an observation, page texts included."""
    if not row["fingerprint"]:
        return None
    d: dict[str, Any] = json.loads(row["fingerprint"])
    by_index = {p["index"]: p for p in d.get("pages", [])}
    texts = tuple(
        PageText(
            index=p["page_index"], text=p["text"], text_sha256=p["text_sha256"],
            simhash=p["simhash"] or "", label=p["label"],
            printed=by_index.get(p["page_index"], {}).get("printed"),
        )
        for p in pages
    )  # fmt: skip
    return Fingerprint(
        sha256=d["sha256"], bytes=d["bytes"], type=d["type"], extractor=d["extractor"],
        text_sha256=d["text_sha256"], simhash=d["simhash"], page_count=d.get("page_count"),
        has_page_labels=d.get("has_page_labels", False), title=d.get("title"),
        metadata=d.get("metadata") or {}, pages=texts, warnings=tuple(d.get("warnings", [])),
    )  # fmt: skip


def snapshot_of_row(row: sqlite3.Row) -> Snapshot:
    pages = json.loads(row["fingerprint"]).get("pages", []) if row["fingerprint"] else []
    return Snapshot(
        verdict=row["verdict"], final_url=_landing(row["fetched_url"], row["final_url"]),
        sha256=row["sha256"], text_sha256=row["text_sha256"], simhash=row["simhash"],
        page_hashes=tuple(p["text_sha256"] for p in pages), not_modified=bool(row["not_modified"]),
    )  # fmt: skip


def snapshot_of(r: FetchResult, fp: Fingerprint | None) -> Snapshot:
    return Snapshot(
        verdict=r.verdict, final_url=_landing(r.fetched_url, r.final_url), sha256=r.sha256,
        text_sha256=fp.text_sha256 if fp else None, simhash=fp.simhash if fp else None,
        page_hashes=tuple(p.text_sha256 for p in fp.pages) if fp else (),
        not_modified=r.not_modified,
    )  # fmt: skip


def _landing(fetched: str | None, final: str | None) -> str | None:
    """Where a URL ends up, relative to where it was fetched: a run against a replica on another
    port must not read as 'moved' when nothing redirected."""
    if not final or final == fetched:
        return "(no redirect)"
    if fetched:
        base = fetched.split("/", 3)[:3]
        if final.split("/", 3)[:3] == base:
            return "/" + (final.split("/", 3)[3] if final.count("/") >= 3 else "")
    return final
