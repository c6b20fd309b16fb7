"""Text views of the history: runs, a URL's observations over time, and page-by-page diffs.

Pure functions from the store's typed records to text; the history commands print them.
"""

from __future__ import annotations

import difflib
import textwrap
from collections.abc import Sequence

from verifier.models import Observation
from verifier.store import HistoryStore, RunInfo


def runs_table(runs: Sequence[RunInfo]) -> str:
    if not runs:
        return "no runs recorded\n"
    lines = [f"{'RUN':>5}  {'STARTED':20}  {'STATUS':11}  SUMMARY"]
    for r in runs:
        summary = ", ".join(f"{k} {v}" for k, v in r.summary.counts().items())
        lines.append(f"{r.id:>5}  {r.started_at[:19]:20}  {r.status:11}  {summary}")
    return "\n".join(lines) + "\n"


def history_table(url: str, observations: Sequence[Observation]) -> str:
    if not observations:
        return f"no observations of {url}\n"
    lines = [url, f"{'RUN':>5}  {'OBSERVED':20}  {'VERDICT':11}  {'HTTP':>4}  {'BYTES':>9}  "
             f"{'SHA-256':12}  {'PAGES':>5}  REASON / FINAL URL"]  # fmt: skip
    for o in observations:
        r, fp = o.fetch, o.fingerprint
        final = r.final_url if r.final_url and r.final_url != r.url else ""
        note = " ".join(x for x in (r.reason, final, "(304)" if r.not_modified else "") if x)
        pages = fp.page_count if fp and fp.page_count is not None else ""
        lines.append(
            f"{o.run_id:>5}  {o.observed_at[:19]:20}  {r.verdict:11}  "
            f"{r.http_status or '':>4}  {r.bytes if r.bytes is not None else '':>9}  "
            f"{(r.sha256 or '')[:12]:12}  {pages:>5}  {note}"
        )
    return "\n".join(lines) + "\n"


def _wrapped(text: str) -> list[str]:
    # Page texts are stored normalised (one line); wrap them so a diff shows where they differ.
    return textwrap.wrap(text, 100, break_long_words=False, break_on_hyphens=False) or [""]


def pages_diff(
    old: Sequence[tuple[int, str]],
    new: Sequence[tuple[int, str]],
    old_name: str,
    new_name: str,
    *,
    old_keys: Sequence[str] | None = None,
    new_keys: Sequence[str] | None = None,
) -> str:
    """A unified diff per page whose text differs. Pages are paired by aligning `*_keys` (the
    pages' body hashes, headers and footers left out: one inserted page is one page of diff),
    else by physical index."""
    a, b = list(old), list(new)
    if old_keys is None or new_keys is None:
        pairs = _by_index(a, b)
    else:
        pairs = []
        matcher = difflib.SequenceMatcher(a=list(old_keys), b=list(new_keys), autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op != "equal":
                pairs.extend(_by_index(a[i1:i2], b[j1:j2]))
    out: list[str] = []
    for x, y in pairs:
        if x is not None and y is not None and x[1] == y[1]:
            continue
        out.extend(
            difflib.unified_diff(
                _wrapped(x[1]) if x else [],
                _wrapped(y[1]) if y else [],
                f"{old_name} page {x[0]}" if x else "/dev/null",
                f"{new_name} page {y[0]}" if y else "/dev/null",
                lineterm="",
            )
        )
    return "\n".join(out) + "\n" if out else "no text changes\n"


def _by_index(
    a: list[tuple[int, str]], b: list[tuple[int, str]]
) -> list[tuple[tuple[int, str] | None, tuple[int, str] | None]]:
    """Pair pages in order; the longer side's extra pages are paired with nothing."""
    n = max(len(a), len(b))
    return [(a[i] if i < len(a) else None, b[i] if i < len(b) else None) for i in range(n)]


def version_diff(
    store: HistoryStore, old_id: int, new_id: int, old_name: str, new_name: str
) -> str:
    """The aligned page diff of two stored versions (what `verifier diff` and the site show)."""
    fo, fn = store.fingerprint_of(old_id), store.fingerprint_of(new_id)
    keys = (fo.alignment_hashes(fn), fn.alignment_hashes(fo)) if fo and fn else (None, None)
    return pages_diff(
        sorted(store.page_texts(old_id).items()), sorted(store.page_texts(new_id).items()),
        old_name, new_name, old_keys=keys[0], new_keys=keys[1],
    )  # fmt: skip
