"""HTML fingerprint: title and visible text (scripts and styles removed), with the same hashes."""

from __future__ import annotations

import hashlib

from verifier.fingerprint import simhash as similarity
from verifier.fingerprint.normalise import normalise
from verifier.html_text import visible_text
from verifier.models import Fingerprint, PageText

EXTRACTOR = "beautifulsoup4"


def fingerprint_html(data: bytes, sha256: str, *, simhash: bool = True) -> Fingerprint:
    """`simhash=False` leaves the similarity hash to the comparison that needs it."""
    raw_title, raw_text = visible_text(data)
    title = normalise(raw_title) if raw_title is not None else None
    text = normalise(raw_text)
    digest = hashlib.sha256(text.encode()).hexdigest()
    fp_hash = similarity.simhash(text) if simhash else ""
    return Fingerprint(
        sha256=sha256,
        bytes=len(data),
        type="html",
        extractor=EXTRACTOR,
        text_sha256=digest,
        simhash=fp_hash,
        title=title or None,
        # One "page" holding the visible text, so phrase checks work the same way.
        pages=(PageText(1, text, digest, fp_hash),),
    )
