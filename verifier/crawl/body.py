"""Reading a body without holding it: stream, hash, spool to disk, stop at the cap.

The cap counts *decoded* bytes (aiohttp undoes gzip/deflate/br as it streams), because
Content-Length is the compressed size: a 200 KB gzip bomb that expands to 200 MiB stops at the
cap, as `too_large`, instead of filling memory. Up to MEMORY_BYTES are gathered before each write,
and file creation and writes run in a worker thread: creating a file can cost a third of a
millisecond (measured here), which on the event loop would stall every other request.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import itertools
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass

_names = itertools.count()
HEAD_BYTES = 64 * 1024
MEMORY_BYTES = 512 * 1024


class TooLarge(Exception):
    def __init__(self, size: int, cap: int) -> None:
        super().__init__(f"body larger than the {cap}-byte limit (stopped at {size} bytes)")
        self.size = size


@dataclass(frozen=True, slots=True)
class Body:
    path: str
    sha256: str
    size: int
    head: bytes  # the first bytes, for sniffing the real type


class _Spool:
    """A temp file created on first write; all file I/O happens in worker threads."""

    def __init__(self, directory: str) -> None:
        self.directory = directory
        self.fd: int | None = None
        self.path: str | None = None

    def _write(self, data: bytes) -> None:
        if self.fd is None:
            # The spool directory is private to the run: a counter makes names unique, O_EXCL
            # makes sure (mkstemp's random names cost more here, measured).
            self.path = os.path.join(self.directory, f"body-{os.getpid()}-{next(_names)}")
            self.fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view) :]

    async def write(self, data: bytes) -> None:
        await asyncio.to_thread(self._write, data)

    def close(self) -> str:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        assert self.path is not None
        return self.path

    def discard(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        if self.path is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.path)


async def read_body(chunks: AsyncIterator[bytes], cap: int, spool_dir: str) -> Body:
    digest = hashlib.sha256()
    size = 0
    head = bytearray()
    pending = bytearray()
    spool = _Spool(spool_dir)
    try:
        async for chunk in chunks:
            size += len(chunk)
            if size > cap:
                raise TooLarge(size, cap)
            digest.update(chunk)
            if len(head) < HEAD_BYTES:
                head += chunk[: HEAD_BYTES - len(head)]
            pending += chunk
            if len(pending) >= MEMORY_BYTES:
                await spool.write(bytes(pending))
                pending.clear()
        await spool.write(bytes(pending))  # creates the file even for an empty body
        path = spool.close()
    except BaseException:
        spool.discard()
        raise
    return Body(path, digest.hexdigest(), size, bytes(head))
