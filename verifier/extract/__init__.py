"""Extraction stage: audit reports in (text, PDF, HTML, or an http(s) URL), citations out."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from pathlib import Path

from verifier import workers
from verifier.extract import bounded
from verifier.extract import isolated as isolated_module
from verifier.extract.bounded import shared_extractor
from verifier.extract.citations import build_citations
from verifier.extract.errors import ExtractError
from verifier.extract.inputs import expand_inputs, input_error
from verifier.extract.isolated import IsolatedReader, shared_reader
from verifier.extract.readers import Reader, read_pdf_bytes, reader_for
from verifier.models import Citation, InputError
from verifier.settings import ExtractSettings

__all__ = ["ExtractError", "extract_many", "extract_report"]


def extract_report(
    path: str,
    settings: ExtractSettings | None = None,
    *,
    allow_private: bool = False,
    isolated: IsolatedReader | None = None,
) -> list[Citation]:
    """Citations of one report. Raises `ExtractError` with a one-line reason for bad input.

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
        return _citations(path, reader, data, settings, isolated)
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
    return _citations(path, reader, data, settings, isolated)


def _citations(
    path: str, reader: Reader, data: bytes, settings: ExtractSettings, isolated: IsolatedReader
) -> list[Citation]:
    """PDFs are read in the PDF worker; text and HTML are read and extracted in their own
    bounded worker (bounded.py)."""
    if reader is read_pdf_bytes:
        return build_citations(path, isolated.read(read_pdf_bytes, data))
    return shared_extractor(settings).citations(path, reader, data)


def extract_many(
    paths: Iterable[str], settings: ExtractSettings | None = None, *, allow_private: bool = False
) -> tuple[list[Citation], list[InputError]]:
    """Extract from every input (directories and list files expanded); a bad input is reported
    and the others are still processed."""
    citations: list[Citation] = []
    expanded, errors = expand_inputs(list(paths))
    settings = settings or ExtractSettings()
    isolated = shared_reader(settings)
    for path in expanded:
        if _stopping.is_set():  # the run was interrupted: stop reading, say nothing more
            break
        citations.extend(_one(path, settings, allow_private, isolated, errors))
    return citations, errors


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
    for shared in (bounded._shared, isolated_module._shared):
        if shared is not None:
            shared.close()


def _one(
    path: str,
    settings: ExtractSettings,
    allow_private: bool,
    isolated: IsolatedReader,
    errors: list[InputError],
) -> list[Citation]:
    try:
        return extract_report(path, settings, allow_private=allow_private, isolated=isolated)
    except ExtractError as exc:
        errors.append(input_error(path, str(exc)))
    except RecursionError:
        errors.append(input_error(path, "document structure too deeply nested to read"))
    return []
