"""The evidence archive: every distinct document version kept once, named by its SHA-256.

What an audit relied on can always be produced again: `path_for(sha256)` is the file. Names are
validated hex digests (never a path from a server), files are written to a temporary name in the
same directory and renamed into place (a killed run never leaves half a document under a real
name), and the content is hashed while copying (or, for a file moved in, before it moves) so a
file can never sit under the wrong name.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import BinaryIO

_HEX64 = re.compile(r"^[0-9a-f]{64}$")


class ArchiveError(ValueError):
    pass


class EvidenceArchive:
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self._dev: int | None = None  # the file system the archive is on, once asked

    def _device(self) -> int:
        if self._dev is None:
            self.root.mkdir(parents=True, exist_ok=True)
            self._dev = os.stat(self.root).st_dev
        return self._dev

    def path_for(self, sha256: str) -> Path:
        if not _HEX64.match(sha256):
            raise ArchiveError(f"not a SHA-256 hex digest: {sha256[:80]!r}")
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def put_file(self, src: str | Path, sha256: str) -> Path:
        """Keep the file at `src` under its digest (once). Raises if the content does not match."""
        dest = self.path_for(sha256)
        if dest.is_file():
            return dest
        with open(src, "rb") as fh:
            return self._store(fh, sha256)

    def move_file(self, src: str | Path, sha256: str) -> Path:
        """Keep the file at `src` under its digest by renaming it into place: the caller gives
        it up (a spooled body once read). No second copy is written: creating a file was most
        of archiving one on the disks measured (0.7 ms of system time against 15 us for a
        rename). Verified before it moves, copied where `src` is on another file system; `src`
        is gone afterwards either way."""
        dest = self.path_for(sha256)
        if not dest.is_file():
            if os.stat(src).st_dev != self._device():  # a tmpfs /tmp: copied, read once
                self.put_file(src, sha256)
            else:
                with open(src, "rb") as fh:
                    digest = hashlib.file_digest(fh, "sha256").hexdigest()
                if digest != sha256:
                    raise ArchiveError(f"content hashes to {digest}, not the expected {sha256}")
                dest.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.replace(src, dest)  # same content if another run put it there meanwhile
                    return dest
                except OSError as exc:
                    if exc.errno != errno.EXDEV:  # a mount between root and its subdirectory
                        raise
                    self.put_file(src, sha256)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(src)
        return dest

    def put_bytes(self, data: bytes) -> str:
        sha256 = hashlib.sha256(data).hexdigest()
        if not self.has(sha256):
            import io

            self._store(io.BytesIO(data), sha256)
        return sha256

    def _store(self, fh: BinaryIO, sha256: str) -> Path:
        dest = self.path_for(sha256)
        dest.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as out:
                while chunk := fh.read(1 << 20):
                    digest.update(chunk)
                    out.write(chunk)
            if digest.hexdigest() != sha256:
                raise ArchiveError(
                    f"content hashes to {digest.hexdigest()}, not the expected {sha256}"
                )
            os.replace(tmp, dest)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
        return dest

    def open(self, sha256: str) -> BinaryIO:
        return self.path_for(sha256).open("rb")

    def copy_to(self, sha256: str, dest: str | Path) -> None:
        shutil.copyfile(self.path_for(sha256), dest)
