"""Document drift: the current observation of a URL against the previous one."""

from __future__ import annotations

import difflib

from verifier.drift.likeness import Fill, as_is
from verifier.fingerprint.simhash import similarity as simhash_similarity
from verifier.models import Drift, DriftKind, Observation


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


def classify(prev: Observation | None, cur: Observation, fill: Fill = as_is) -> Drift:
    """Classify the current observation of a URL against the previous one. `fill` gives a
    fingerprint its similarity hashes, asked only when the texts of the two differ."""
    if prev is None:
        return Drift(DriftKind.NEW, "first observation")
    was, now = prev.fetch.verdict, cur.fetch.verdict
    if prev.ok and not cur.ok:
        return Drift(DriftKind.BROKE, f"was ok, now {now}")
    if not prev.ok and cur.ok:
        return Drift(DriftKind.RECOVERED, f"was {was}, now ok")
    if not cur.ok:
        same = "still" if was == now else f"was {was}, now"
        return Drift(DriftKind.UNCHANGED, f"{same} {now}")
    p, c = prev.fingerprint, cur.fingerprint
    if cur.fetch.not_modified or (cur.fetch.sha256 and cur.fetch.sha256 == prev.fetch.sha256):
        detail = "304 Not Modified" if cur.fetch.not_modified else "same bytes"
        content = Drift(DriftKind.UNCHANGED, detail, 1.0)
    elif c and p and c.text_sha256 == p.text_sha256:
        content = Drift(DriftKind.REENCODED, "bytes changed, text identical", 1.0)
    elif c and p and c.extractor != p.extractor:
        # New bytes read by a new engine: the text differs for both reasons, so no page-level
        # claim is made (an engine change alone is never drift: same bytes are "unchanged").
        content = Drift(DriftKind.CHANGED, f"bytes changed; the text was read by {c.extractor} "
                        f"(was {p.extractor}), so pages are not compared")  # fmt: skip
    else:
        if p and c:
            p, c = fill(p), fill(c)
        sim = simhash_similarity(p.simhash if p else None, c.simhash if c else None)
        changed, removed = _page_changes(
            p.alignment_hashes(c) if p else (), c.alignment_hashes(p) if c else ()
        )
        content = Drift(DriftKind.CHANGED, _describe(changed, removed, sim), sim, changed, removed)
    if prev.landing != cur.landing:
        return Drift(
            DriftKind.MOVED,
            f"now served from {cur.fetch.final_url} (was {prev.fetch.final_url}); "
            f"content {content.kind}",
            content.similarity,
            content.changed_pages,
            content.removed_pages,
            prev.fetch.final_url,
        )
    return content
