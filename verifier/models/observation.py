"""One recorded observation of a document: what the crawl got and what its text was, at a time.

The history store reads and writes this shape and no other, so drift, baselines and reports see
the same object whether it was fetched a second ago or read back from a run a year old.
"""

from __future__ import annotations

from dataclasses import dataclass

from verifier.models.fetch import FetchResult, Validator
from verifier.models.fingerprint import Fingerprint
from verifier.models.kinds import Verdict


@dataclass(frozen=True, slots=True)
class Observation:
    fetch: FetchResult
    fingerprint: Fingerprint | None
    observed_at: str  # ISO 8601 UTC
    run_id: int | None = None  # set once stored
    id: int | None = None  # set once stored

    @property
    def url(self) -> str:
        return self.fetch.url

    @property
    def ok(self) -> bool:
        return self.fetch.verdict == Verdict.OK

    @property
    def has_content(self) -> bool:
        return self.fetch.sha256 is not None

    @property
    def landing(self) -> str:
        """Where the URL ended up, relative to where it was fetched: a run against a replica on
        another port must not read as 'moved' when nothing redirected."""
        fetched, final = self.fetch.fetched_url, self.fetch.final_url
        if not final or final == fetched:
            return "(no redirect)"
        if fetched:
            base = fetched.split("/", 3)[:3]
            if final.split("/", 3)[:3] == base:
                return "/" + (final.split("/", 3)[3] if final.count("/") >= 3 else "")
        return final

    def validator(self) -> Validator | None:
        """Conditional-request validators, only from an ok observation: a URL that failed is
        always fetched in full again."""
        f = self.fetch
        if f.verdict != Verdict.OK or not f.sha256 or not (f.etag or f.last_modified):
            return None
        return Validator(f.etag, f.last_modified, f.sha256, f.bytes, f.detected_type,
                         f.content_type, f.sha1)  # fmt: skip
