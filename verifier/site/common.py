"""What every page of the site shares: where each page lives (relative paths, safe names),
how a report is named, its style.
"""

from __future__ import annotations

import hashlib
import re

from verifier.site.collect import ReportView

SITE_CSS = """
button.sort{font:inherit;font-weight:bold;border:0;background:none;padding:0;cursor:pointer;
text-decoration:underline dotted}th[aria-sort=ascending] button.sort::after{content:" \\25B2"}
th[aria-sort=descending] button.sort::after{content:" \\25BC"}#controls{margin:.6rem 0}
#controls input[type=search]{width:18rem;padding:.2rem .4rem}.crumbs{margin:0 0 .5rem}
"""


def report_path(name: str) -> str:
    """reports/<file-stem>-<hash>.html: readable, unique, and safe whatever the name holds."""
    stem = re.sub(r"[^a-z0-9]+", "-", name.rsplit("/", 1)[-1].lower()).strip("-")[:60]
    return f"reports/{stem or 'report'}-{hashlib.sha256(name.encode()).hexdigest()[:8]}.html"


def document_path(url: str) -> str:
    return f"documents/{hashlib.sha256(url.encode()).hexdigest()[:16]}.html"


def display_name(report: ReportView) -> str:
    """The file name for now; the entity and the report's title once metadata exists."""
    return report.name.rsplit("/", 1)[-1]


def criterion_anchor(criterion: str | None) -> str:
    return "k-" + (re.sub(r"[^A-Za-z0-9.-]+", "_", criterion) if criterion else "none")
