"""A small history for the site: two reports over three runs, a document whose text changes, one
that breaks, and hostile values wherever a report or a server puts text."""

import hashlib

import pytest

from tests.support.observations import observation as obs
from verifier.models import Check, CheckName, Citation, Location, Outcome
from verifier.store import HistoryStore, RunSummary

ALPHA = "reports/alpha-2025.txt"
HOSTILE_REPORT = "reports/<svg onload=alert(1)>.txt"
ESG = "https://x.example/esg.pdf"
POLICY = "https://x.example/policy.pdf"
HOSTILE_URL = 'https://evil.example/"><script>alert(2)</script>.pdf'

PAGES_V1 = ("Cover page", "Emissions to air fell by 12 percent in 2024.", "Water use")
PAGES_V2 = ("Cover page", "Emissions to air fell by 9 percent in 2024.", "Water use")


def _sha(*texts: str) -> str:
    return hashlib.sha256("|".join(texts).encode()).hexdigest()


def _cite(report, criterion, url, label, pages=()):
    return Citation(report, criterion, f"Title of {criterion} <b>x</b>", "Conformance", url,
                    label, pages, True, Location(None, 3))  # fmt: skip


def _checks(ok: bool, page_ok: bool = True):
    reach = Check(CheckName.REACHABLE, Outcome.PASS if ok else Outcome.FAIL,
                  "ok: HTTP 200" if ok else "broken: HTTP 404 after 1 attempt")  # fmt: skip
    if not ok:
        return [reach]
    page = Check(CheckName.PAGE_EXISTS, Outcome.PASS if page_ok else Outcome.FAIL,
                 "page 2 exists" if page_ok else "page 9 cited, document has 3 pages")  # fmt: skip
    return [reach, page]


def build_history(db):
    """Run 1: all well. Run 2: the ESG report's text changes, the policy breaks. Run 3: the
    policy is still broken, and a page cited in the hostile report does not exist."""
    with HistoryStore.open(db) as store:
        for n, (esg_pages, policy_ok) in enumerate(
            [(PAGES_V1, True), (PAGES_V2, False), (PAGES_V2, False)], 1
        ):
            run = store.start_run(["check", ALPHA, HOSTILE_REPORT])
            at = f"2026-11-2{n}T06:00:00.000000Z"
            store.record_observation(
                run, obs(ESG, sha256=_sha(*esg_pages), bytes=1000, texts=esg_pages,
                         observed_at=at, reason="HTTP 200, PDF", http_status=200,
                         detected_type="pdf"),
            )  # fmt: skip
            store.record_observation(
                run,
                obs(POLICY, "ok" if policy_ok else "broken", observed_at=at,
                    sha256=_sha("policy") if policy_ok else None,
                    texts=("Policy text",) if policy_ok else (),
                    reason="HTTP 200, PDF" if policy_ok else "HTTP 404 after 1 attempt",
                    http_status=200 if policy_ok else 404),
            )  # fmt: skip
            store.record_observation(
                run, obs(HOSTILE_URL, "broken", observed_at=at, reason="<b>HTTP 404</b>",
                         http_status=404),
            )  # fmt: skip
            store.record_citation(run, _cite(ALPHA, "6.1a-f", ESG, "ESG <i>Report</i>", (2,)),
                                  _checks(True))  # fmt: skip
            store.record_citation(run, _cite(ALPHA, "1.2", POLICY, "Policy"), _checks(policy_ok))
            store.record_citation(run, _cite(HOSTILE_REPORT, "2.1", HOSTILE_URL,
                                             "<img src=x onerror=alert(3)>"), _checks(False))  # fmt: skip
            store.record_citation(run, _cite(HOSTILE_REPORT, "3.4", ESG, "ESG again", (9,)),
                                  _checks(True, page_ok=n < 3))  # fmt: skip
            store.finish_run(run, "complete", RunSummary(reports=(ALPHA, HOSTILE_REPORT)))
    return db


@pytest.fixture(scope="session")
def history_db(tmp_path_factory):
    return build_history(tmp_path_factory.mktemp("site") / "history.sqlite")
