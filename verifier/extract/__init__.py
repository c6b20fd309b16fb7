"""Extraction stage: audit reports in, citations out."""

from __future__ import annotations

from collections.abc import Iterable

from verifier.models import Citation, InputError
from verifier.settings import ExtractSettings


class ExtractError(Exception):
    """An input that cannot be read. The message is one line, fit for the user."""


def extract_report(path: str, settings: ExtractSettings | None = None) -> list[Citation]:
    raise ExtractError("not implemented yet")


def extract_many(
    paths: Iterable[str], settings: ExtractSettings | None = None
) -> tuple[list[Citation], list[InputError]]:
    """Extract from every input; a bad input is reported and the others are still processed."""
    citations: list[Citation] = []
    errors: list[InputError] = []
    for path in paths:
        try:
            citations.extend(extract_report(path, settings))
        except ExtractError as exc:
            errors.append(InputError(path, str(exc)))
    return citations, errors
