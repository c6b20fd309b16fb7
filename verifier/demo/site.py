"""A local replica of the sample report's disclosure site, for the offline demo.

Every document the sample report cites is served from 127.0.0.1 under /<host>/<path> (the demo
remaps https://innovationmetal.com/d/... to http://127.0.0.1:PORT/innovationmetal.com/d/...),
as a generated PDF with a plausible page count. A few are deliberately wrong, the way real
evidence goes wrong: see FAULTS.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import io

from aiohttp import web

_ESG = {"fe216f2105d0e3d802d0d0fc4dde015e", "57cbf5e55c1dd191dfc6908bbe47002a",
        "f0abd2e09ead6f83e6d42e913df2648e", "71408f1fd5744f198794421a768c987d",
        "bc278c8bd4bcedd15b89358fd2f69d93", "8686edd556a69d64649578de2e197138"}  # fmt: skip

# Topics the sample report's citations expect on given pages of the ESG reports
# (configs/expectations/sample-report.toml), so content checks pass where the replica is right.
_TOPICS = {
    9: "complaints and reports received", 11: "complaints and reports received",
    16: "complaints and reports received", 26: "air emissions and women's programmes",
    33: "air emissions", 40: "air emissions", 57: "air emissions", 13: "women's programmes",
    14: "women's programmes", 15: "women's programmes", 19: "women's programmes",
    20: "women's programmes", 27: "women's programmes",
}  # fmt: skip
# Content faults: the ESG report cited for "page 57" has 48 pages; one cited page lacks its topic.
_SHORT = {"f0abd2e09ead6f83e6d42e913df2648e": 48}
_TOPIC_MISSING = {("57cbf5e55c1dd191dfc6908bbe47002a", 40)}

# document id -> (what goes wrong, shown in the demo's summary)
FAULTS = {
    "f0abd2e09ead6f83e6d42e913df2648e": "cited page 57 of a 48-page report",
    "57cbf5e55c1dd191dfc6908bbe47002a": "cited page 40 without the expected topic",
    "7f9950b6e5ec52500df99cae13b6012d": "removed: 404",
    "b76320dce7f9199c347660c700a0cce6": "moved: 301 to a new address (still ok)",
    "4998cff965d43112cd00a183ccd274b3": "error page served as 200 (页面不存在)",
    "2f55e82efe69a0c8bfad600be454a19e": "slow: answers after 1.5 s (still ok)",
    "c84e0a1b4e66da8412077333ab097144": "server error: 503 on every attempt",
    "0ef0b1eaa6b83c6b260e49f048b3b78a": "redirects to the site's home page",
    "creditchina": "bot protection: 403",
}


@functools.lru_cache(maxsize=256)
def document(doc_id: str) -> bytes:
    """A deterministic PDF for a document id (ESG reports are long, procedures short)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pages = 64 if doc_id in _ESG else 3 + int(hashlib.sha256(doc_id.encode()).hexdigest(), 16) % 10
    pages = _SHORT.get(doc_id, pages)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setTitle(f"Disclosure {doc_id[:8]}")
    c.setAuthor("Replica of the entity's disclosure site (verifier demo)")
    for n in range(1, pages + 1):
        c.setFont("Helvetica", 11)
        c.drawString(72, 780, f"Disclosure document {doc_id[:8]}")
        text = c.beginText(72, 740)
        topic = _TOPICS.get(n) if doc_id in _ESG and (doc_id, n) not in _TOPIC_MISSING else None
        if topic:
            text.textLine(f"This page discloses {topic}.")
        for line in range(30):
            text.textLine(f"Section {n}.{line + 1}: management of environmental, social and "
                          f"governance topics, item {line + 1}.")  # fmt: skip
        c.drawText(text)
        c.drawString(290, 40, str(n))  # the printed page number, in the footer
        c.showPage()
    c.save()
    return buf.getvalue()


def _doc_id(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".pdf")


async def handle(request: web.Request) -> web.StreamResponse:
    path = request.path
    if path.rstrip("/") in ("/innovationmetal.com", ""):
        return web.Response(text="<html><title>Innovation Group</title><p>Welcome</p></html>",
                            content_type="text/html")  # fmt: skip
    if path.startswith("/www.creditchina.gov.cn") or path.startswith("/creditchina.gov.cn"):
        return web.Response(status=403, text="Forbidden")
    if path.startswith("/aluminium-stewardship.ethicspoint.com"):
        page = "<html><title>EthicsPoint - ASI</title><p>Make a report</p></html>"
        return web.Response(text=page, content_type="text/html")
    doc = _doc_id(path)
    if path.startswith("/innovationmetal.com/docs/"):
        doc = _doc_id(path).removeprefix("moved-")
    elif doc == "7f9950b6e5ec52500df99cae13b6012d":
        return web.Response(status=404, text="Not Found")
    elif doc == "b76320dce7f9199c347660c700a0cce6":
        raise web.HTTPMovedPermanently(f"/innovationmetal.com/docs/moved-{doc}.pdf")
    elif doc == "4998cff965d43112cd00a183ccd274b3":
        return web.Response(text="<html><title>提示信息</title><p>页面不存在</p></html>",
                            content_type="text/html")  # fmt: skip
    elif doc == "2f55e82efe69a0c8bfad600be454a19e":
        await asyncio.sleep(1.5)
    elif doc == "c84e0a1b4e66da8412077333ab097144":
        return web.Response(status=503, text="Service Unavailable")
    elif doc == "0ef0b1eaa6b83c6b260e49f048b3b78a":
        raise web.HTTPFound("/innovationmetal.com/")
    if not path.endswith(".pdf") or len(doc) != 32:
        return web.Response(status=404, text="Not Found")
    body = await asyncio.to_thread(document, doc)
    etag = f'"{hashlib.sha256(body).hexdigest()[:16]}"'
    if request.headers.get("If-None-Match") == etag:
        return web.Response(status=304, headers={"ETag": etag})
    return web.Response(body=body, content_type="application/pdf", headers={"ETag": etag})


def app() -> web.Application:
    application = web.Application()
    application.router.add_get("/{tail:.*}", handle)
    return application
