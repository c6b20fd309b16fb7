"""junit.xml: a test suite per report, a test case per evidence citation, failures with reasons,
so CI dashboards show broken evidence like failing tests. Built with ElementTree (escaping is the
library's job)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from verifier.report.model import failing_checks


def render_junit(report: dict[str, Any]) -> str:
    suites = ET.Element("testsuites", name="verifier")
    by_report: dict[str, list[dict[str, Any]]] = {}
    for c in report["citations"]:
        if c["evidence"]:
            by_report.setdefault(c["report"], []).append(c)
    total = failures = 0
    for name, cites in by_report.items():
        suite = ET.SubElement(suites, "testsuite", name=name, tests=str(len(cites)))
        n_fail = 0
        for c in cites:
            title = f"{c['label'] or c['url']} ({c['url']})"
            if c["pages"]:
                title += f" pages {c['pages']}"
            case = ET.SubElement(
                suite, "testcase", classname=f"criterion {c['criterion'] or '-'}", name=title
            )
            fails = failing_checks(c)
            if fails:
                n_fail += 1
                message = "; ".join(f"{k['name']}: {k['detail']}" for k in fails)
                f = ET.SubElement(case, "failure", message=message, type=fails[0]["name"])
                f.text = "\n".join(
                    f"{k['name']}: {k['outcome']}: {k['detail']}" for k in c.get("checks", [])
                )
        suite.set("failures", str(n_fail))
        total += len(cites)
        failures += n_fail
    suites.set("tests", str(total))
    suites.set("failures", str(failures))
    ET.indent(suites)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
    )
