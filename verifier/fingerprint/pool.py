"""Parsing off the event loop, in worker processes that can be killed.

`concurrent.futures.ProcessPoolExecutor` cannot stop a hung task; pebble's pool kills the worker
at the per-document time limit and starts a new one (measured in the project notes). Each worker
caps its own address space (RLIMIT_AS), so a PDF bomb raises MemoryError in the worker instead of
taking the machine, and workers are recycled after a number of documents. Every failure becomes
an `Unparseable` reason; the run goes on.

Workers start with the spawn method: forking a process that runs aiohttp's resolver threads and
the history writer thread is not safe.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import multiprocessing
import os
import resource

import pebble

from verifier.fingerprint.model import Fingerprint, Unparseable
from verifier.settings import FingerprintSettings


def _init_worker(memory_mb: int) -> None:
    from verifier.logs import quiet_parsers

    quiet_parsers()
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def fingerprint_file(path: str, detected_type: str, sha256: str, max_pages: int) -> Fingerprint:
    """Runs in a worker: read the file and fingerprint it by its real type."""
    size = os.path.getsize(path)
    if detected_type == "pdf":
        from verifier.fingerprint.pdf import fingerprint_pdf

        return fingerprint_pdf(path, sha256, size, max_pages)
    if detected_type == "html":
        from verifier.fingerprint.html import fingerprint_html

        with open(path, "rb") as fh:
            return fingerprint_html(fh.read(), sha256)
    raise Unparseable(f"no fingerprint for {detected_type} documents")


class ParserPool:
    def __init__(self, settings: FingerprintSettings) -> None:
        self.settings = settings
        workers = settings.workers or os.cpu_count() or 1
        self._pool = pebble.ProcessPool(
            max_workers=workers,
            max_tasks=settings.max_tasks_per_worker,
            initializer=_init_worker,
            initargs=(settings.memory_mb,),
            context=multiprocessing.get_context("spawn"),
        )

    async def fingerprint(
        self, path: str, detected_type: str, sha256: str, *, target=fingerprint_file
    ) -> Fingerprint:
        s = self.settings
        future = self._pool.schedule(
            target, args=(path, detected_type, sha256, s.max_pages), timeout=s.timeout_s
        )
        try:
            return await asyncio.wrap_future(future)
        except concurrent.futures.TimeoutError:
            raise Unparseable(
                f"parsing took longer than {s.timeout_s:g} s; the worker was stopped"
            ) from None
        except pebble.ProcessExpired as exc:
            raise Unparseable(
                f"the parser process died (exit code {exc.exitcode}): a crash or a memory bomb"
            ) from None
        except MemoryError:
            raise Unparseable(f"parsing needed more than {s.memory_mb} MiB of memory") from None
        except Unparseable:
            raise
        except RecursionError:
            raise Unparseable("document structure nested too deeply to parse") from None
        except Exception as exc:
            raise Unparseable(f"parser error: {type(exc).__name__}: {str(exc)[:200]}") from None

    def close(self) -> None:
        self._pool.stop()
        self._pool.join(timeout=10)

    def __enter__(self) -> ParserPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
