"""A transport with no network: answers from a table, and fails the way the real one can.

It implements `verifier.crawl.transport.Transport`, so a whole `verifier check` runs on it in
process: the logic above the transport (redirects, retries, verdicts, fingerprints, history,
reports) is exercised without a socket. Real-server tests stay for real I/O.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field

from multidict import CIMultiDict

from verifier.crawl.transport import Response, TransportError


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    error: TransportError | None = None  # raised instead of answering (reset, timeout...)


class FakeTransport:
    def __init__(self, answers: Mapping[str, Answer]) -> None:
        self.answers = dict(answers)
        self.requests: list[tuple[str, dict[str, str]]] = []

    @contextlib.asynccontextmanager
    async def get(self, url: str, headers: Mapping[str, str]) -> AsyncIterator[Response]:
        self.requests.append((url, dict(headers)))
        a = self.answers.get(url, Answer(404, b"not found", {"Content-Type": "text/plain"}))
        if a.error is not None:
            raise a.error

        async def chunks() -> AsyncIterator[bytes]:
            for i in range(0, len(a.body), 65536):
                yield a.body[i : i + 65536]

        hdrs = CIMultiDict(a.headers)
        yield Response(a.status, hdrs, tuple(hdrs.items()), "1.1", chunks())
