"""Fingerprints parsed earlier in this run, by content digest, within a text budget.

The same bytes under several URLs (a report on a mirror, http and https, a URL with and
without a query string) are parsed once while the first parse is in flight; after it settles
its page texts are let go, so memory follows the documents in flight, not the run. This keeps
the most recent ones within a budget: each is charged its page text plus PAGE_COST a page and
ENTRY_COST (the hashes and objects beside the text; an image-only PDF has no text but still
costs), and at most MAX_ENTRIES are kept. A duplicate found here is not parsed again, and memory
stays bounded whatever the run's size. Contents that could not be parsed are remembered too
(their reason, for the last MAX_FAILURES), when the cause was the content (a time or memory
limit, a parser's refusal): a copy of a PDF that hit the time limit must not cost it again.
"""

from __future__ import annotations

from collections import OrderedDict

from verifier.models import Fingerprint

BUDGET_CHARS = 8_000_000  # about 32 MiB of str in the worst case (4 bytes a character)
PAGE_COST = 400  # a PageText's hashes and object, in characters' worth
ENTRY_COST = 2_000
MAX_ENTRIES = 5_000
MAX_FAILURES = 10_000


class RecentFingerprints:
    def __init__(self, budget_chars: int = BUDGET_CHARS) -> None:
        self.budget = budget_chars
        self._kept: OrderedDict[str, tuple[Fingerprint, int]] = OrderedDict()
        self._chars = 0
        self._failed: OrderedDict[str, str] = OrderedDict()

    def get(self, sha256: str | None) -> Fingerprint | None:
        found = self._kept.get(sha256 or "")
        if found is None:
            return None
        self._kept.move_to_end(sha256 or "")
        return found[0]

    def put(self, sha256: str, fp: Fingerprint) -> None:
        size = ENTRY_COST + sum(len(p.text) + PAGE_COST for p in fp.pages)
        if sha256 in self._kept or size > self.budget:
            return
        self._kept[sha256] = (fp, size)
        self._chars += size
        while self._chars > self.budget or len(self._kept) > MAX_ENTRIES:
            _, (_, freed) = self._kept.popitem(last=False)
            self._chars -= freed

    def failure(self, sha256: str | None) -> str | None:
        """Why this content could not be parsed earlier in the run, if it could not."""
        return self._failed.get(sha256 or "")

    def put_failure(self, sha256: str, reason: str) -> None:
        self._failed[sha256] = reason
        if len(self._failed) > MAX_FAILURES:
            self._failed.popitem(last=False)
