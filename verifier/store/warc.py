"""Export the captures of a run as a standard WARC file (ISO 28500), built with warcio.

Per run: one `warcinfo` record. Per observation with archived content: a `request` record (the
headers we sent), a `response` record (status, headers and the archived body), and a `metadata`
record (our SHA-256, verdict, reason and fingerprint summary: warcio's own digests are SHA-1).
Every body the run relied on is in the file once, with its payload: a payload already written
becomes a `revisit` record with WARC-Refers-To, and a 304 (no body sent) is written as the capture
that first downloaded that body (even from an earlier run) followed by a `server-not-modified`
revisit. If the archive lacks a body, the export is refused (MissingBodies) rather than written
with holes. Observations with
no content (404, unreachable, blocked...) get a metadata record with their verdict.

The archived body is the decoded payload (aiohttp undoes gzip/br), so Content-Encoding and
Transfer-Encoding are dropped from the recorded response headers and Content-Length is the
payload's length; the metadata record says so.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from verifier import __version__
from verifier.models import FetchResult, Observation
from verifier.store.archive import EvidenceArchive
from verifier.store.history import HistoryStore

_DROP = {"content-encoding", "transfer-encoding", "content-length", "connection", "keep-alive"}


class MissingBodies(Exception):
    """The archive lacks bodies the run relied on: a WARC without them would prove nothing."""

    def __init__(self, archive: EvidenceArchive, missing: list[str]) -> None:
        shown = ", ".join(m[:12] for m in missing[:5]) + (" ..." if len(missing) > 5 else "")
        super().__init__(
            f"the archive {archive.root} lacks {len(missing)} document version(s) this run relied "
            f"on ({shown}): pass the --archive the run used"
        )
        self.missing = missing


@dataclass(frozen=True, slots=True)
class WarcSummary:
    responses: int
    revisits: int
    metadata: int


def _warc_date(iso: str) -> str:
    # WARC/1.0 dates have whole seconds: 2026-11-23T05:47:18Z
    return iso[:19] + "Z"


def export_run(
    store: HistoryStore, archive: EvidenceArchive, run_id: int, out: BinaryIO
) -> WarcSummary:
    run = store.run_info(run_id)
    if run is None:
        raise ValueError(f"no run {run_id} in {store.path}")
    writer = WARCWriter(out, gzip=True)
    info: dict[str, Any] = {
        "software": f"verifier/{__version__} (warcio)",
        "format": "WARC File Format 1.0",
        "description": f"evidence captures of verifier run {run_id}, started {run.started_at}",
        "isPartOf": f"verifier-run-{run_id}",
    }
    writer.write_record(writer.create_warcinfo_record(f"verifier-run-{run_id}.warc.gz", info))
    observations = store.observations(run_id)
    missing = sorted(
        {o.fetch.sha256 for o in observations if o.fetch.sha256 and not archive.has(o.fetch.sha256)}
    )
    if missing:
        raise MissingBodies(archive, missing)
    first: dict[str, tuple[str, str, str, str]] = {}  # sha256 -> (uri, date, digest, record id)
    responses = revisits = metadata = 0

    def response(o: Observation) -> None:
        """Request and response records with the archived body, for the first use of a body."""
        nonlocal responses
        f = o.fetch
        sha = f.sha256 or ""
        uri = f.final_url or f.fetched_url or f.url
        date = _warc_date(o.observed_at)
        req = writer.create_warc_record(
            uri, "request", http_headers=_request_headers(f, uri),
            warc_headers_dict={"WARC-Date": date},
        )  # fmt: skip
        with archive.open(sha) as fh:
            size = archive.path_for(sha).stat().st_size
            rec = writer.create_warc_record(
                uri, "response", payload=fh, length=size,
                http_headers=_response_headers(f, size, o.observed_at),
                warc_headers_dict={"WARC-Date": date},
            )  # fmt: skip
            record_id = rec.rec_headers.get_header("WARC-Record-ID")
            req.rec_headers.add_header("WARC-Concurrent-To", record_id)
            writer.write_record(rec)
        writer.write_record(req)
        first[sha] = (uri, date, rec.rec_headers.get_header("WARC-Payload-Digest"), record_id)
        responses += 1

    for o in observations:
        obs = o.fetch
        uri = obs.final_url or obs.fetched_url or obs.url
        date = _warc_date(o.observed_at)
        sha = obs.sha256
        concurrent: str | None = None
        if sha and sha not in first:
            if obs.not_modified:
                # A 304 sent no body: the payload is the capture that first downloaded it, so
                # the package is whole even when that capture is from an earlier run.
                response(store.original_capture(obs.url, sha) or o)
            else:
                response(o)
                concurrent = first[sha][3]
        if sha and concurrent is None:
            ref_uri, ref_date, digest, ref_id = first[sha]
            rec = writer.create_revisit_record(
                uri, digest, ref_uri, ref_date,
                http_headers=_response_headers(obs, None, o.observed_at),
                warc_headers_dict={"WARC-Date": date, "WARC-Refers-To": ref_id},
            )  # fmt: skip
            if obs.not_modified:
                rec.rec_headers.replace_header("WARC-Profile", _NOT_MODIFIED)
            writer.write_record(rec)
            concurrent = rec.rec_headers.get_header("WARC-Record-ID")
            revisits += 1
        meta = {
            "url_cited": obs.url, "fetched_url": obs.fetched_url, "final_url": obs.final_url,
            "verdict": obs.verdict, "reason": obs.reason, "http_status": obs.http_status,
            "sha256": sha, "bytes": obs.bytes, "not_modified": obs.not_modified,
            "redirects": list(obs.redirects),
            "fingerprint": o.fingerprint.to_dict() if o.fingerprint else None,
            "note": "payload is the decoded body; Content-Encoding removed from response headers",
        }  # fmt: skip
        extra = {"WARC-Date": date}
        if concurrent:
            extra["WARC-Concurrent-To"] = concurrent
        body = json.dumps(meta, ensure_ascii=False).encode()
        writer.write_record(
            writer.create_warc_record(
                uri, "metadata", payload=io.BytesIO(body), length=len(body),
                warc_content_type="application/json", warc_headers_dict=extra,
            )
        )  # fmt: skip
        metadata += 1
    return WarcSummary(responses, revisits, metadata)


def _request_headers(obs: FetchResult, uri: str) -> StatusAndHeaders:
    parts = urlsplit(uri)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = list(obs.request_headers)
    if not any(k.lower() == "host" for k, _ in headers):
        headers.insert(0, ("Host", parts.netloc))
    return StatusAndHeaders(f"GET {target} HTTP/1.1", headers, is_http_request=True)


def _response_headers(obs: FetchResult, size: int | None, observed_at: str) -> StatusAndHeaders:
    status = obs.http_status or 200
    headers = [(k, v) for k, v in obs.response_headers if k.lower() not in _DROP]
    if not any(k.lower() == "date" for k, _ in headers):
        # The store keeps the time of the observation, not the volatile Date header.
        when = datetime.strptime(observed_at[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC)
        headers.append(("Date", format_datetime(when, usegmt=True)))
    if size is not None:
        headers.append(("Content-Length", str(size)))
    version = f"HTTP/{obs.http_version}" if obs.http_version else "HTTP/1.1"
    return StatusAndHeaders(
        f"{status} {_REASONS.get(status, '')}".strip(), headers, protocol=version
    )


_NOT_MODIFIED = "http://netpreserve.org/warc/1.0/revisit/server-not-modified"


_REASONS = {200: "OK", 203: "Non-Authoritative Information", 206: "Partial Content",
            304: "Not Modified"}  # fmt: skip
