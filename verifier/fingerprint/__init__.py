"""Fingerprint stage: what each fetched document says, page by page, hashed and comparable."""

from verifier.fingerprint.model import Fingerprint, PageText, Unparseable
from verifier.fingerprint.pool import ParserPool

__all__ = ["Fingerprint", "PageText", "ParserPool", "Unparseable"]
