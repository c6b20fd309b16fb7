"""Reading a report given as an http(s) URL: download (bounded), then extract like a file."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

import aiohttp

from verifier import __version__
from verifier.extract.errors import ExtractError
from verifier.extract.readers import PDF_MAGIC, Reader, read_html_bytes, read_pdf_bytes
from verifier.extract.readers import read_text_bytes as _read_text
from verifier.settings import ExtractSettings


def _check_public(host: str, allow_private: bool) -> None:
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise ExtractError(f"cannot resolve {host}: {exc.strerror}") from None
    for info in infos:
        addr = ipaddress.ip_address(info[4][0])
        if not addr.is_global or addr.is_multicast:
            raise ExtractError(
                f"refused: {host} resolves to non-public address {addr} (use --allow-private)"
            )


async def _download(url: str, settings: ExtractSettings, allow_private: bool) -> tuple[bytes, str]:
    timeout = aiohttp.ClientTimeout(total=settings.download_timeout_s, sock_connect=15)
    headers = {"User-Agent": f"verifier/{__version__} (audit report extraction)"}
    async with aiohttp.ClientSession(timeout=timeout, headers=headers) as session:
        target = url
        for _hop in range(10):
            parts = urlsplit(target)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise ExtractError(
                    f"refused: only http and https reports can be fetched ({target})"
                )
            await asyncio.to_thread(_check_public, parts.hostname, allow_private)
            async with session.get(target, allow_redirects=False) as resp:
                if resp.status in (301, 302, 303, 307, 308) and "Location" in resp.headers:
                    target = str(resp.url.join(aiohttp.helpers.URL(resp.headers["Location"])))
                    continue
                if resp.status != 200:
                    raise ExtractError(f"HTTP {resp.status} fetching the report")
                chunks: list[bytes] = []
                total = 0
                async for chunk in resp.content.iter_chunked(65536):
                    total += len(chunk)
                    if total > settings.max_download_bytes:
                        raise ExtractError(
                            f"report larger than the {settings.max_download_bytes}-byte limit"
                        )
                    chunks.append(chunk)
                return b"".join(chunks), resp.headers.get("Content-Type", "")
        raise ExtractError("too many redirects fetching the report")


def fetch_report(
    url: str, settings: ExtractSettings, *, allow_private: bool = False
) -> tuple[Reader, bytes]:
    try:
        data, ctype = asyncio.run(_download(url, settings, allow_private))
    except ExtractError:
        raise
    except TimeoutError:
        raise ExtractError(f"timed out after {settings.download_timeout_s:g} s") from None
    except aiohttp.ClientError as exc:
        raise ExtractError(f"cannot fetch the report: {exc}") from None
    if not data:
        raise ExtractError("the server sent an empty report")
    path = urlsplit(url).path.lower()
    if PDF_MAGIC in data[:1024]:
        return read_pdf_bytes, data
    if "html" in ctype or path.endswith((".html", ".htm")) or data.lstrip()[:1] == b"<":
        return (lambda b: read_html_bytes(b, base_url=url)), data
    return _read_text, data
