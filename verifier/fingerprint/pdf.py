"""PDF fingerprint with pypdf: per-page normalised text and hashes, page labels, printed page
numbers, image-only pages, metadata. Runs inside a worker process (see pool.py)."""

from __future__ import annotations

import hashlib
import re
from typing import Any

import pypdf
from pypdf import PdfReader
from pypdf.errors import LimitReachedError

from verifier.fingerprint.normalise import normalise
from verifier.fingerprint.simhash import simhash
from verifier.models import Fingerprint, PageText, Unparseable

EXTRACTOR = f"pypdf {pypdf.__version__}"
_PRINTED = [
    re.compile(r"^(\d{1,4})$"),
    re.compile(r"^[-–—]\s*(\d{1,4})\s*[-–—]$"),
    re.compile(r"^(?:page|p\.)\s*(\d{1,4})(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE),
    re.compile(r"^(\d{1,4})\s*/\s*\d{1,4}$"),
    re.compile(r"^第\s*(\d{1,4})\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?$"),
]


def printed_number(raw: str) -> int | None:
    """The page number printed in the first or last lines of a page, when exactly one is."""
    lines = [ln.strip() for ln in raw.splitlines() if ln.strip()]
    found: set[int] = set()
    for line in lines[:2] + lines[-2:]:
        for pattern in _PRINTED:
            m = pattern.match(line)
            if m:
                found.add(int(m.group(1)))
    return found.pop() if len(found) == 1 else None


def _metadata(reader: PdfReader) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    try:
        meta = reader.metadata
    except Exception:  # damaged info dictionary: fingerprint without it
        return {"error": "metadata unreadable"}
    if meta is None:
        return out
    for key, pdf_key in (("title", "/Title"), ("author", "/Author"), ("producer", "/Producer"),
                         ("creator", "/Creator"), ("creation_date", "/CreationDate"),
                         ("modification_date", "/ModDate")):  # fmt: skip
        try:
            value: Any = meta.get(pdf_key)
            out[key] = str(value)[:500] if value is not None else None
        except Exception:
            out[key] = None
    return out


def fingerprint_pdf(path: str, sha256: str, size: int, max_pages: int) -> Fingerprint:
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception as exc:
                raise Unparseable(f"encrypted PDF that cannot be opened: {exc}") from None
            if not opened:
                raise Unparseable("encrypted PDF: a password is needed to read it")
        count = len(reader.pages)
    except Unparseable:
        raise
    except Exception as exc:
        raise Unparseable(f"not a readable PDF: {type(exc).__name__}: {str(exc)[:200]}") from None
    if count == 0:
        raise Unparseable("PDF has no pages")
    warnings: list[str] = []
    if count > max_pages:
        warnings.append(f"only the first {max_pages} of {count} pages were read")
    try:
        root = reader.trailer["/Root"]
        has_labels = "/PageLabels" in root
        labels = reader.page_labels if has_labels else []
    except Exception:
        has_labels, labels = False, []
        warnings.append("page labels unreadable")
    pages: list[PageText] = []
    for i in range(min(count, max_pages)):
        try:
            raw = reader.pages[i].extract_text() or ""
        except LimitReachedError as exc:
            raise Unparseable(
                f"decompression bomb or oversized stream on page {i + 1}: {exc}"
            ) from None
        except Exception as exc:
            raw = ""
            warnings.append(f"page {i + 1}: text unreadable ({type(exc).__name__})")
        text = normalise(raw)
        pages.append(
            PageText(
                index=i + 1,
                text=text,
                text_sha256=hashlib.sha256(text.encode()).hexdigest(),
                simhash=simhash(text),
                label=labels[i] if has_labels and i < len(labels) else None,
                printed=printed_number(raw),
            )
        )
    whole = "\n".join(p.text for p in pages)
    meta = _metadata(reader)
    return Fingerprint(
        sha256=sha256,
        bytes=size,
        type="pdf",
        extractor=EXTRACTOR,
        text_sha256=hashlib.sha256(whole.encode()).hexdigest(),
        simhash=simhash(whole),
        page_count=count,
        has_page_labels=has_labels,
        title=meta.get("title"),
        metadata=meta,
        pages=tuple(pages),
        warnings=tuple(warnings),
    )
