"""Drift: how a document, and each cited page, changed since an earlier observation.

Pure functions over plain snapshots (hashes and 64-bit simhash fingerprints), so every case is
tested without a network or a database. Document drift compares a run with the previous one;
page drift compares a cited page with its audit baseline, and says when the baseline text now
sits on another page ("relocated": a page inserted earlier moved page 33 to page 34).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from verifier.fingerprint.simhash import similarity as simhash_similarity

# Verdicts that mean the document was really there.
OK = "ok"
# A cited page whose best match elsewhere is at least this similar counts as moved there.
RELOCATION_THRESHOLD = 0.9


@dataclass(frozen=True, slots=True)
class Snapshot:
    verdict: str
    final_url: str | None = None
    sha256: str | None = None
    text_sha256: str | None = None
    simhash: str | None = None
    page_hashes: tuple[str, ...] = ()
    not_modified: bool = False  # a 304 confirmed the previous content


@dataclass(frozen=True, slots=True)
class Drift:
    kind: str  # new, unchanged, reencoded, changed, moved, broke, recovered
    detail: str = ""
    similarity: float | None = None
    changed_pages: tuple[int, ...] = ()  # pages (in the new version) whose text changed
    removed_pages: tuple[int, ...] = ()  # pages (in the old version) that are gone
    previous_final_url: str | None = None


def _page_changes(
    old: tuple[str, ...], new: tuple[str, ...]
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    changed: list[int] = []
    removed: list[int] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op in ("replace", "insert"):
            changed.extend(range(j1 + 1, j2 + 1))
        if op in ("replace", "delete") and i2 - i1 > j2 - j1:
            removed.extend(range(i1 + 1 + (j2 - j1), i2 + 1))
    return tuple(changed), tuple(removed)


def _describe(changed: tuple[int, ...], removed: tuple[int, ...], sim: float | None) -> str:
    parts = []
    if changed:
        parts.append(f"text changed on page{'s' if len(changed) > 1 else ''} {_ranges(changed)}")
    if removed:
        parts.append(
            f"page{'s' if len(removed) > 1 else ''} {_ranges(removed)} of the old version gone"
        )
    if sim is not None:
        parts.append(f"similarity {sim:.2f}")
    return "; ".join(parts) or "text changed"


def _ranges(pages: tuple[int, ...]) -> str:
    out: list[str] = []
    start = prev = pages[0]
    for p in [*pages[1:], None]:
        if p is not None and p == prev + 1:
            prev = p
            continue
        out.append(f"{start}" if start == prev else f"{start}-{prev}")
        if p is not None:
            start = prev = p
    return ", ".join(out)


def classify(prev: Snapshot | None, cur: Snapshot) -> Drift:
    """Classify the current observation of a URL against the previous one."""
    if prev is None:
        return Drift("new", "first observation")
    if prev.verdict == OK and cur.verdict != OK:
        return Drift("broke", f"was ok, now {cur.verdict}")
    if prev.verdict != OK and cur.verdict == OK:
        return Drift("recovered", f"was {prev.verdict}, now ok")
    if cur.verdict != OK:
        same = "still" if prev.verdict == cur.verdict else f"was {prev.verdict}, now"
        return Drift("unchanged", f"{same} {cur.verdict}")
    moved = bool(prev.final_url and cur.final_url and prev.final_url != cur.final_url)
    if cur.not_modified or (cur.sha256 and cur.sha256 == prev.sha256):
        content = Drift("unchanged", "304 Not Modified" if cur.not_modified else "same bytes", 1.0)
    elif cur.text_sha256 and cur.text_sha256 == prev.text_sha256:
        content = Drift("reencoded", "bytes changed, text identical", 1.0)
    else:
        sim = simhash_similarity(prev.simhash, cur.simhash)
        changed, removed = _page_changes(prev.page_hashes, cur.page_hashes)
        content = Drift("changed", _describe(changed, removed, sim), sim, changed, removed)
    if moved:
        return Drift(
            "moved",
            f"now served from {cur.final_url} (was {prev.final_url}); content {content.kind}",
            content.similarity,
            content.changed_pages,
            content.removed_pages,
            prev.final_url,
        )
    return content


@dataclass(frozen=True, slots=True)
class PageDrift:
    kind: str  # unchanged, changed, relocated, missing, unverifiable
    detail: str
    similarity: float | None = None
    page: int | None = None  # where the baseline text is now (relocated) or the cited page


def compare_page(
    cited: int,
    baseline_hash: str,
    baseline_simhash: str | None,
    hashes: tuple[str, ...],
    simhashes: tuple[str | None, ...],
) -> PageDrift:
    """A cited page (1-based physical index) against its baseline text."""
    if not hashes:
        return PageDrift("unverifiable", "no page text in the current version")
    here = hashes[cited - 1] if 0 < cited <= len(hashes) else None
    if here == baseline_hash:
        return PageDrift("unchanged", f"page {cited} text identical to the baseline", 1.0, cited)
    exact = [i + 1 for i, h in enumerate(hashes) if h == baseline_hash]
    if exact:
        to = min(exact, key=lambda p: abs(p - cited))
        return PageDrift(
            "relocated", f"the baseline text of page {cited} is now on page {to}", 1.0, to
        )
    sims = [simhash_similarity(baseline_simhash, s) for s in simhashes]
    sim_here = sims[cited - 1] if 0 < cited <= len(sims) else None
    best = max(((s, i + 1) for i, s in enumerate(sims) if s is not None), default=(None, None))
    if (
        best[0] is not None
        and best[1] != cited
        and best[0] >= RELOCATION_THRESHOLD
        and (sim_here is None or best[0] > sim_here + 0.05)
    ):
        return PageDrift(
            "relocated",
            f"the baseline text of page {cited} is now on page {best[1]} "
            f"(similarity {best[0]:.2f})",
            best[0],
            best[1],
        )
    if here is None:
        return PageDrift("missing", f"page {cited} no longer exists ({len(hashes)} pages)")
    detail = f"page {cited} text changed since the baseline"
    if sim_here is not None:
        detail += f" (similarity {sim_here:.2f})"
    return PageDrift("changed", detail, sim_here, cited)
