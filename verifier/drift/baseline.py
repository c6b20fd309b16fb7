"""Each cited page against the version the audit relied on: the pinned baseline, else the first
ok observation. Says when the baseline text now sits on another page ("relocated")."""

from __future__ import annotations

from dataclasses import replace

from verifier.checks.pages import resolve
from verifier.drift.likeness import Fill, as_is
from verifier.drift.pages import compare_page
from verifier.models import (
    Baseline,
    BaselinePage,
    Citation,
    Fingerprint,
    Observation,
    PageDrift,
    PageDriftKind,
)

Aligned = tuple[Fingerprint, Fingerprint, tuple[str, ...], frozenset[str], bool]


def _aligned(
    current: Fingerprint, then: Fingerprint, memo: dict[tuple[int, int], Aligned] | None
) -> Aligned:
    """The current version's alignment hashes against the baseline's (as a tuple and a set),
    and whether both have body hashes: once per pair of versions when a `memo` is given (a
    run's citations of one document share them). The pair is kept in the memo, so the ids
    keying it stay theirs while it lives."""
    key = (id(current), id(then))
    found = memo.get(key) if memo is not None else None
    if found is None:
        hashes = current.alignment_hashes(then)
        by_body = all(p.body_sha256 for p in (*current.pages, *then.pages))
        found = (current, then, hashes, frozenset(hashes), by_body)
        if memo is not None:
            memo[key] = found
    return found


def compare_with_baseline(
    c: Citation,
    current: Fingerprint | None,
    base: Observation | None,
    *,
    pinned: bool,
    run_id: int,
    fill: Fill = as_is,
    memo: dict[tuple[int, int], Aligned] | None = None,
) -> Baseline | None:
    """None when there is nothing to compare: not evidence, nothing read now, no baseline.
    `fill` gives a fingerprint its similarity hashes, asked only when a cited page's baseline
    text is found on no page of the current version. `memo`: a dict the caller keeps for a
    run, so the citations of one document align its versions once."""
    if not c.evidence or current is None or base is None or base.run_id is None:
        return None
    info = Baseline(base.run_id, base.observed_at, pinned, base.fetch.sha256)
    if base.run_id == run_id:
        return replace(info, note="this run is the baseline")
    then_fp = base.fingerprint
    if then_fp is None or not c.pages:
        same = base.fetch.sha256 == current.sha256
        return replace(info, document="unchanged" if same else "changed")
    if then_fp.extractor != current.extractor:
        return replace(info, pages=tuple(_other_reader(c, base, current)))
    _, _, hashes, present, by_body = _aligned(current, then_fp, memo)
    # With their similarity hashes once a page needs them (filled at most once).
    then_full, sims, filled = then_fp, tuple(p.simhash for p in current.pages), False
    pages = []
    for cited in c.pages:
        then = resolve(cited, then_fp).physical
        if then is None or then > len(then_fp.pages):
            drift = PageDrift(PageDriftKind.UNVERIFIABLE, "not in the baseline")
        else:
            b = then_fp.pages[then - 1]
            now_page = resolve(cited, current).physical or cited
            then_hash = (b.body_sha256 or b.text_sha256) if by_body else b.text_sha256
            if then_hash not in present and not filled:  # on no page now: how alike are they?
                then_full, filled = fill(then_fp), True
                sims = tuple(p.simhash for p in fill(current).pages)
            then_simhash = then_full.pages[then - 1].simhash
            drift = compare_page(now_page, then_hash, then_simhash, hashes, sims)
        pages.append(BaselinePage(cited, drift))
    return replace(info, pages=tuple(pages))


def _other_reader(c: Citation, base: Observation, current: Fingerprint) -> list[BaselinePage]:
    """The baseline's text was read by another extractor (an engine upgrade): page texts are
    not comparable, so only the bytes speak. Never reported as a change of the document."""
    old = base.fingerprint.extractor if base.fingerprint else "another extractor"
    if base.fetch.sha256 == current.sha256:
        drift = PageDrift(PageDriftKind.UNCHANGED, "same bytes as the baseline", 1.0)
    else:
        drift = PageDrift(
            PageDriftKind.UNVERIFIABLE,
            f"the baseline was read by {old}: pin it again (verifier baseline) to compare pages",
        )
    return [BaselinePage(cited, drift) for cited in c.pages]
