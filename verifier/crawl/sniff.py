"""What a response really is: the type from its bytes, and whether an HTML page is an error page,
a home page or a bot-protection challenge dressed as a 200."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from verifier.models import Verdict

# Error-page words in the title or the first lines of text, in the languages evidence is in.
_ERROR = re.compile(
    r"\b404\b|\b410\b|not\s+found|page\s+(?:not|does\s+not)\s+exist|no\s+longer\s+(?:available|exists)"
    r"|file\s+(?:not|does\s+not)\s+exist|has\s+been\s+(?:removed|deleted)|error\s+page"
    r"|页面不存在|找不到|未找到|不存在|已删除|页面错误|ページが見つかりません",
    re.IGNORECASE,
)
_CHALLENGE = re.compile(
    r"just\s+a\s+moment|attention\s+required|checking\s+your\s+browser|verify\s+you\s+are\s+human"
    r"|are\s+you\s+a\s+robot|captcha|cf-chl|ddos\s+protection|enable\s+javascript\s+and\s+cookies"
    r"|access\s+denied|request\s+blocked|安全验证|访问被拒绝",
    re.IGNORECASE,
)
_ROOTS = {"", "/", "/index.html", "/index.htm", "/index.php", "/index.jsp", "/default.aspx",
          "/home", "/en", "/en/", "/cn", "/cn/", "/zh", "/zh/"}  # fmt: skip


def detect_type(head: bytes) -> str:
    """pdf, html, zip (docx/xlsx), image, text, other or empty, from the first bytes."""
    if not head:
        return "empty"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:512].lower()
    if start.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<title")) or (
        start.startswith(b"<") and b"<html" in head[:4096].lower()
    ):
        return "html"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        return "image"
    try:
        head[:4096].decode("utf-8")
        return "text"
    except UnicodeDecodeError:
        return "other"


def expects_pdf(url: str) -> bool:
    return urlsplit(url).path.lower().endswith(".pdf")


def _title_and_text(html: bytes) -> tuple[str, str]:
    from bs4 import BeautifulSoup  # only HTML answers need it; keeps the crawler's start fast

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript"]):
        tag.decompose()
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    text = " ".join(soup.get_text(" ").split())[:2000]
    return title, text


def redirected_to_root(fetched_url: str, final_url: str) -> bool:
    """A document URL that now lands on the site's home page or a parent listing page."""
    a, b = urlsplit(fetched_url), urlsplit(final_url)
    if a.path in _ROOTS or a.path == b.path:
        return False
    if b.path in _ROOTS:
        return True
    parent = b.path if b.path.endswith("/") else b.path + "/"
    return a.path.startswith(parent) and b.path.count("/") <= 2


def judge_html(html: bytes, fetched_url: str, final_url: str) -> tuple[Verdict, str] | None:
    """(verdict, reason) for an HTML page that is not the document, or None if it may be one."""
    title, text = _title_and_text(html)
    shown = f'"{title[:80]}"' if title else "(no title)"
    if _CHALLENGE.search(title) or _CHALLENGE.search(text[:600]):
        return Verdict.DENIED, f"bot-protection or access page {shown} instead of the document"
    if _ERROR.search(title) or _ERROR.search(text[:300]):
        return Verdict.SOFT_404, f"HTTP 200 with an error page {shown}"
    if redirected_to_root(fetched_url, final_url):
        return (
            Verdict.SOFT_404,
            f"redirected to the site's home or a parent page {final_url} {shown}",
        )
    return None
