"""A plausible portfolio history, generated: N reports citing M documents each over R runs, with
documents that break and stay broken, flap, come back, and change their text. Deterministic.

Used for the site's screenshots (what people see in the README) and by bench/site_bench.py at
scale (hundreds of reports x 100 citations x hundreds of runs).
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from tests.support.observations import observation, page
from verifier.models import Check, CheckName, Citation, Location, Observation, Outcome
from verifier.store import HistoryStore, RunSummary

ENTITIES = ["Acme Aluminium", "Borealis Smelting", "Cobalt Rolling Mills", "Delta Extrusions",
            "Everbright Alloys", "Fjord Metals", "Granite Bauxite", "Harbour Cast",
            "Inland Refining", "Juniper Foils"]  # fmt: skip
DOCUMENTS = ["Sustainability Report 2024", "Human Rights Policy", "Water Management Plan",
             "Biodiversity Assessment", "Greenhouse Gas Inventory", "Supplier Code of Conduct",
             "Waste Management Procedure", "Community Grievance Mechanism",
             "Occupational Health and Safety Policy", "Anti-Corruption Policy"]  # fmt: skip
CRITERIA = ["1.2", "2.1", "3.4", "5.1", "6.1a-f", "6.2a-g", "7.3", "8.1a", "9.2", "10.6a-g"]


def _h(*parts: object) -> int:
    return int.from_bytes(hashlib.sha256("|".join(map(str, parts)).encode()).digest()[:4])


def report_name(i: int) -> str:
    entity = ENTITIES[i % len(ENTITIES)].lower().replace(" ", "-")
    return f"reports/asi-audit-{entity}-{2024 + i // len(ENTITIES)}.pdf"


def _state(url: str, run: int) -> tuple[bool, int]:
    """(reachable, text version) of a document in a run."""
    kind = _h(url, "kind") % 20
    broken = (
        (kind == 0 and run >= 1 + _h(url, "breaks") % 8)  # breaks and stays broken
        or (kind == 1 and _h(url, run) % 3 == 0)  # flaps
        or (kind == 2 and run < 4)  # broken at first, fixed later
    )
    version = run // 5 if kind in (3, 4) else 0  # rewritten every few runs
    return not broken, version


def _observation(url: str, ok: bool, version: int, entity: str, doc: str, c: int) -> Observation:
    texts = (f"{entity} {doc}", f"Section {c}: figures for {2023 + version}.",
             f"Version {version} of this page.")  # fmt: skip
    sha = hashlib.sha256("|".join(texts).encode()).hexdigest()
    return observation(
        url, "ok" if ok else "broken",
        reason="HTTP 200, PDF" if ok else "HTTP 404 after 1 attempt",
        http_status=200 if ok else 404, sha256=sha if ok else None,
        bytes=20_000 + c if ok else None, detected_type="pdf" if ok else None,
        pages=tuple(page(i, t) for i, t in enumerate(texts, 1)) if ok else None,
    )  # fmt: skip


def build_portfolio(db: Path, reports: int = 8, citations: int = 12, runs: int = 10) -> Path:
    made: dict[tuple[str, bool, int], Observation] = {}  # fingerprints are slow to make
    with HistoryStore.open(db) as store:
        for run_no in range(1, runs + 1):
            run = store.start_run(["check", "@portfolio.list"])
            at = f"2026-{1 + (run_no - 1) // 28 % 12:02d}-{1 + (run_no - 1) % 28:02d}T05:17:00Z"
            seen: set[str] = set()
            names = tuple(report_name(i) for i in range(reports))
            for r, name in enumerate(names):
                entity = ENTITIES[r % len(ENTITIES)]
                for c in range(citations):
                    doc = DOCUMENTS[c % len(DOCUMENTS)]
                    host = entity.lower().replace(" ", "") + str(r // len(ENTITIES) or "")
                    url = f"https://{host}.example/docs/{c}.pdf"
                    ok, version = _state(url, run_no)
                    if url not in seen:
                        seen.add(url)
                        key = (url, ok, version)
                        if key not in made:
                            made[key] = _observation(url, ok, version, entity, doc, c)
                        store.record_observation(run, replace(made[key], observed_at=at))

                    pages = (2,) if c % 3 == 0 else ()
                    checks = [
                        Check(
                            CheckName.REACHABLE,
                            Outcome.PASS if ok else Outcome.FAIL,
                            "ok: HTTP 200" if ok else "broken: HTTP 404 after 1 attempt",
                        )
                    ]
                    if ok and pages:
                        missing = _h(url, "page") % 17 == 0
                        checks.append(Check(CheckName.PAGE_EXISTS,
                                            Outcome.FAIL if missing else Outcome.PASS,
                                            "page 9 cited, document has 3 pages" if missing
                                            else "page 2 exists"))  # fmt: skip
                    crit = CRITERIA[c % len(CRITERIA)]
                    store.record_citation(run, Citation(
                        name, crit, f"Criterion {crit}", "Conformance", url,
                        f"{entity} - {doc}", (9,) if checks[-1].outcome == Outcome.FAIL and
                        pages else pages, True, Location(None, 10 + c)), checks)  # fmt: skip
            store.finish_run(run, "complete", RunSummary(reports=names))
    return db
