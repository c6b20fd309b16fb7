"""One report, one identity, however it is named on the command line or on which machine.

A report inside a git work tree is named by its path from the top of that tree (`examples/x.txt`
on a laptop and on a CI runner alike, and what GitHub annotations want); elsewhere by its
resolved absolute path; a report URL by the URL. `a.txt`, `./a.txt` and `configs/../a.txt` are
one report, so baselines pinned under one name apply under every other.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=256)
def _work_tree(directory: Path) -> Path | None:
    for d in (directory, *directory.parents):
        if (d / ".git").exists():
            return d
    return None


def report_identity(path: str) -> str:
    if path.lower().startswith(("http://", "https://")):
        return path
    resolved = Path(path).resolve()
    root = _work_tree(resolved.parent)
    return resolved.relative_to(root).as_posix() if root else resolved.as_posix()


def distinct_reports(paths: list[str]) -> list[str]:
    """The paths, one per identity (the first spelling given is the one read)."""
    seen: dict[str, str] = {}
    for p in paths:
        seen.setdefault(report_identity(p), p)
    return list(seen.values())
