"""How a document changed since the previous run, and how a cited page compares with its audit
baseline: the results of `verifier.drift`, shared by the report and the history commands."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from verifier.models.kinds import DriftKind, PageDriftKind


@dataclass(frozen=True, slots=True)
class Drift:
    kind: DriftKind
    detail: str = ""
    similarity: float | None = None
    changed_pages: tuple[int, ...] = ()  # pages (in the new version) whose text changed
    removed_pages: tuple[int, ...] = ()  # pages (in the old version) that are gone
    previous_final_url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"kind": self.kind, "detail": self.detail}
        if self.similarity is not None:
            d["similarity"] = self.similarity
        if self.changed_pages:
            d["changed_pages"] = list(self.changed_pages)
        if self.removed_pages:
            d["removed_pages"] = list(self.removed_pages)
        if self.previous_final_url is not None:
            d["previous_final_url"] = self.previous_final_url
        return d


@dataclass(frozen=True, slots=True)
class PageDrift:
    """A cited page against its baseline text."""

    kind: PageDriftKind
    detail: str
    similarity: float | None = None
    page: int | None = None  # where the baseline text is now (relocated) or the cited page
