"""Export the captures of a run as a standard WARC file (ISO 28500), built with warcio.

Per run: one `warcinfo` record. Per observation with archived content: a `request` record (the
headers we sent), a `response` record (status, headers and the archived body), and a `metadata`
record (our SHA-256, verdict, reason and fingerprint summary: warcio's own digests are SHA-1).
A payload already written earlier in the file, or a 304 that confirmed known content, becomes a
`revisit` record pointing at that capture, so storage grows only with drift. Observations with
no content (404, unreachable, blocked...) get a metadata record with their verdict.

The archived body is the decoded payload (aiohttp undoes gzip/br), so Content-Encoding and
Transfer-Encoding are dropped from the recorded response headers and Content-Length is the
payload's length; the metadata record says so.
"""

from __future__ import annotations

import base64
import hashlib
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
from verifier.models import FetchResult
from verifier.store.archive import EvidenceArchive
from verifier.store.history import HistoryStore

_DROP = {"content-encoding", "transfer-encoding", "content-length", "connection", "keep-alive"}


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
    first: dict[str, tuple[str, str, str]] = {}  # sha256 -> (uri, date, sha1 digest)
    responses = revisits = metadata = 0
    for o in store.observations(run_id):
        obs = o.fetch
        uri = obs.final_url or obs.fetched_url or obs.url
        date = _warc_date(o.observed_at)
        sha = obs.sha256
        concurrent: str | None = None
        if obs.not_modified and sha:
            # A 304: the server confirmed the content of an earlier capture, sent no body.
            original = store.original_capture(obs.url, sha)
            ref_uri = (original.fetch.final_url or original.url) if original else uri
            ref_date = _warc_date(original.observed_at) if original else date
            digest = first[sha][2] if sha in first else _payload_digest(archive, sha)
            rec = writer.create_revisit_record(
                uri, digest or "sha1:", ref_uri, ref_date,
                http_headers=_response_headers(obs, None, o.observed_at),
                warc_headers_dict={"WARC-Date": date},
            )  # fmt: skip
            rec.rec_headers.replace_header("WARC-Profile", _NOT_MODIFIED)
            writer.write_record(rec)
            concurrent = rec.rec_headers.get_header("WARC-Record-ID")
            revisits += 1
        elif sha and sha in first:
            ref_uri, ref_date, digest = first[sha]
            rec = writer.create_revisit_record(
                uri, digest, ref_uri, ref_date,
                http_headers=_response_headers(obs, None, o.observed_at),
                warc_headers_dict={"WARC-Date": date},
            )  # fmt: skip
            writer.write_record(rec)
            concurrent = rec.rec_headers.get_header("WARC-Record-ID")
            revisits += 1
        elif sha and archive.has(sha):
            req = writer.create_warc_record(
                uri, "request", http_headers=_request_headers(obs, uri),
                warc_headers_dict={"WARC-Date": date},
            )  # fmt: skip
            with archive.open(sha) as fh:
                size = archive.path_for(sha).stat().st_size
                rec = writer.create_warc_record(
                    uri, "response", payload=fh, length=size,
                    http_headers=_response_headers(obs, size, o.observed_at),
                    warc_headers_dict={"WARC-Date": date},
                )  # fmt: skip
                req.rec_headers.add_header(
                    "WARC-Concurrent-To", rec.rec_headers.get_header("WARC-Record-ID")
                )
                writer.write_record(rec)
            writer.write_record(req)
            concurrent = rec.rec_headers.get_header("WARC-Record-ID")
            first[sha] = (uri, date, rec.rec_headers.get_header("WARC-Payload-Digest"))
            responses += 1
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


def _payload_digest(archive: EvidenceArchive, sha256: str) -> str | None:
    """WARC's SHA-1 payload digest of an archived body (base32, as warcio writes it)."""
    if not archive.has(sha256):
        return None
    h = hashlib.sha1()  # noqa: S324 - WARC payload digests are SHA-1 by convention
    with archive.open(sha256) as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return "sha1:" + base64.b32encode(h.digest()).decode()


_REASONS = {200: "OK", 203: "Non-Authoritative Information", 206: "Partial Content",
            304: "Not Modified"}  # fmt: skip
