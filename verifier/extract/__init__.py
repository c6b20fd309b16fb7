"""Extraction stage: audit reports in (text, PDF, HTML, or an http(s) URL), citations out."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from pathlib import Path

from verifier import workers
from verifier.extract.bounded import shared_extractor
from verifier.extract.citations import build_citations
from verifier.extract.errors import ExtractError
from verifier.extract.inputs import expand_inputs, input_error
from verifier.extract.isolated import IsolatedReader, shared_reader
from verifier.extract.metadata import extract_metadata
from verifier.extract.readers import Reader, read_pdf_bytes, reader_for
from verifier.models import Citation, InputError
from verifier.models.report_meta import ReportMeta
from verifier.settings import ExtractSettings

__all__ = ["ExtractError", "Extracted", "extract_all", "extract_many", "extract_report"]

Extracted = tuple[list[Citation], ReportMeta]


def extract_report(
    path: str,
    settings: ExtractSettings | None = None,
    *,
    allow_private: bool = False,
    isolated: IsolatedReader | None = None,
) -> list[Citation]:
    """Citations of one report. Raises `ExtractError` with a one-line reason for bad input."""
    return read_report(path, settings, allow_private=allow_private, isolated=isolated)[0]


def read_report(
    path: str,
    settings: ExtractSettings | None = None,
    *,
    allow_private: bool = False,
    isolated: IsolatedReader | None = None,
) -> Extracted:
    """Citations and overview metadata of one report. Raises `ExtractError` for bad input.

    PDFs are read in a killable worker (`isolated`, or one made for this call)."""
    settings = settings or ExtractSettings()
    isolated = isolated or shared_reader(settings)
    scheme = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*)://", path)
    if scheme and scheme.group(1).lower() not in ("http", "https"):
        name = scheme.group(1).lower()
        raise ExtractError(
            f"unsupported scheme {name}://: only http and https URLs and local files are read"
        )
    if scheme:
        from verifier.extract.remote import fetch_report

        reader, data = fetch_report(path, settings, allow_private=allow_private)
        return _read(path, reader, data, settings, isolated)
    p = Path(path)
    reader = reader_for(p)
    try:
        size = p.stat().st_size
        if p.is_dir():
            raise ExtractError("is a directory, not a report file")
        if size > settings.max_report_bytes:
            raise ExtractError(
                f"report is {size} bytes, over the {settings.max_report_bytes}-byte limit"
            )
        data = p.read_bytes()
    except FileNotFoundError:
        raise ExtractError("no such file") from None
    except PermissionError:
        raise ExtractError("permission denied") from None
    except IsADirectoryError:
        raise ExtractError("is a directory, not a report file") from None
    if not data:
        raise ExtractError("empty file")
    return _read(path, reader, data, settings, isolated)


def _read(
    path: str, reader: Reader, data: bytes, settings: ExtractSettings, isolated: IsolatedReader
) -> Extracted:
    """PDFs are read in the PDF worker; text and HTML are read and extracted in their own
    bounded worker (bounded.py)."""
    if reader is read_pdf_bytes:
        rt = isolated.read(read_pdf_bytes, data)
        return build_citations(path, rt), extract_metadata([ln.text for ln in rt.lines])
    return shared_extractor(settings).extract(path, reader, data)


def extract_many(
    paths: Iterable[str], settings: ExtractSettings | None = None, *, allow_private: bool = False
) -> tuple[list[Citation], list[InputError]]:
    """Extract from every input (directories and list files expanded); a bad input is reported
    and the others are still processed."""
    citations, errors, _ = extract_all(paths, settings, allow_private=allow_private)
    return citations, errors


def extract_all(
    paths: Iterable[str], settings: ExtractSettings | None = None, *, allow_private: bool = False
) -> tuple[list[Citation], list[InputError], dict[str, ReportMeta]]:
    """As `extract_many`, with each readable report's overview metadata by its path."""
    citations: list[Citation] = []
    metas: dict[str, ReportMeta] = {}
    expanded, errors = expand_inputs(list(paths))
    settings = settings or ExtractSettings()
    isolated = shared_reader(settings)
    for path in expanded:
        if _stopping.is_set():  # the run was interrupted: stop reading, say nothing more
            break
        got = _one(path, settings, allow_private, isolated, errors)
        if got is not None:
            citations.extend(got[0])
            metas[path] = got[1]
    return citations, errors, metas


_stopping = threading.Event()


def allow_extraction() -> None:
    """A new run may read reports (after an earlier run in this process was stopped)."""
    _stopping.clear()
    workers.STOPPING.clear()


def stop_extraction() -> None:
    """Stop an extraction under way in another thread (a Ctrl-C): no further report is read,
    and the report workers are stopped so the one being read ends now."""
    _stopping.set()
    workers.STOPPING.set()
    workers.close_shared()


def _one(
    path: str,
    settings: ExtractSettings,
    allow_private: bool,
    isolated: IsolatedReader,
    errors: list[InputError],
) -> Extracted | None:
    try:
        return read_report(path, settings, allow_private=allow_private, isolated=isolated)
    except ExtractError as exc:
        errors.append(input_error(path, str(exc)))
    except RecursionError:
        errors.append(input_error(path, "document structure too deeply nested to read"))
    return None
