"""Reading a body without holding it: stream, hash, spool to disk, stop at the cap.

The cap counts *decoded* bytes (aiohttp undoes gzip/deflate/br as it streams), because
Content-Length is the compressed size: a 200 KB gzip bomb that expands to 200 MiB stops at the
cap, as `too_large`, instead of filling memory.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass

HEAD_BYTES = 64 * 1024


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


async def read_body(chunks: AsyncIterator[bytes], cap: int, spool_dir: str) -> Body:
    fd, path = tempfile.mkstemp(dir=spool_dir, prefix="body-")
    digest = hashlib.sha256()
    size = 0
    head = bytearray()
    try:
        with os.fdopen(fd, "wb") as out:
            async for chunk in chunks:
                size += len(chunk)
                if size > cap:
                    raise TooLarge(size, cap)
                digest.update(chunk)
                out.write(chunk)
                if len(head) < HEAD_BYTES:
                    head += chunk[: HEAD_BYTES - len(head)]
    except BaseException:
        os.unlink(path)
        raise
    return Body(path, digest.hexdigest(), size, bytes(head))
