"""Fingerprinting off the event loop, in killable worker processes (verifier/workers.py).

Every failure of a job becomes an `Unparseable` reason; the run goes on.
"""

from __future__ import annotations

import asyncio
import os

from verifier import workers
from verifier.models import Fingerprint, Unparseable
from verifier.settings import FingerprintSettings


def fingerprint_file(
    path: str, detected_type: str, sha256: str, max_pages: int, simhash: bool = True
) -> Fingerprint:
    """Runs in a worker: read the file and fingerprint it by its real type. `simhash`: compute
    the similarity hashes now (a version to compare with exists); else left to the comparison
    that needs them (verifier/drift/likeness.py)."""
    size = os.path.getsize(path)
    if detected_type == "pdf":
        from verifier.fingerprint.pdf import fingerprint_pdf

        return fingerprint_pdf(path, sha256, size, max_pages, simhash=simhash)
    if detected_type == "html":
        from verifier.fingerprint.html import fingerprint_html

        with open(path, "rb") as fh:
            return fingerprint_html(fh.read(), sha256, simhash=simhash)
    raise Unparseable(f"no fingerprint for {detected_type} documents")


class ParserPool:
    def __init__(self, settings: FingerprintSettings) -> None:
        self.settings = settings
        self._pool = workers.spawn_pool(
            settings.workers or os.cpu_count() or 1,
            settings.memory_mb,
            settings.max_tasks_per_worker,
        )

    async def fingerprint(
        self,
        path: str,
        detected_type: str,
        sha256: str,
        *,
        simhash: bool = True,
        target=fingerprint_file,
    ) -> Fingerprint:
        s = self.settings
        args = (path, detected_type, sha256, s.max_pages, simhash)
        future = self._pool.schedule(target, args=args, timeout=s.timeout_s)
        try:
            return await asyncio.wrap_future(future)
        except Unparseable:
            raise
        except RecursionError:
            raise Unparseable("document structure nested too deeply to parse") from None
        except Exception as exc:
            failure = workers.unwrap(exc)
            if failure is None:
                raise Unparseable(
                    f"parser error: {type(exc).__name__}: {str(exc)[:200]}", of_content=False
                ) from None
            # A worker that died may have been killed from outside (the OOM killer): not
            # necessarily the document's doing. A time or memory limit reached is.
            raise Unparseable(failure.describe("parsing", s.timeout_s, s.memory_mb),
                              of_content=failure.kind != "died") from None  # fmt: skip

    def close(self, *, wait: bool = True) -> None:
        workers.stop(self._pool, wait=wait)

    def __enter__(self) -> ParserPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
