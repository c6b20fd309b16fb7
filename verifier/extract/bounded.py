"""Text and HTML reports extracted in a killable worker with a time and memory limit.

A report may be anything a user points at, up to `max_report_bytes` (200 MB by default), and
extraction runs regexes over all of it. It is linear now, but a limit must not rest on that:
like report PDFs (isolated.py), text and HTML reports are read *and* turned into citations in a
worker process (verifier/workers.py) that is killed at `text_timeout_s`, with an address-space
cap of `text_memory_mb`; the report then gets one error line and the run goes on.
"""

from __future__ import annotations

import gc

from verifier import workers
from verifier.extract.citations import build_citations
from verifier.extract.errors import ExtractError
from verifier.extract.metadata import extract_metadata
from verifier.extract.readers import Reader
from verifier.models import Citation
from verifier.models.report_meta import ReportMeta
from verifier.settings import ExtractSettings


def _extract(report: str, reader: Reader, data: bytes) -> tuple[list[Citation], ReportMeta]:
    """Runs in the worker. The cycle collector is paused meanwhile: extraction makes millions of
    objects and no cycles worth collecting, and full collections over a large report's lines
    cost 15-20% of the time, growing with the report (measured at 60 MiB)."""
    gc.disable()
    try:
        rt = reader(data)
        return build_citations(report, rt), extract_metadata([ln.text for ln in rt.lines])
    finally:
        gc.enable()


class BoundedExtractor(workers.LazyWorker):
    """Text and HTML reports are read and extracted in their own worker, under a time limit."""

    def __init__(self, settings: ExtractSettings) -> None:
        super().__init__(settings.text_memory_mb, settings.text_timeout_s, 50,
                         "extracting citations", ExtractError)  # fmt: skip
        self.settings = settings

    def citations(self, report: str, reader: Reader, data: bytes) -> list[Citation]:
        return self.extract(report, reader, data)[0]

    def extract(
        self, report: str, reader: Reader, data: bytes
    ) -> tuple[list[Citation], ReportMeta]:
        """The report's citations and its overview metadata (extract/metadata.py)."""
        return self.run(_extract, report, reader, data)


def shared_extractor(settings: ExtractSettings) -> BoundedExtractor:
    """One worker for the whole process, started on first use and stopped at exit."""
    return workers.shared(BoundedExtractor, settings)
