"""A local stand-in for the Wayback Machine, served by aiohttp on 127.0.0.1 in tests.

It answers the three endpoints verifier uses, the way the real service does:
- `/cdx/search/cdx?url=..&output=json&fl=..&filter=statuscode:200`: an array of arrays, the first
  row naming the fields (`[]` when there is nothing);
- `/web/<timestamp>id_/<original>`: the capture as archived, or a 302 to the nearest timestamp;
- `/save/<url>`: Save Page Now, a 302 to the new capture, or 429 with Retry-After when told.

Switches make it fail: `fail` = "500", "garbage" (not JSON), "deep" (absurdly nested JSON),
"object" (JSON, not an array), "redirect-private" (a 302 to a private address) or "timeout"
(answers after `delay_s`), for the next
`fail_times` requests to `fail_on` ("cdx", "raw" or "save"; None means all).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from aiohttp import web

_RAW = re.compile(r"^/web/(\d{14})id_/(.+)$")
AUTO = "auto"


def b32sha1(data: bytes) -> str:
    return base64.b32encode(hashlib.sha1(data).digest()).decode()


@dataclass
class StoredCapture:
    timestamp: str
    original: str
    body: bytes
    mimetype: str = "application/pdf"
    status: str = "200"
    digest: str = ""  # as the CDX row gives it ("-" or anything, to test)


@dataclass
class WaybackEmulator:
    captures: dict[str, list[StoredCapture]] = field(default_factory=dict)
    fail: str | None = None
    fail_on: str | None = None
    fail_times: int = 10**9
    delay_s: float = 5.0
    save_429: int = 0  # answer this many save requests with 429
    retry_after: str | None = "1"
    moved: dict[str, str] = field(default_factory=dict)  # raw timestamp -> where it redirects
    requests: list[tuple[str, str]] = field(default_factory=list)  # (endpoint, raw path)
    times: dict[str, list[float]] = field(default_factory=dict)  # loop time of each request

    def add(
        self,
        original: str,
        timestamp: str,
        body: bytes,
        *,
        mimetype: str = "application/pdf",
        status: str = "200",
        digest: str = AUTO,
    ) -> StoredCapture:
        c = StoredCapture(
            timestamp, original, body, mimetype, status, b32sha1(body) if digest == AUTO else digest
        )
        self.captures.setdefault(original, []).append(c)
        return c

    def count(self, endpoint: str) -> int:
        return sum(1 for e, _ in self.requests if e == endpoint)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/cdx/search/cdx", self.cdx)
        app.router.add_get("/web/{rest:.*}", self.raw)
        app.router.add_get("/save/{rest:.*}", self.save)
        return app

    async def _failure(self, endpoint: str) -> web.StreamResponse | None:
        self.requests.append((endpoint, ""))
        self.times.setdefault(endpoint, []).append(asyncio.get_running_loop().time())
        if not self.fail or (self.fail_on and self.fail_on != endpoint) or self.fail_times <= 0:
            return None
        self.fail_times -= 1
        if self.fail == "500":
            return web.Response(status=500, text="Internal Server Error")
        if self.fail == "garbage":
            return web.Response(text="<html><body>Wayback is down</body></html>[[", status=200)
        if self.fail == "deep":
            return web.Response(text="[" * 200_000 + "]" * 200_000, content_type="application/json")
        if self.fail == "object":
            return web.json_response({"error": "nope"})
        if self.fail == "redirect-private":
            raise web.HTTPFound("http://10.0.0.1/cdx/search/cdx")
        if self.fail == "timeout":
            await asyncio.sleep(self.delay_s)
            return web.json_response([])
        raise AssertionError(f"unknown failure switch {self.fail!r}")

    async def cdx(self, request: web.Request) -> web.StreamResponse:
        failed = await self._failure("cdx")
        self.requests[-1] = ("cdx", request.raw_path)
        if failed is not None:
            return failed
        url = request.query.get("url", "")
        fields = request.query.get("fl", "timestamp,original,mimetype,statuscode,digest")
        names = fields.split(",")
        rows = []
        for c in sorted(self.captures.get(url, []), key=lambda c: c.timestamp):
            flt = request.query.get("filter", "")
            if flt.startswith("statuscode:") and c.status != flt.split(":", 1)[1]:
                continue
            values = {
                "timestamp": c.timestamp, "original": c.original, "mimetype": c.mimetype,
                "statuscode": c.status, "digest": c.digest, "length": str(len(c.body)),
            }  # fmt: skip
            rows.append([values.get(n, "-") for n in names])
        return web.json_response([names, *rows] if rows else [])

    async def raw(self, request: web.Request) -> web.StreamResponse:
        failed = await self._failure("raw")
        self.requests[-1] = ("raw", request.raw_path)
        if failed is not None:
            return failed
        m = _RAW.match(request.raw_path)
        if not m:
            return web.Response(status=404, text="not a raw capture address")
        ts, original = m.groups()
        if ts in self.moved:
            raise web.HTTPFound(f"/web/{self.moved[ts]}id_/{original}")
        ts = next((old for old, new in self.moved.items() if new == ts), ts)
        captures = self.captures.get(original, [])
        if not captures:
            return web.Response(status=404, text="not archived")
        exact = [c for c in captures if c.timestamp == ts]
        if not exact:
            nearest = min(captures, key=lambda c: abs(int(c.timestamp) - int(ts)))
            raise web.HTTPFound(f"/web/{nearest.timestamp}id_/{original}")
        c = exact[0]
        return web.Response(body=c.body, headers={"Content-Type": c.mimetype})

    async def save(self, request: web.Request) -> web.StreamResponse:
        failed = await self._failure("save")
        self.requests[-1] = ("save", request.raw_path)
        if failed is not None:
            return failed
        if self.save_429 > 0:
            self.save_429 -= 1
            headers = {"Retry-After": self.retry_after} if self.retry_after else {}
            return web.Response(status=429, text="Too Many Requests", headers=headers)
        target = request.raw_path[len("/save/") :]
        ts = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        self.add(target, ts, b"captured by save page now", mimetype="text/html")
        raise web.HTTPFound(f"/web/{ts}/{target}")
