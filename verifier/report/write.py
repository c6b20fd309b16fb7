"""Write every report format of a run into a directory (the one place reports touch the disk)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from verifier.models import RunResult
from verifier.report.csv_report import render_csv
from verifier.report.github import annotations, step_summary
from verifier.report.html import render_html
from verifier.report.json_report import render_json_bytes
from verifier.report.junit import render_junit
from verifier.report.markdown import render_markdown

RENDERERS: dict[str, Callable[[RunResult], str | bytes]] = {
    "report.json": render_json_bytes,
    "report.html": render_html,
    "report.md": render_markdown,
    "junit.xml": render_junit,
    "report.csv": render_csv,
}


def write_reports(result: RunResult, out_dir: Path) -> list[Path]:
    """Every format rendered to a temporary file first, then all renamed into place: a failed
    write never leaves old and new reports mixed, and a reader never sees half a report."""
    out_dir.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, Path]] = []
    try:
        for name, render in RENDERERS.items():
            path = out_dir / name
            tmp = path.with_name(f".{name}.tmp")
            staged.append((tmp, path))
            data = render(result)
            tmp.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, path in staged:
        os.replace(tmp, path)
    return [path for _, path in staged]


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
