"""What a response really is: the type from its bytes, and whether an HTML page is an error page,
a login wall, a home page or a bot-protection challenge dressed as a 200.

Evidence pages are full of the words error pages use: "SOX Section 404", "404 employees trained",
"经核查，本公司不存在重大违法违规行为". So a word anywhere decides nothing. What decides is where a
status phrase stands and what else the page holds: a title segment or main heading that *is* a
status ("404 Not Found", "Page not found – Acme", "页面不存在"), a short page whose message line is
one ("The requested URL was not found on this server."), a generic notice title ("提示信息",
"Error") over a short body that says something is gone, the error-page classes of CMS templates
("error404"), a password form, a vendor's challenge markup, or a redirect (HTTP, meta refresh or
script) to the site's home page. `judge_html` returns the verdict with the line that decided it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from verifier.html_text import INVISIBLE_TAGS
from verifier.models import Verdict

# Visible text of at most this many characters (site chrome excluded) is a "short" page: error,
# challenge and notice pages are; an evidence page that short is still judged only by whole lines.
SHORT_CHARS = 1200

_ZH_END = r"(?=$|[\s!！。.,，;；:：?？、…~～)）]|或|啦|咯|了|呢|哦|啊|喔)"
_THING_ZH = (
    r"(?:页面|网页|页|文件|文章|信息|内容|资源|栏目|稿件|主题|帖子|链接|文档|新闻|地址|网址)"
)
_GONE_WORDS = "删除|移除|下线|撤销|撤下|过期|失效|更名"
_MISSING_WORDS = (
    "不存在|未找到|找不到|无法找到|无法访问|暂时无法访问|走丢|丢失|失踪|飞走|去火星|出错"
)
_GONE_ZH, _MISSING_ZH = f"(?:{_GONE_WORDS})", f"(?:{_MISSING_WORDS})"
# "不存在或已被删除或正在被审核": alternatives chained on one status
_OR_ZH = (
    rf"(?:(?:或者?|、|，)(?:已经|已|正在)?被?(?:{_GONE_WORDS}|{_MISSING_WORDS}|审核|更改名称))*"
)
_THING_EN = r"(?:page|file|document|url|resource|article|content|post|item|link|webpage)s?"
# Phrases that state an HTTP error status. A line is an error line when one of these is most of it.
_STATUS = re.compile(
    r"\b(?:404|410)(?:\.\d+)?\s*[-–:]?\s*(?:errors?\b|not\s+found|gone\b|pages?\b"
    r"|file\s+(?:or\s+directory\s+)?not\s+found)"
    r"|\b(?:error|http|status)(?:\s+status)?(?:\s+code)?\s*[:#]?\s*(?:404|410)\b(?:\s*[-–:]?\s*not\s+found)?"
    rf"|\b{_THING_EN}\s+not\s+found\b|^not\s+found$|^gone$"
    rf"|\b{_THING_EN}\b[^.!?\n]{{0,60}}?\b(?:could\s+not|cannot|can['’]?t|couldn['’]?t)\s+be\s+found"
    rf"|\b{_THING_EN}\b[^.!?\n]{{0,60}}?\b(?:does\s+not|doesn['’]?t|no\s+longer|did\s+not)\s+exists?"
    r"(?:,?\s+or\s+(?:it\s+)?(?:has|may\s+have|might\s+have)\s+been\s+(?:re)?(?:moved|deleted|renamed))?"
    rf"|\b{_THING_EN}\b[^.!?\n]{{0,60}}?\b(?:has|have|may\s+have|might\s+have)\s+been\s+(?:removed|deleted)"
    r"[^.!?\n]{0,80}"
    rf"|\b(?:requested|this|that)\s+{_THING_EN}\s+(?:is\s+)?(?:no\s+longer\s+|not\s+)available"
    r"|\bthe\s+requested\s+(?:url|page|resource|document)\b[^\n]{0,300}?\bwas\s+not\s+found"
    r"(?:\s+on\s+(?:this|the)\s+server)?"
    r"|\bdid\s+not\s+find\s+a\s+current\s+representation\s+for\s+the\s+target\s+resource"
    r"|\bno\s+such\s+(?:page|file|document|key)\b|\bnosuchkey\b|\bcannot\s+get\s+/\S*"
    r"|\bwhitelabel\s+error\s+page\b|\bnothing\s+(?:was\s+)?found\s+(?:here|at\s+this\s+location)"
    rf"|{_THING_ZH}(?:已经|已|可能已经?|或已)?被?{_GONE_ZH}{_OR_ZH}{_ZH_END}"
    rf"|{_THING_ZH}{_MISSING_ZH}{_OR_ZH}{_ZH_END}"
    rf"|(?:找不到|无法找到|未找到|没有找到|未能找到)(?:该|此|这个|您要的|您要访问的|您所访问的|所请求的|请求的)?"
    rf"{_THING_ZH}(?:或目录)?{_ZH_END}"
    r"|您?(?:要|所)?(?:访问|浏览|查看|查找|请求|打开|寻找)的(?:页面|网页|内容|文章|信息|资源|链接|地址|文件)?"
    r"(?:可能|或许|也许)?(?:已经|已)?被?(?:不存在|删除|移除|找不到|未找到|无法找到|无法访问|暂时无法访问|出错|走丢)"
    rf"{_OR_ZH}"
    r"|ページが見つかりません|お探しのページは見つかりませんでした",
    re.IGNORECASE,
)
# Bot-protection and access-refused pages: the document may be there, the public cannot read it.
# What such a page is called (title, main heading) ...
_DENY_NAME = re.compile(
    r"just\s+a\s+moment|attention\s+required|^access\s+denied$|^(?:error\s+)?403(?:\s+forbidden)?$"
    r"|^forbidden$|^security\s+check$|human\s+verification|are\s+you\s+a\s+robot"
    r"|pardon\s+our\s+interruption|^one\s+more\s+step$|^request\s+blocked$|ddos-guard"
    r"|^(?:安全验证|人机验证|滑动验证|访问被拒绝|拒绝访问|禁止访问|访问受限)$",
    re.IGNORECASE,
)
# ... and what it says (any line of a short page).
_DENY_SAY = re.compile(
    r"checking\s+(?:your\s+browser|if\s+the\s+site\s+connection\s+is\s+secure)"
    r"|verify(?:ing)?\s+(?:that\s+)?you\s+are\s+(?:a\s+)?human|you\s+have\s+been\s+blocked"
    r"|please\s+(?:complete\s+the\s+security\s+check|enable\s+javascript\s+and\s+cookies\s+to\s+continue)"
    r"|enable\s+javascript\s+and\s+cookies\s+to\s+continue"
    r"|request\s+unsuccessful\.?\s+incapsula|incapsula\s+incident\s+id"
    r"|you\s+(?:don['’]?t|do\s+not)\s+have\s+permission\s+to\s+access|the\s+requested\s+url\s+was\s+rejected"
    r"|请(?:完成|进行)(?:安全)?验证|您的(?:访问|请求)(?:请求)?(?:被|已被)?(?:拦截|阻断|拒绝|限制)"
    r"|访问被拒绝|疑似(?:黑客)?攻击|没有(?:访问|查看)?权限|无权(?:访问|查看)",
    re.IGNORECASE,
)
# A page that names itself a login page (title, main heading) ...
_LOGIN_NAME = re.compile(
    r"^(?:user\s+|member\s+|account\s+)?(?:log\s*in|sign\s*in|log\s*on)(?:\s+to\s+your\s+account)?$"
    r"|^(?:用户|会员|统一身份认证)?登录$|统一身份认证",
    re.IGNORECASE,
)
# ... or asks the reader to log in (any line of a short page).
_LOGIN_ASK = re.compile(
    r"请(?:先)?登录|您(?:还)?(?:没有|未)登录|登录后(?:才能|方可|再)?(?:查看|访问|下载|浏览)"
    r"|(?:log|sign)\s*in\s+to\s+(?:continue|view|access|download|see)"
    r"|you\s+(?:must|need\s+to)\s+(?:be\s+)?(?:logged|signed)\s+in",
    re.IGNORECASE,
)
# Titles that name no document, only "a message": an error when the short page says what is gone.
_NOTICE_TITLE = re.compile(
    r"(?:dedecms\s*)?(?:提示信息|系统提示|信息提示|温馨提示|错误提示|操作提示|跳转提示|页面提示|消息提示"
    r"|提示|错误|出错了?|出错啦|error|notice|message|oops)",
    re.IGNORECASE,
)
_GONE = re.compile(
    rf"不存在{_ZH_END}|已?被?(?:删除|过期|撤销|失效){_ZH_END}|找不到|未找到|无法访问|not\s+found|does\s+not\s+exist"
    r"|no\s+longer\s+(?:available|exists)|been\s+(?:removed|deleted)|cannot\s+get\s+/",
    re.IGNORECASE,
)
# Filler around a status phrase ("Oops! 404 error", "抱歉，页面不存在").
_FILLER = re.compile(
    r"\b(?:oops|whoops|sorry|we['’]re|uh|oh|no|ouch|hmm+|error|errors|http|status|code|the|this"
    r"|that|page|detailed|iis\s+\d+(?:\.\d+)?|server\s+error\s+in\s+'/'\s+application)\b"
    r"|很抱歉|非常抱歉|抱歉|对不起|哎呀|啊哦|糟糕|错误|出错了|提示|温馨提示|代码",
    re.IGNORECASE,
)
_CODE = re.compile(r"\b(?:404|410)(?:\.\d+)?\b")
_EMPTY_REST = re.compile(r"[\W_\d]*")
# Title separators: " | ", " - ", "_", "–", and a bare "-" next to a digit or a CJK character.
_SPLIT_TITLE = re.compile(
    r"\s+[-–—|»·:]\s+|\s*[|｜_»·–—]\s*|(?<=\d)-|-(?=\d)|(?<=[^\x00-\x7f])-|-(?=[^\x00-\x7f])"
)
_CJK_GAP = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u9fff\uff00-\uffef])")
_SCRIPT_GO = re.compile(
    r"(?:window\.|top\.|self\.|parent\.|document\.)?location(?:\.href)?\s*=\s*(['\"])(.*?)\1"
    r"|location\.(?:replace|assign)\(\s*(['\"])(.*?)\3\s*\)",
)
_DOC_WRITE = re.compile(r"document\.write(?:ln)?\(\s*(['\"])(.*?)\1\s*\)", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\";]*)", re.IGNORECASE)
_VENDOR = re.compile(
    r"_cf_chl_opt|cf-chl-|/_incapsula_resource|captcha-delivery\.com|px-captcha|__jsl_clearance"
    r"|acw_sc__v2|tencentcaptcha|nc_1_wrapper",
    re.IGNORECASE,
)
_MARKER = re.compile(
    r"^(?:error-?404|error_404|page-?404|err-?404|404(?:-?page)?|not-?found|notfound|page-?not-?found"
    r"|page_not_found|error-?page|errorpage|error_page)$",
    re.IGNORECASE,
)
_CHROME = {"header", "footer", "nav", "navbar", "menu", "sidebar", "breadcrumb", "breadcrumbs",
           "topbar", "foot", "copyright", "site-header", "site-footer", "site-nav", "main-nav",
           "mainnav", "toolbar", "friendlink", "skip-link"}  # fmt: skip
_BLOCKS = {"address", "article", "aside", "blockquote", "br", "button", "center", "dd", "div",
           "dl", "dt", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
           "header", "hr", "label", "li", "main", "nav", "ol", "option", "p", "pre", "section",
           "table", "td", "th", "tr", "ul"}  # fmt: skip
_ROOTS = {"", "/", "/index.html", "/index.htm", "/index.php", "/index.jsp", "/default.aspx",
          "/index.shtml", "/home", "/en", "/en/", "/cn", "/cn/", "/zh", "/zh/"}  # fmt: skip
_LOGIN_PATH = re.compile(
    r"/(?:log-?in|sign-?in|log-?on|sso|cas|passport|auth|account/login|user/login|member/login)"
    r"(?:[/.?]|$)",
    re.IGNORECASE,
)


def detect_type(head: bytes) -> str:
    """pdf, html, zip (docx/xlsx), image, text, other or empty, from the first bytes."""
    if not head.strip():
        return "empty"  # nothing, or only whitespace
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


def _norm(text: str) -> str:
    return _CJK_GAP.sub("", " ".join(text.split()))


def status_of(line: str, phrases: re.Pattern[str] = _STATUS) -> str | None:
    """'phrase' when the line is a status phrase (plus filler and at most a quarter of other text),
    'code' when it is nothing but a bare 404/410, else None: "SOX Section 404" is neither."""
    text = _norm(line).lower()
    if not text or len(text) > 300:
        return None
    rest, found = phrases.subn(" ", text)
    if found:
        left = _FILLER.sub(" ", rest)
        left = sum(ch.isalnum() for ch in left)
        return "phrase" if left <= max(4, sum(ch.isalnum() for ch in text) // 4) else None
    if phrases is _STATUS:
        rest, codes = _CODE.subn(" ", text)
        if codes and _EMPTY_REST.fullmatch(_FILLER.sub(" ", rest)):
            return "code"
    return None


@dataclass(slots=True)
class _Page:
    title: str = ""
    segments: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)  # h1 and error-marked blocks
    lines: list[str] = field(default_factory=list)  # main text, one per block, chrome excluded
    chars: int = 0
    any_text: bool = False  # any visible text at all, chrome included
    marked: bool = False  # <html>/<body>/<main> carries a CMS error-page class or id
    password: bool = False  # a password box in the page's own content
    embeds: bool = False  # scripts, frames, embedded objects: an app shell or a viewer
    goes_to: list[str] = field(default_factory=list)  # meta refresh and script redirect targets


def _classes(tag: object) -> list[str]:
    attrs = getattr(tag, "attrs", None) or {}
    cls = attrs.get("class") or []
    names = cls.split() if isinstance(cls, str) else list(cls)
    ident = attrs.get("id")
    return [*names, ident] if isinstance(ident, str) else names


def _lines(root: Any) -> list[str]:
    """The text of `root`, one line per block element (p, div, li, td, h1...), in one walk.

    Inserting newlines around blocks and calling get_text would be simpler, but bs4's inserts
    cost time in proportion to the nesting depth: 5,000 nested divs took 2 s (measured).
    """
    from bs4 import NavigableString, Tag

    lines: list[str] = []
    current: list[str] = []
    block: Any = None
    for el in root.descendants:
        if isinstance(el, Tag):
            if el.name in ("br", "hr") and current:
                lines.append(" ".join(current))
                current = []
            continue
        if type(el) is not NavigableString:
            continue  # comments, doctypes, CDATA
        parent, depth = el.parent, 0
        while parent is not None and parent.name not in _BLOCKS and depth < 64:
            parent, depth = parent.parent, depth + 1
        if parent is not block and current:
            lines.append(" ".join(current))
            current = []
        block = parent
        current.append(str(el))
    if current:
        lines.append(" ".join(current))
    return [ln for ln in map(_norm, lines) if ln]


def _gone(tag: Any) -> bool:
    """Decomposed? (bs4's own `decomposed` property runs a find() per call on a live tag.)"""
    return bool(tag.__dict__.get("_decomposed"))


def _read(html: bytes) -> _Page:
    """One parse and one walk over the tags (bs4's find_all is what costs, measured)."""
    from bs4 import BeautifulSoup  # only HTML answers need it; keeps the crawler's start fast

    soup = BeautifulSoup(html, "html.parser")
    page = _Page()
    tags = soup.find_all(True)
    by_name: dict[str, list[Any]] = {}
    for tag in tags:
        by_name.setdefault(tag.name, []).append(tag)
    written: list[str] = []
    for meta in by_name.get("meta", []):
        if str(meta.get("http-equiv", "")).lower() == "refresh":
            m = _REFRESH_URL.search(str(meta.get("content", "")))
            if m and m[1].strip():
                page.goes_to.append(m[1].strip())
    for script in by_name.get("script", []):
        code = script.get_text()
        for m in _SCRIPT_GO.finditer(code):
            page.goes_to.append(m[2] if m[2] is not None else m[4])
        # Old CMS message pages write their message with document.write: it is what people see.
        written += [_norm(_TAG.sub(" ", m[2])) for m in _DOC_WRITE.finditer(code)]
    page.embeds = any(by_name.get(n) for n in ("script", "iframe", "frame", "frameset", "embed",
                                                "object"))  # fmt: skip
    for name in (*INVISIBLE_TAGS, "title"):
        for tag in by_name.get(name, []):
            if name == "title" and not page.title:
                page.title = _norm(tag.get_text(" "))
                page.segments = [s for s in _SPLIT_TITLE.split(page.title) if s and s.strip()]
            tag.decompose()
    live = [t for t in tags if not _gone(t)]
    h1s = by_name.get("h1", [])[:3]  # the first few: each costs a walk over its text
    page.headings = [_norm(h.get_text(" ")) for h in h1s]
    marked_blocks = 0
    for tag in live:
        if any(_MARKER.match(c) for c in _classes(tag)):
            if tag.name in ("html", "body", "main"):
                page.marked = True
            elif tag.name in ("div", "section", "p", "span") and marked_blocks < 3:
                page.headings += _lines(tag)[:4]
                marked_blocks += 1
    page.any_text = bool(soup.get_text().strip())
    mains = by_name.get("main") or [t for t in live if t.get("role") == "main"]
    main = mains[0] if mains else soup
    # Chrome is taken out of the main text, unless it holds the main heading or content.
    keep = {id(a) for t in h1s + mains[:1] for a in t.parents}
    inside = {id(t) for t in main.find_all(True)} if mains else None
    for tag in live:
        if _gone(tag) or id(tag) in keep or (inside is not None and id(tag) not in inside):
            continue
        if tag.name in ("nav", "footer", "aside", "header") or (
            tag.name in ("div", "ul", "table", "section")
            and any(c.lower() in _CHROME for c in _classes(tag))
        ):
            tag.decompose()
    # A password box in the page's own content, not a login widget in the site's chrome.
    page.password = any(
        not _gone(t) and str(t.get("type", "")).lower() == "password"
        and (inside is None or id(t) in inside)
        for t in by_name.get("input", [])
    )  # fmt: skip
    page.lines = _lines(main) + [ln for ln in written if ln]
    page.chars = sum(len(ln) for ln in page.lines)
    return page


def redirected_to_root(fetched_url: str, final_url: str) -> bool:
    """A document URL that now lands on the site's home page or a parent listing page."""
    a, b = urlsplit(fetched_url), urlsplit(final_url)
    if a.path.lower() in _ROOTS or a.path == b.path:
        return False
    if b.path.lower() in _ROOTS:
        return True
    parent = b.path if b.path.endswith("/") else b.path + "/"
    return a.path.startswith(parent) and b.path.count("/") <= 2


def redirected_to_login(fetched_url: str, final_url: str) -> bool:
    a, b = urlsplit(fetched_url).path, urlsplit(final_url).path
    return a != b and bool(_LOGIN_PATH.search(b)) and not _LOGIN_PATH.search(a)


def judge_html(html: bytes, fetched_url: str, final_url: str) -> tuple[Verdict, str] | None:
    """(verdict, reason) for an HTML page that is not the document, or None if it may be one."""
    page = _read(html)
    shown = f'"{page.title[:80]}"' if page.title else "(no title)"
    short = page.chars <= SHORT_CHARS
    named = page.segments + page.headings  # what the page calls itself
    body = page.lines if short else []

    def saying(line: str) -> str:
        return "" if line == page.title else f' saying "{line[:100]}"'

    deny = _first(named, lambda s: status_of(s, _DENY_NAME) or status_of(s, _DENY_SAY)) or _first(
        body, lambda s: status_of(s, _DENY_SAY)
    )
    if deny or (short and _VENDOR.search(html[:65536].decode("utf-8", "replace"))):
        why = saying(deny) if deny else " (challenge script)"
        return Verdict.DENIED, f"bot-protection or access page {shown} instead of the document{why}"
    login = _first(named, lambda s: status_of(s, _LOGIN_NAME)) or _first(
        body, lambda s: status_of(s, _LOGIN_ASK)
    )
    if redirected_to_login(fetched_url, final_url):
        return Verdict.DENIED, f"redirected to a login page {final_url} {shown}"
    if (page.password and (login or short)) or (login and short):
        return Verdict.DENIED, f"login page {shown} instead of the document{saying(login or '')}"
    error = _first(named + body, lambda s: status_of(s) == "phrase")
    if not error and short and all(status_of(h) for h in page.headings):
        # a bare "404" title or heading, on a short page whose main heading is no content title
        error = _first(page.segments[:1] + page.headings, status_of)
    notice = page.segments[:1] and _NOTICE_TITLE.fullmatch(page.segments[0].strip(" !！"))
    if not error and notice and short:
        error = _first(body, _GONE.search)
    if error or page.marked:
        why = saying(error) if error else " (error-page template)"
        return Verdict.SOFT_404, f"HTTP 200 with an error page {shown}{why}"
    if redirected_to_root(fetched_url, final_url):
        home = f"redirected to the site's home or a parent page {final_url} {shown}"
        return Verdict.SOFT_404, home
    if short:
        for target in page.goes_to:
            where = urljoin(final_url, target)
            if target and not target.startswith("#") and redirected_to_root(fetched_url, where):
                return (
                    Verdict.SOFT_404,
                    f"a page {shown} that sends the browser to the site's home page {where}",
                )
    if not page.any_text and not page.embeds and not page.goes_to:
        return Verdict.SOFT_404, f"HTTP 200 with an empty page {shown}"
    return None


def _first(items: list[str], test: object) -> str | None:
    for item in items:
        if test(item):  # type: ignore[operator]
            return item
    return None
