"""Observations for store tests, built the way the pipeline builds them (typed, never rows)."""

import hashlib

from verifier.fingerprint.simhash import simhash
from verifier.models import FetchResult, Fingerprint, Observation, PageText, Verdict
from verifier.store.history import utcnow


def page(index: int, text: str, label: str | None = None) -> PageText:
    return PageText(index, text, hashlib.sha256(text.encode()).hexdigest(), simhash(text), label)


def observation(
    url: str,
    verdict: str = "ok",
    *,
    pages: tuple[PageText, ...] | None = None,
    texts: tuple[str, ...] = (),
    observed_at: str | None = None,
    **fetch: object,
) -> Observation:
    """An observation of `url`; `texts` (or `pages`) give it a PDF fingerprint."""
    fields: dict[str, object] = {"fetched_url": url, "final_url": None, "reason": "", **fetch}
    for key in ("redirects", "request_headers", "response_headers"):
        if key in fields:
            fields[key] = tuple(tuple(v) if isinstance(v, list) else v for v in fields[key])  # type: ignore[union-attr]
    r = FetchResult(url=url, verdict=Verdict(verdict), **fields)  # type: ignore[arg-type]
    if texts and pages is None:
        pages = tuple(page(i, t) for i, t in enumerate(texts, 1))
    fp = None
    if pages is not None:
        whole = "\n".join(p.text for p in pages)
        fp = Fingerprint(
            r.sha256 or "0" * 64, r.bytes or 0, "pdf", "test", hashlib.sha256(whole.encode()).hexdigest(),
            simhash(whole), page_count=len(pages), pages=pages,
        )  # fmt: skip
    return Observation(r, fp, observed_at or utcnow())
