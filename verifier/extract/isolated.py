"""Reading report PDFs in a killable worker process (verifier/workers.py).

A report may come from anywhere (a URL, an email), and PDFium is a C++ parser: a crafted file
could make it loop, allocate without bound or crash. Like evidence documents, report PDFs are
read in a worker with a time limit (the worker is killed, the report gets one error line) and an
address-space limit.
"""

from __future__ import annotations

from collections.abc import Callable

from verifier import workers
from verifier.extract.document import ReportText
from verifier.extract.errors import ExtractError
from verifier.settings import ExtractSettings


class IsolatedReader(workers.LazyWorker):
    """Report PDFs are read in their own worker (PDFium is C++ reading untrusted bytes)."""

    def __init__(self, settings: ExtractSettings) -> None:
        super().__init__(settings.pdf_memory_mb, settings.pdf_timeout_s, 20, "reading the PDF",
                         ExtractError)  # fmt: skip
        self.settings = settings

    def read(self, target: Callable[[bytes], ReportText], data: bytes) -> ReportText:
        return self.run(target, data)


def shared_reader(settings: ExtractSettings) -> IsolatedReader:
    """One worker for the whole process (started on first use, stopped at exit)."""
    return workers.shared(IsolatedReader, settings)
