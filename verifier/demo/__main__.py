"""The offline demo: `python -m verifier.demo` (what `make demo` runs).

Starts the replica site on 127.0.0.1 (a free port), runs `verifier check` on the bundled sample
report with --remap pointing every cited host at the replica, and says where the reports are.
It exits 0 when the demo ran, whatever it found: finding the broken links is the point.
"""

from __future__ import annotations

import asyncio
import sys
import threading
from pathlib import Path

from aiohttp import web

from verifier.demo.site import FAULTS, app

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "asi-report-shandong-innovation-2025.txt"
CONFIG = ROOT / "configs" / "demo.toml"
EXPECTATIONS = ROOT / "configs" / "expectations"


def _serve(ready: threading.Event, box: dict[str, object]) -> None:
    async def main() -> None:
        runner = web.AppRunner(app(), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        box["port"] = runner.addresses[0][1]
        stop = asyncio.Event()
        box["stop"] = (asyncio.get_running_loop(), stop)
        ready.set()
        await stop.wait()
        await runner.cleanup()

    asyncio.run(main())


def main() -> int:
    from verifier.cli import main as cli

    ready = threading.Event()
    box: dict[str, object] = {}
    thread = threading.Thread(target=_serve, args=(ready, box), daemon=True)
    thread.start()
    if not ready.wait(10):
        print("verifier demo: the replica site did not start", file=sys.stderr)
        return 2
    port = box["port"]
    print(f"replica of the sample report's disclosure site on http://127.0.0.1:{port}/")
    print("deliberate faults:", "; ".join(FAULTS.values()))
    out = ROOT / "reports"
    code = cli([
        "check", str(SAMPLE), "--out", str(out), "--config", str(CONFIG), "--allow-private",
        "--expectations", str(EXPECTATIONS),
        "--db", str(ROOT / "data" / "demo-history.sqlite"),
        "--archive", str(ROOT / "data" / "demo-archive"),
        "--remap", rf"^https?://(?:www\.)?([^/]+) http://127.0.0.1:{port}/\1",
    ])  # fmt: skip
    loop, stop = box["stop"]  # type: ignore[misc]
    loop.call_soon_threadsafe(stop.set)
    thread.join(5)
    print(
        f"\nreports written to {out}/: open report.html (also report.json, report.md, "
        f"junit.xml, report.csv); verifier check exited {code}"
    )
    return 0 if code in (0, 1) else code


if __name__ == "__main__":
    raise SystemExit(main())
