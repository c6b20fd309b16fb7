"""Fingerprints parsed earlier in this run, by content digest, within a text budget.

The same bytes under several URLs (a report on a mirror, http and https, a URL with and
without a query string) are parsed once while the first parse is in flight; after it settles
its page texts are let go, so memory follows the documents in flight, not the run. This keeps
the most recent ones up to `budget_chars` of page text (32 MiB of text at most by default):
a duplicate found here is not parsed again, and memory stays bounded whatever the run's size.
Contents that could not be parsed are remembered too (their reason, for the last
MAX_FAILURES): a duplicate of a PDF that hit the parse time limit must not cost it again.
"""

from __future__ import annotations

from collections import OrderedDict

from verifier.models import Fingerprint

BUDGET_CHARS = 8_000_000  # about 32 MiB of str in the worst case (4 bytes a character)
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
        size = sum(len(p.text) for p in fp.pages)
        if sha256 in self._kept or size > self.budget:
            return
        self._kept[sha256] = (fp, size)
        self._chars += size
        while self._chars > self.budget:
            _, (_, freed) = self._kept.popitem(last=False)
            self._chars -= freed

    def failure(self, sha256: str | None) -> str | None:
        """Why this content could not be parsed earlier in the run, if it could not."""
        return self._failed.get(sha256 or "")

    def put_failure(self, sha256: str, reason: str) -> None:
        self._failed[sha256] = reason
        if len(self._failed) > MAX_FAILURES:
            self._failed.popitem(last=False)
