"""A replayable evidence package: WACZ 1.1.1 (webrecorder's Web Archive Collection Zipped).

An auditor opens the file in ReplayWeb.page and sees each cited document as it was served. The
WARC inside is written with warcio (a request and a response record with its payload per
document), the CDXJ index with webrecorder's cdxj-indexer; the rest of the format is a zip
and three small JSON files, written here. The `wacz` package (py-wacz) is kept as a test-only
validator: as a library it is a command line wrapped around argparse, and it pulls in about
70 MB of dependencies (frictionless, pydantic) that writing a package does not need.

What proves the package unaltered: `datapackage.json` lists every file with its SHA-256,
`datapackage-digest.json` holds the SHA-256 of `datapackage.json`, and every response record
carries the SHA-1 payload digest WARC uses. Each payload is checked against the SHA-256 the
evidence archive gave it before it is written, so a corrupted archive fails loudly instead of
being packaged.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
import zipfile
from base64 import b32encode
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from verifier import __version__

WACZ_VERSION = "1.1.1"
WARC_NAME = "evidence.warc.gz"
_DROP = {"content-encoding", "transfer-encoding", "content-length", "connection", "keep-alive"}


class WaczError(ValueError):
    """The package cannot be written; the message is one line."""


class WaczRecord(NamedTuple):
    url: str
    warc_date_iso: str  # when it was fetched, ISO 8601 (naive means UTC)
    http_status: int
    headers: list[tuple[str, str]]  # response headers as served
    body_path: str | None  # the stored (decoded) body; None for a redirect (no payload)
    sha256: str | None  # hex, as the evidence archive names it; None with body_path None


@dataclass(frozen=True, slots=True)
class Page:
    url: str
    ts: str | None = None  # ISO 8601; defaults to the first capture of the URL, else now
    title: str | None = None


@dataclass(frozen=True, slots=True)
class WaczSummary:
    path: Path
    responses: int  # response records written (redirects included)
    pages: int  # entries in pages.jsonl
    sha256: str  # of the .wacz file itself, for the report or a ticket


def _date(iso: str) -> datetime:
    try:
        when = datetime.fromisoformat(iso.strip())
    except (ValueError, AttributeError):
        raise WaczError(f"not an ISO 8601 date: {str(iso)[:60]!r}") from None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _iso(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _digests(path: str) -> tuple[str, str, int]:
    """SHA-256 (hex) and WARC's SHA-1 payload digest of a file, in one read."""
    h256, h1, size = hashlib.sha256(), hashlib.sha1(), 0  # noqa: S324 - WARC digests are SHA-1
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                h256.update(chunk)
                h1.update(chunk)
                size += len(chunk)
    except OSError as exc:
        raise WaczError(f"cannot read stored body {path}: {exc.strerror or exc}") from None
    return h256.hexdigest(), "sha1:" + b32encode(h1.digest()).decode(), size


def _response_headers(status: int, headers: list[tuple[str, str]], size: int) -> StatusAndHeaders:
    kept = [(k, v) for k, v in headers if k.lower() not in _DROP]
    kept.append(("Content-Length", str(size)))
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = ""
    return StatusAndHeaders(f"{status} {phrase}".strip(), kept, protocol="HTTP/1.1")


def _request_headers(url: str) -> StatusAndHeaders:
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return StatusAndHeaders(
        f"GET {target} HTTP/1.1",
        [("Host", parts.netloc), ("User-Agent", f"verifier/{__version__}")],
        is_http_request=True,
    )


def write_warc(records: Iterable[WaczRecord], out: io.BufferedIOBase, *, title: str) -> int:
    """A request and a response record (with payload) per record; returns the responses
    (redirects included)."""
    writer = WARCWriter(out, gzip=True)
    info = {"software": f"verifier/{__version__} (warcio)", "format": "WARC File Format 1.0",
            "description": title}  # fmt: skip
    writer.write_record(writer.create_warcinfo_record(WARC_NAME, info))
    count = 0
    for rec in records:
        date = _iso(_date(rec.warc_date_iso))
        if rec.body_path is None:
            # A redirect the cited URL answered with: replay follows it to the document.
            if not 300 <= rec.http_status < 400:
                raise WaczError(f"no stored body for {rec.url} (HTTP {rec.http_status})")
            body, sha1, size = None, None, 0
        else:
            sha256, sha1, size = _digests(rec.body_path)
            if sha256 != (rec.sha256 or "").strip().lower():
                raise WaczError(f"stored body for {rec.url} hashes to {sha256}, not {rec.sha256}")
            body = open(rec.body_path, "rb")  # noqa: SIM115 - closed below, after writing
        warc_headers = {"WARC-Date": date}
        if sha1:
            warc_headers["WARC-Payload-Digest"] = sha1
        try:
            response = writer.create_warc_record(
                rec.url, "response", payload=body, length=size,
                http_headers=_response_headers(rec.http_status, rec.headers, size),
                warc_headers_dict=warc_headers,
            )  # fmt: skip
            writer.write_record(response)
        finally:
            if body is not None:
                body.close()
        request = writer.create_warc_record(
            rec.url, "request", http_headers=_request_headers(rec.url),
            warc_headers_dict={
                "WARC-Date": date,
                "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID"),
            },
        )  # fmt: skip
        writer.write_record(request)
        count += 1
    return count


