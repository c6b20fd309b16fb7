"""Reading report PDFs in a worker process that can be stopped.

A report may come from anywhere (a URL, an email), and pypdf is pure Python but can be made to
loop or allocate without bound by a crafted file. Like evidence documents, report PDFs are read
in a pebble worker with a time limit (the worker is killed and the report gets one error line)
and an address-space limit. One worker serves all the PDFs of a run.
"""

from __future__ import annotations

import atexit
import concurrent.futures
import multiprocessing
from collections.abc import Callable
from typing import Any

import pebble

from verifier.extract.document import ReportText
from verifier.extract.errors import ExtractError
from verifier.settings import ExtractSettings


def _init(memory_mb: int) -> None:
    from verifier.fingerprint.pool import _init_worker

    _init_worker(memory_mb)


class IsolatedReader:
    def __init__(self, settings: ExtractSettings) -> None:
        self.settings = settings
        self._pool: pebble.ProcessPool | None = None

    def read(self, target: Callable[[bytes], ReportText], data: bytes) -> ReportText:
        if self._pool is None:
            self._pool = pebble.ProcessPool(
                max_workers=1,
                max_tasks=20,
                initializer=_init,
                initargs=(self.settings.pdf_memory_mb,),
                context=multiprocessing.get_context("spawn"),
            )
        future = self._pool.schedule(target, args=(data,), timeout=self.settings.pdf_timeout_s)
        try:
            return future.result()
        except concurrent.futures.TimeoutError:
            raise ExtractError(
                f"reading the PDF took longer than {self.settings.pdf_timeout_s:g} s; stopped"
            ) from None
        except pebble.ProcessExpired as exc:
            raise ExtractError(
                f"the PDF reader died (exit code {exc.exitcode}): a crash or a memory bomb"
            ) from None
        except MemoryError:
            raise ExtractError(
                f"reading the PDF needed more than {self.settings.pdf_memory_mb} MiB"
            ) from None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.stop()
            self._pool.join(timeout=10)
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
