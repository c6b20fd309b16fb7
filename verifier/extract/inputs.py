"""Many reports at once, as the secretariat runs it over every published report: a directory
(every report file under it, sorted) or a list file (`@reports.list`, or any `*.list`: one path
or URL per line, `#` comments, relative paths from the list's folder)."""

from __future__ import annotations

from pathlib import Path

from verifier.extract.readers import READERS
from verifier.models import InputError

# report.html carries this marker; a directory of reports may also hold our own output.
OWN_OUTPUT_MARKER = b"<meta name=generator content='verifier evidence report'>"


def _ours(path: Path) -> bool:
    """A file verifier wrote (its report.html): never read back as an audit report."""
    if path.suffix.lower() not in (".html", ".htm"):
        return False
    try:
        with path.open("rb") as fh:
            return OWN_OUTPUT_MARKER in fh.read(512)
    except OSError:
        return False


def expand_inputs(paths: list[str]) -> tuple[list[str], list[InputError]]:
    out: list[str] = []
    errors: list[InputError] = []
    for raw in paths:
        if raw.lower().startswith(("http://", "https://")):
            out.append(raw)
            continue
        list_file = raw[1:] if raw.startswith("@") else raw if raw.endswith(".list") else None
        if list_file is not None:
            p = Path(list_file)
            try:
                lines = p.read_text(encoding="utf-8").splitlines()
            except OSError as exc:
                errors.append(InputError(raw, f"cannot read the list: {exc.strerror or exc}"))
                continue
            entries = [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
            out.extend(
                e
                if e.lower().startswith(("http://", "https://")) or Path(e).is_absolute()
                else str(p.parent / e)
                for e in entries
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
                    InputError(raw, "directory holds no report files (.txt, .pdf, .html)")
                )
            out.extend(found)
            continue
        out.append(raw)
    return list(dict.fromkeys(out)), errors
