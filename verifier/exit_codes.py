"""The exit-code rule, in one place, read from the typed run result.

0  every check of every evidence citation passed (or was unverifiable)
1  evidence failed: as --fail-on says (broken, content, drift; topic and current, the standard
   pack's advisory checks, only when named), after --fail-after runs
2  what the user caused: bad arguments, an unreadable report, an unusable --out or --db
3  an internal error (a crash log names the traceback)
130 / 143  interrupted by SIGINT (Ctrl-C) / SIGTERM; a check stopped during its run records it as
           interrupted (after it: recorded complete, as the message says)
"""

from __future__ import annotations

from verifier.models import CheckName, RunResult

OK, FINDINGS, USAGE, INTERNAL = 0, 1, 2, 3
SIGINT_EXIT, SIGTERM_EXIT = 130, 143
FAIL_ON_KINDS = ("broken", "content", "drift", "topic", "current")
_ADVISORY = {str(k) for k in CheckName if k.advisory}


def fails_run(result: RunResult, fail_on: set[str], fail_after: int) -> bool:
    """Whether the evidence fails the run, given --fail-on and --fail-after."""
    for c in result.citations:
        if not c.citation.evidence:
            continue
        failed = {k.name for k in c.failed_checks}
        doc = c.document
        streak = doc.streak if doc else 1
        if "broken" in fail_on and CheckName.REACHABLE in failed and streak >= fail_after:
            return True
        if "content" in fail_on and c.content_failures:
            return True
        if failed & {CheckName(k) for k in fail_on if k in _ADVISORY}:
            return True  # topic / current: advisory unless named
        if "drift" in fail_on:
            if doc and doc.drift and doc.drift.kind.failing:
                return True
            if any(p.drift.kind.failing for p in c.page_drift):
                return True
    return False


def exit_code(result: RunResult, fail_on: set[str], fail_after: int) -> int:
    if result.errors:
        return USAGE
    return FINDINGS if fails_run(result, fail_on, fail_after) else OK
