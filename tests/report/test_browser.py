"""report.html in a real headless browser: it loads with no console errors, the hostile values
stay text, and a screenshot is taken. Chromium is driven over the DevTools protocol with aiohttp's
WebSocket client; skipped, saying why, where Debian's chromium is not installed."""

import asyncio
import base64
import json
import re
import shutil
from pathlib import Path

import aiohttp
import pytest

from verifier.report.html import render_html

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium not installed (Debian: apt-get install chromium)"
)
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--remote-debugging-port=0", "--window-size=1280,1600"]  # fmt: skip


async def test_report_html_in_chromium(result, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(render_html(result), encoding="utf-8")
    proc = await asyncio.create_subprocess_exec(
        CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "about:blank",
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        port = None
        while port is None:
            line = (await asyncio.wait_for(proc.stderr.readline(), 30)).decode()
            assert line, "chromium exited before it listened"
            m = re.search(r"DevTools listening on ws://127\.0\.0\.1:(\d+)/", line)
            port = m and int(m.group(1))
        async with aiohttp.ClientSession() as http:
            targets = await (await http.get(f"http://127.0.0.1:{port}/json/list")).json()
            ws_url = next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page")
            async with http.ws_connect(ws_url, max_msg_size=64 * 1024 * 1024) as ws:
                errors, results, ids = [], {}, iter(range(1, 1000))

                async def call(method, **params):
                    n = next(ids)
                    await ws.send_json({"id": n, "method": method, "params": params})
                    while n not in results:
                        msg = json.loads((await asyncio.wait_for(ws.receive(), 30)).data)
                        if "id" in msg:
                            results[msg["id"]] = msg.get("result", msg.get("error"))
                        elif msg.get("method") == "Runtime.exceptionThrown":
                            errors.append(msg["params"]["exceptionDetails"]["text"])
                        elif (
                            msg.get("method") == "Runtime.consoleAPICalled"
                            and msg["params"]["type"] == "error"
                        ):
                            errors.append(str(msg["params"]["args"]))
                        elif (
                            msg.get("method") == "Log.entryAdded"
                            and msg["params"]["entry"]["level"] == "error"
                        ):
                            errors.append(msg["params"]["entry"]["text"])
                    return results[n]

                for domain in ("Runtime.enable", "Log.enable", "Page.enable"):
                    await call(domain)
                await call("Page.navigate", url=page.as_uri())
                await asyncio.sleep(1.0)  # let it render and report anything it wanted to
                state = await call("Runtime.evaluate", returnByValue=True, expression=(
                    "JSON.stringify({ready: document.readyState, scripts: document.scripts.length,"
                    " title: document.title, text: document.body.innerText})"))  # fmt: skip
                shot = await call("Page.captureScreenshot", format="png")
        info = json.loads(state["result"]["value"])
        assert info["ready"] == "complete" and info["title"] == "Evidence check"
        assert info["scripts"] == 0  # the <script> in a URL and a PDF title stayed text
        assert "<script>alert('title')</script>" in info["text"]
        assert "page 57 cited, document has 48 pages" in info["text"]
        assert errors == []
        png = base64.b64decode(shot["data"])
        assert png.startswith(b"\x89PNG") and len(png) > 5000
        out = Path(__file__).resolve().parents[2] / "reports" / "browser-test-screenshot.png"
        out.parent.mkdir(exist_ok=True)
        out.write_bytes(png)
    finally:
        proc.kill()
        await proc.wait()
