"""Reading report PDFs in a killable worker process (verifier/workers.py).

A report may come from anywhere (a URL, an email), and PDFium is a C++ parser: a crafted file
could make it loop, allocate without bound or crash. Like evidence documents, report PDFs are
read in a worker with a time limit (the worker is killed, the report gets one error line) and an
address-space limit.
"""

from __future__ import annotations

import atexit
from collections.abc import Callable
from typing import Any

import pebble

from verifier import workers
from verifier.extract.document import ReportText
from verifier.extract.errors import ExtractError
from verifier.settings import ExtractSettings


class IsolatedReader:
    def __init__(self, settings: ExtractSettings) -> None:
        self.settings = settings
        self._pool: pebble.ProcessPool | None = None

    def read(self, target: Callable[[bytes], ReportText], data: bytes) -> ReportText:
        s = self.settings
        if self._pool is None:
            self._pool = workers.spawn_pool(1, s.pdf_memory_mb, max_tasks=20)
        future = self._pool.schedule(target, args=(data,), timeout=s.pdf_timeout_s)
        try:
            return future.result()
        except ExtractError:
            raise
        except Exception as exc:
            failure = workers.unwrap(exc)
            if failure is None:
                raise
            why = failure.describe("reading the PDF", s.pdf_timeout_s, s.pdf_memory_mb)
            raise ExtractError(why) from None

    def close(self) -> None:
        workers.stop(self._pool)
        self._pool = None

    def __enter__(self) -> IsolatedReader:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


_shared: IsolatedReader | None = None


def shared_reader(settings: ExtractSettings) -> IsolatedReader:
    """One worker for the whole process (started on first use, stopped at exit): starting a
    worker costs half a second, so it is not done per report."""
    global _shared
    if _shared is None or _shared.settings != settings:
        if _shared is not None:
            _shared.close()
        _shared = IsolatedReader(settings)
        atexit.register(_shared.close)
    return _shared
