"""Text views of the history: runs, a URL's observations over time, and page-by-page diffs.

Pure functions from the store's typed records to text; the history commands print them.
"""

from __future__ import annotations

import difflib
import textwrap
from collections.abc import Sequence

from verifier.models import Observation
from verifier.store import RunInfo


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
    old: Sequence[tuple[int, str]], new: Sequence[tuple[int, str]], old_name: str, new_name: str
) -> str:
    """A unified diff per page whose text differs (pages are matched by physical index)."""
    a = dict(old)
    b = dict(new)
    out: list[str] = []
    for page in sorted(set(a) | set(b)):
        if a.get(page) == b.get(page):
            continue
        out.extend(
            difflib.unified_diff(
                _wrapped(a[page]) if page in a else [],
                _wrapped(b[page]) if page in b else [],
                f"{old_name} page {page}" if page in a else "/dev/null",
                f"{new_name} page {page}" if page in b else "/dev/null",
                lineterm="",
            )
        )
    return "\n".join(out) + "\n" if out else "no text changes\n"
