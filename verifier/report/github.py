"""GitHub Actions outputs: the Markdown summary appended to $GITHUB_STEP_SUMMARY (kept under its
1 MiB limit) and failures as `::error` workflow commands. GitHub shows only 10 error annotations
per step, so the most important come first (unreachable evidence, then content failures) and the
tenth says how many more there are."""

from __future__ import annotations

from verifier.models import CheckName, RunResult
from verifier.report.markdown import render_markdown

SUMMARY_LIMIT = 1024 * 1024 - 4096  # GitHub refuses a step summary over 1 MiB
MAX_ANNOTATIONS = 10
_PRIORITY = {CheckName.REACHABLE: 0, CheckName.PAGE_EXISTS: 1, CheckName.EXPECTED_TEXT: 2,
             CheckName.TYPE: 3, CheckName.PAGE_TEXT: 4}  # fmt: skip


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotations(result: RunResult) -> list[str]:
    items = []
    for cr in result.failing_citations:
        for k in cr.failed_checks:
            items.append((_PRIORITY.get(k.name, 9), cr.citation, k))
    items.sort(key=lambda x: x[0])
    out = []
    for _, c, k in items[
        : MAX_ANNOTATIONS - 1 if len(items) > MAX_ANNOTATIONS else MAX_ANNOTATIONS
    ]:
        line = c.location.line
        where = f"file={_prop(c.report)}" + (f",line={line}" if line else "")
        title = _prop(f"{c.criterion or 'evidence'} {k.name}")
        out.append(f"::error {where},title={title}::{_data(c.url + ': ' + k.detail)}")
    if len(items) > MAX_ANNOTATIONS:
        rest = len(items) - (MAX_ANNOTATIONS - 1)
        out.append(f"::error title=verifier::{rest} more failing checks: see the job summary")
    return out


def step_summary(result: RunResult) -> str:
    """The Markdown report, cut to fit GitHub's limit with a line saying so."""
    text = render_markdown(result, max_rows=1000, max_chars=SUMMARY_LIMIT // 4)
    if len(text.encode()) > SUMMARY_LIMIT:
        text = text.encode()[:SUMMARY_LIMIT].decode(errors="ignore") + "\n\n(summary cut to fit)\n"
    return text
