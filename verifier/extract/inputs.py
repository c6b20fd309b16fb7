"""Many reports at once, as the secretariat runs it over every published report: a directory
(every report file under it, sorted) or a list file (`@reports.list`, or any `*.list`: one path
or URL per line, `#` comments, relative paths from the list's folder). A URL in any scheme is
passed on as written (extraction says "unsupported scheme" for all but http and https), never
read as a relative path."""

from __future__ import annotations

import re
from pathlib import Path

from verifier.extract.errors import printable
from verifier.extract.readers import READERS
from verifier.html_text import OWN_OUTPUT_META
from verifier.models import InputError

# report.html carries this marker; a directory of reports may also hold our own output.
OWN_OUTPUT_MARKER = OWN_OUTPUT_META.encode()


def _ours(path: Path) -> bool:
    """A file verifier wrote (its report.html): never read back as an audit report."""
    if path.suffix.lower() not in (".html", ".htm"):
        return False
    try:
        with path.open("rb") as fh:
            return OWN_OUTPUT_MARKER in fh.read(512)
    except OSError:
        return False


_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def input_error(path: str, message: str) -> InputError:
    """An InputError fit to print: control characters in the path or message escaped."""
    return InputError(printable(path), printable(message))


def expand_inputs(paths: list[str]) -> tuple[list[str], list[InputError]]:
    out: list[str] = []
    errors: list[InputError] = []
    for raw in paths:
        if _URL.match(raw):
            out.append(raw)
            continue
        list_file = raw[1:] if raw.startswith("@") else raw if raw.endswith(".list") else None
        if list_file is not None:
            p = Path(list_file)
            try:
                # split("\n"), not splitlines(): that also splits on \x1c-\x1e and \x85.
                lines = p.read_text(encoding="utf-8").split("\n")
            except (OSError, UnicodeDecodeError) as exc:
                why = getattr(exc, "strerror", None) or exc
                errors.append(input_error(raw, f"cannot read the list: {why}"))
                continue
            entries = [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
            out.extend(
                e if _URL.match(e) or Path(e).is_absolute() else str(p.parent / e) for e in entries
            )
            continue
        p = Path(raw)
        if p.is_dir():
            found = sorted(
                str(f)
                for f in p.rglob("*")
                if f.is_file() and f.suffix.lower() in READERS and not _ours(f)
            )
            if not found:
                errors.append(
                    input_error(raw, "directory holds no report files (.txt, .pdf, .html)")
                )
            out.extend(found)
            continue
        out.append(raw)
    return list(dict.fromkeys(out)), errors
