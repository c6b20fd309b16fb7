"""Write every report format of a run into a directory (the one place reports touch the disk)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from verifier.models import RunResult
from verifier.report.csv_report import render_csv
from verifier.report.github import annotations, step_summary
from verifier.report.html import render_html
from verifier.report.json_report import render_json
from verifier.report.junit import render_junit
from verifier.report.markdown import render_markdown

RENDERERS = {
    "report.json": render_json,
    "report.html": render_html,
    "report.md": render_markdown,
    "junit.xml": render_junit,
    "report.csv": render_csv,
}


def write_reports(result: RunResult, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, render in RENDERERS.items():
        path = out_dir / name
        tmp = path.with_name(f".{name}.tmp")
        tmp.write_text(render(result), encoding="utf-8")
        os.replace(tmp, path)  # a reader never sees half a report
        written.append(path)
    return written


def github_actions(result: RunResult, env: dict[str, str] | None = None) -> None:
    """In GitHub Actions: the job summary, and error annotations on stdout (workflow commands)."""
    env = dict(os.environ) if env is None else env
    if env.get("GITHUB_ACTIONS") != "true":
        return
    summary = env.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as fh:
            fh.write(step_summary(result))
    for line in annotations(result):
        sys.stdout.write(line + "\n")
