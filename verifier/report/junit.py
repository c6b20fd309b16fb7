"""junit.xml: a test suite per report, a test case per evidence citation, failures with reasons,
so CI dashboards show broken evidence like failing tests. Built with ElementTree (escaping is the
library's job)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from verifier.models import CitationResult, RunResult


def render_junit(result: RunResult) -> str:
    suites = ET.Element("testsuites", name="verifier")
    by_report: dict[str, list[CitationResult]] = {}
    for cr in result.citations:
        if cr.citation.evidence:
            by_report.setdefault(cr.citation.report, []).append(cr)
    total = failures = 0
    for name, cites in by_report.items():
        suite = ET.SubElement(suites, "testsuite", name=name, tests=str(len(cites)))
        n_fail = 0
        for cr in cites:
            c = cr.citation
            title = f"{c.label or c.url} ({c.url})"
            if c.pages:
                title += f" pages {list(c.pages)}"
            case = ET.SubElement(
                suite, "testcase", classname=f"criterion {c.criterion or '-'}", name=title
            )
            # advisory checks (topic, current) are in the text, not failures of their own
            fails = [k for k in cr.failed_checks if not k.name.advisory]
            advisory = [k for k in cr.failed_checks if k.name.advisory]
            if advisory and not fails:
                out = ET.SubElement(case, "system-out")
                out.text = "\n".join(f"{k.name}: {k.outcome}: {k.detail}" for k in advisory)
            if fails:
                n_fail += 1
                message = "; ".join(f"{k.name}: {k.detail}" for k in fails)
                f = ET.SubElement(case, "failure", message=message, type=fails[0].name)
                f.text = "\n".join(f"{k.name}: {k.outcome}: {k.detail}" for k in cr.checks)
                copy = cr.document.archived_copy if cr.document else None
                if copy:
                    f.text += f"\n{copy.describe()}: {copy.url}"
        suite.set("failures", str(n_fail))
        total += len(cites)
        failures += n_fail
    suites.set("tests", str(total))
    suites.set("failures", str(failures))
    ET.indent(suites)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
    )
