"""Write the site: index.html, reports/*.html and documents/*.html into one directory.

Pages are written to temporary names and renamed into place; pages left from an earlier build
for reports or documents no longer shown are removed, so the directory is exactly the site.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from verifier.site.collect import SiteData
from verifier.site.common import document_path, report_path
from verifier.site.document_page import render_document
from verifier.site.index import render_index
from verifier.site.report_page import render_report


@dataclass(frozen=True, slots=True)
class Built:
    pages: int
    bytes: int


def write_site(site: SiteData, out: Path) -> Built:
    pages: dict[str, str] = {"index.html": render_index(site)}
    for r in site.reports:
        pages[report_path(r.name)] = render_report(site, r)
    by_name = {r.name: r for r in site.reports}
    for url, view in site.documents.items():
        pages[document_path(url)] = render_document(site, view, by_name)
    total = 0
    for sub in ("reports", "documents"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    for rel, text in pages.items():
        data = text.encode("utf-8")
        path = out / rel
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
        total += len(data)
    for sub in ("reports", "documents"):
        for old in (out / sub).glob("*.html"):
            if f"{sub}/{old.name}" not in pages:
                old.unlink()
    return Built(len(pages), total)
