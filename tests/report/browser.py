"""A headless Chromium driven over the DevTools protocol with aiohttp's WebSocket client, for the
browser tests of report.html and the site. `CHROMIUM` is None where Debian's chromium is missing
(the tests then skip and say so); `.ci/run` installs it in CI."""

from __future__ import annotations

import asyncio
import base64
import io
import json
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import aiohttp

# Debian's chromium; GitHub's Ubuntu runners come with google-chrome (same DevTools protocol).
CHROMIUM = (
    shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
)
SKIP_REASON = "chromium not installed (Debian: apt-get install chromium; .ci/run does it in CI)"
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--remote-debugging-port=0", "--window-size=1280,1600"]  # fmt: skip
SCREENSHOTS = Path(__file__).resolve().parents[2] / "reports"

STATE_JS = (
    "JSON.stringify({ready: document.readyState, scripts: document.scripts.length,"
    " title: document.title, text: document.body.innerText,"
    " links: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')),"
    " ids: [...document.querySelectorAll('[id]')].map(x => x.id)})"
)


class Browser:
    """One Chromium process and one page; `errors` collects console errors and exceptions,
    including CSP violations (Chromium logs those as errors)."""

    def __init__(self, profile: Path) -> None:
        self.profile = profile
        self.errors: list[str] = []
        self._results: dict[int, Any] = {}
        self._next = 0

    async def __aenter__(self) -> Browser:
        self.proc = await asyncio.create_subprocess_exec(
            CHROMIUM, *FLAGS, f"--user-data-dir={self.profile}", "about:blank",
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        port = None
        while port is None:
            line = (await asyncio.wait_for(self.proc.stderr.readline(), 30)).decode()
            assert line, "chromium exited before it listened"
            m = re.search(r"DevTools listening on ws://127\.0\.0\.1:(\d+)/", line)
            port = m and int(m.group(1))
        self.http = aiohttp.ClientSession()
        targets = await (await self.http.get(f"http://127.0.0.1:{port}/json/list")).json()
        ws_url = next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page")
        self.ws = await self.http.ws_connect(ws_url, max_msg_size=64 * 1024 * 1024)
        for domain in ("Runtime.enable", "Log.enable", "Page.enable"):
            await self.call(domain)
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.ws.close()
        await self.http.close()
        self.proc.kill()
        await self.proc.wait()

    async def call(self, method: str, **params: Any) -> Any:
        self._next += 1
        n = self._next
        await self.ws.send_json({"id": n, "method": method, "params": params})
        while n not in self._results:
            msg = json.loads((await asyncio.wait_for(self.ws.receive(), 30)).data)
            if "id" in msg:
                self._results[msg["id"]] = msg.get("result", msg.get("error"))
                continue
            method_, p = msg.get("method"), msg.get("params", {})
            if method_ == "Runtime.exceptionThrown":
                self.errors.append(p["exceptionDetails"]["text"])
            elif method_ == "Runtime.consoleAPICalled" and p["type"] == "error":
                self.errors.append(str(p["args"]))
            elif method_ == "Log.entryAdded" and p["entry"]["level"] == "error":
                self.errors.append(p["entry"]["text"])
        return self._results.pop(n)

    async def open(self, page: Path, settle_s: float = 0.5) -> dict[str, Any]:
        """Load a file and return its state: readyState, script count, title, text, links."""
        await self.call("Page.navigate", url=page.as_uri())
        for _ in range(100):
            state = await self.evaluate(STATE_JS)
            if state and state["ready"] == "complete":
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(settle_s)  # let it report anything it wanted to
        return await self.evaluate(STATE_JS)

    async def evaluate(self, expression: str) -> Any:
        res = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        value = res["result"].get("value")
        return json.loads(value) if isinstance(value, str) else value

    async def screenshot(self, name: str, width: int = 1280, height: int = 900) -> bytes:
        """A PNG of the top of the page (small enough to commit), also written under reports/."""
        await self.call("Emulation.setDeviceMetricsOverride", width=width, height=height,
                        deviceScaleFactor=1, mobile=False)  # fmt: skip
        shot = await self.call("Page.captureScreenshot", format="png")
        png = base64.b64decode(shot["data"])
        SCREENSHOTS.mkdir(exist_ok=True)
        (SCREENSHOTS / name).write_bytes(small_png(png))
        return png


def small_png(png: bytes, colours: int = 32) -> bytes:
    """The screenshot as a palette PNG: a few tens of KB, small enough to commit to docs/."""
    from PIL import Image

    out = io.BytesIO()
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.quantize(colours, method=Image.Quantize.MEDIANCUT).save(out, "PNG", optimize=True)
    return out.getvalue()


def broken_links(page: Path, links: list[str], ids_of: dict[Path, set[str]]) -> list[str]:
    """Relative links of `page` whose file or #anchor does not exist. `ids_of` caches each
    target's element ids (read from its HTML)."""
    bad = []
    for href in links:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            continue  # external: http(s) links to evidence, not ours to resolve
        target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
        if not target.is_file():
            bad.append(href)
            continue
        if parts.fragment:
            if target not in ids_of:
                text = target.read_text(encoding="utf-8")
                ids_of[target] = set(re.findall(r'\sid="([^"]+)"', text))
            if unquote(parts.fragment) not in ids_of[target]:
                bad.append(href)
    return bad
