"""Fingerprint stage: what each fetched document says, page by page, hashed and comparable."""

from verifier.fingerprint.pool import ParserPool
from verifier.models import Fingerprint, PageText, Unparseable

__all__ = ["Fingerprint", "PageText", "ParserPool", "Unparseable", "current_extractor"]


def current_extractor(kind: str | None) -> str | None:
    """The extractor this version reads a document type with (None: not fingerprinted). A stored
    fingerprint made by another extractor is read again, never reused or compared as drift."""
    if kind == "pdf":
        from verifier.fingerprint.pdf import EXTRACTOR

        return EXTRACTOR
    if kind == "html":
        from verifier.fingerprint.html import EXTRACTOR as HTML_EXTRACTOR

        return HTML_EXTRACTOR
    return None
