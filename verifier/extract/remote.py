"""Reading a report given as an http(s) URL: fetched by the crawler (same safety policy, limits,
retries and verdicts as evidence), then extracted like a file of the type its bytes show."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import tempfile
from dataclasses import replace

from verifier.extract.errors import ExtractError
from verifier.extract.readers import Reader, read_html_bytes, read_pdf_bytes, read_text_bytes
from verifier.settings import CrawlSettings, ExtractSettings


def fetch_report(
    url: str, settings: ExtractSettings, *, allow_private: bool = False
) -> tuple[Reader, bytes]:
    from verifier.crawl import crawl

    crawl_settings = replace(
        CrawlSettings(),
        max_body_bytes=settings.max_download_bytes,
        document_timeout_s=settings.download_timeout_s,
        per_host_delay_s=0,
    )
    with tempfile.TemporaryDirectory(prefix="verifier-report-") as spool:
        result = asyncio.run(
            crawl([url], crawl_settings, spool_dir=spool, allow_private=allow_private)
        )[url]
        try:
            if result.verdict == "too_large":
                raise ExtractError(
                    f"report larger than the {settings.max_download_bytes}-byte limit"
                )
            if result.body_path is None or result.verdict not in ("ok", "wrong_type"):
                raise ExtractError(f"cannot fetch the report: {result.verdict}: {result.reason}")
            with open(result.body_path, "rb") as fh:
                data = fh.read()
        finally:
            if result.body_path:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(result.body_path)
    if result.detected_type == "pdf":
        return read_pdf_bytes, data
    if result.detected_type == "html":
        return functools.partial(read_html_bytes, base_url=result.final_url or url), data
    return read_text_bytes, data
