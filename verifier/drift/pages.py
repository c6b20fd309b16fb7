"""Page drift: a cited page against its baseline text, found again if it moved."""

from __future__ import annotations

from verifier.fingerprint.simhash import similarity as simhash_similarity
from verifier.models import PageDrift, PageDriftKind

# A cited page whose best match elsewhere is at least this similar counts as moved there.
RELOCATION_THRESHOLD = 0.9


def compare_page(
    cited: int,
    baseline_hash: str,
    baseline_simhash: str | None,
    hashes: tuple[str, ...],
    simhashes: tuple[str | None, ...],
) -> PageDrift:
    """A cited page (1-based physical index) against its baseline text."""
    if not hashes:
        return PageDrift(PageDriftKind.UNVERIFIABLE, "no page text in the current version")
    here = hashes[cited - 1] if 0 < cited <= len(hashes) else None
    if here == baseline_hash:
        return PageDrift(
            PageDriftKind.UNCHANGED, f"page {cited} text identical to the baseline", 1.0, cited
        )
    exact = [i + 1 for i, h in enumerate(hashes) if h == baseline_hash]
    if exact:
        to = min(exact, key=lambda p: abs(p - cited))
        return PageDrift(
            PageDriftKind.RELOCATED,
            f"the baseline text of page {cited} is now on page {to}",
            1.0,
            to,
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
            PageDriftKind.RELOCATED,
            f"the baseline text of page {cited} is now on page {best[1]} "
            f"(similarity {best[0]:.2f})",
            best[0],
            best[1],
        )
    if here is None:
        return PageDrift(
            PageDriftKind.MISSING, f"page {cited} no longer exists ({len(hashes)} pages)"
        )
    detail = f"page {cited} text changed since the baseline"
    if sim_here is not None:
        detail += f" (similarity {sim_here:.2f})"
    return PageDrift(PageDriftKind.CHANGED, detail, sim_here, cited)