def _index(warc_path: str) -> bytes:
    """Sorted CDXJ lines for the WARC, `filename` relative to the package's archive/ folder."""
    # Imported here: cdxj_indexer pulls in pyamf and more, 0.2 s at every start of verifier.
    from cdxj_indexer.main import CDXJIndexer

    out = io.StringIO()
    CDXJIndexer(out, [warc_path], sort=True, post_append=True, filename=WARC_NAME).process_all()
    return out.getvalue().encode("utf-8")


def _pages(
    pages: Iterable[str | Page], first_seen: dict[str, str], created: str
) -> tuple[bytes, int]:
    lines = [{"format": "json-pages-1.0", "id": "pages", "title": "Cited documents"}]
    seen: set[str] = set()
    for p in pages:
        page = Page(p) if isinstance(p, str) else p
        if page.url in seen:
            continue
        seen.add(page.url)
        entry: dict[str, str] = {"id": hashlib.sha256(page.url.encode()).hexdigest()[:32],
                                 "url": page.url}  # fmt: skip
        # `ts` is required: a document never captured gets the time the caller gives, else now.
        entry["ts"] = _iso(_date(page.ts)) if page.ts else first_seen.get(page.url, created)
        if page.title:
            entry["title"] = page.title
        lines.append(entry)
    text = b"".join(json.dumps(x, ensure_ascii=False).encode() + b"\n" for x in lines)
    return text, len(lines) - 1


def write_wacz(
    records: Iterable[WaczRecord | tuple[str, str, int, list[tuple[str, str]], str, str]],
    pages: Iterable[str | Page],
    out_path: str | Path,
    *,
    title: str,
    description: str | None = None,
) -> WaczSummary:
    """Write the package to `out_path` (atomically: a temporary name, then a rename)."""
    out = Path(out_path)
    recs = [WaczRecord(*r) for r in records]
    first_seen: dict[str, str] = {}
    for r in sorted(recs, key=lambda r: _date(r.warc_date_iso)):
        first_seen.setdefault(r.url, _iso(_date(r.warc_date_iso)))
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".wacz-") as work:
        warc_path = os.path.join(work, WARC_NAME)
        with open(warc_path, "wb") as fh:
            responses = write_warc(recs, fh, title=title)
        created = _iso(datetime.now(UTC))
        page_lines, page_count = _pages(pages, first_seen, created)
        files: list[tuple[str, bytes | str]] = [
            (f"archive/{WARC_NAME}", warc_path),
            ("indexes/index.cdx", _index(warc_path)),
            ("pages/pages.jsonl", page_lines),
        ]
        tmp_out = os.path.join(work, "package.wacz")
        _zip(files, tmp_out, created, title, description)
        os.replace(tmp_out, out)
    return WaczSummary(out, responses, page_count, _file_sha256(out))


def _zip(
    files: list[tuple[str, bytes | str]],
    path: str,
    created: str,
    title: str,
    description: str | None,
) -> None:
    stamp = datetime.strptime(created, "%Y-%m-%dT%H:%M:%SZ").timetuple()[:6]
    resources = []
    with zipfile.ZipFile(path, "w", allowZip64=True) as zf:
        for name, content in files:
            info = zipfile.ZipInfo(name, stamp)
            # WARCs are stored as they are (already gzip, and replay reads them by offset).
            info.compress_type = zipfile.ZIP_STORED if name.startswith("archive/") else (
                zipfile.ZIP_DEFLATED
            )  # fmt: skip
            if isinstance(content, str):
                info.file_size = os.path.getsize(content)  # lets zipfile choose ZIP64 up front
            digest, size = hashlib.sha256(), 0
            with zf.open(info, "w") as dst:
                src = open(content, "rb") if isinstance(content, str) else io.BytesIO(content)  # noqa: SIM115
                with src:
                    while chunk := src.read(1 << 20):
                        digest.update(chunk)
                        size += len(chunk)
                        dst.write(chunk)
            resources.append({"name": os.path.basename(name).lower(), "path": name,
                              "hash": f"sha256:{digest.hexdigest()}", "bytes": size})  # fmt: skip
        package: dict[str, object] = {
            "profile": "data-package",
            "wacz_version": WACZ_VERSION,
            "title": title,
            "created": created,
            "software": f"verifier/{__version__} (warcio, cdxj-indexer)",
            "resources": resources,
        }
        if description:
            package["description"] = description
        package_bytes = json.dumps(package, indent=2, ensure_ascii=False).encode()
        digest_doc = {"path": "datapackage.json",
                      "hash": f"sha256:{hashlib.sha256(package_bytes).hexdigest()}"}  # fmt: skip
        for name, data in (
            ("datapackage.json", package_bytes),
            ("datapackage-digest.json", json.dumps(digest_doc, indent=2).encode()),
        ):
            info = zipfile.ZipInfo(name, stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)


def _file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()
