"""A labelled set of pages for the error-page detector: error, access and login pages in the shape
common servers and CMSs produce (`errors.py`), and evidence pages full of the words those pages
use (`evidence.py`). Written for these tests in the shape of the originals, not copied.

Each page is served by a real local server at `path`, as a 200 with `html`, or as a 302 to
`redirect`; `expect` is the verdict the crawl must give it.
"""

from __future__ import annotations

from dataclasses import dataclass

from verifier.models import Verdict


@dataclass(frozen=True, slots=True)
class Page:
    name: str
    path: str
    expect: Verdict
    html: str | None = None
    redirect: str | None = None
    content_type: str = "text/html; charset=utf-8"

    @property
    def is_error(self) -> bool:
        return self.expect != Verdict.OK


HOME = "/"
HOME_HTML = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Acme Metals - Responsible aluminium since 1952</title></head><body>
<header class="site-header"><a href="/">Acme Metals</a><nav><a href="/esg/">Sustainability</a>
<a href="/investors/">Investors</a></nav></header><main><h1>Welcome to Acme Metals</h1>
<p>We make aluminium for cars, cans and buildings, and report on how we do it.</p></main>
<footer class="site-footer">© 2025 Acme Metals</footer></body></html>"""

LOGIN_HTML = """<!DOCTYPE html><html><head><title>Sign in - Acme Metals Extranet</title></head><body>
<main><h1>Sign in</h1><form method="post" action="/login"><label>Email <input name="u"></label>
<label>Password <input type="password" name="p"></label><button>Sign in</button></form>
<p><a href="/reset">Forgot your password?</a></p></main></body></html>"""


def english_site(title: str, main: str, *, body_class: str = "", sidebar: bool = True) -> str:
    """A corporate WordPress-like site: header, navigation, sidebar and footer around `main`."""
    aside = (
        '<aside id="secondary" class="widget-area"><section class="widget"><h2>Recent posts</h2>'
        "<ul><li><a href='/news/1'>Acme joins the ASI</a></li><li><a href='/news/2'>Water "
        "stewardship at Rheinfelden</a></li><li><a href='/news/3'>2024 results</a></li></ul>"
        "</section><section class='widget'><h2>Search</h2><form role='search'><input "
        "type='search' name='s'></form></section></aside>"
        if sidebar
        else ""
    )
    return f"""<!DOCTYPE html><html lang="en-GB"><head><meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title>
<link rel="stylesheet" href="/wp-content/themes/acme/style.css"></head>
<body class="{body_class}"><a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<header id="masthead" class="site-header"><div class="site-branding"><p class="site-title">
<a href="/">Acme Metals</a></p><p class="site-description">Responsible aluminium since 1952</p>
</div><nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">
<li><a href="/about/">About us</a></li><li><a href="/products/">Products</a></li>
<li><a href="/esg/">Sustainability</a></li><li><a href="/investors/">Investors</a></li>
<li><a href="/careers/">Careers</a></li><li><a href="/contact/">Contact</a></li></ul></nav>
</header><div id="content" class="site-content"><main id="main" class="site-main">{main}</main>
{aside}</div><footer id="colophon" class="site-footer"><div class="site-info">© 2025 Acme Metals
plc · Registered in England and Wales, company number 01234567 · <a href="/privacy/">Privacy</a>
· <a href="/cookies/">Cookies</a> · <a href="/modern-slavery/">Modern slavery statement</a></div>
</footer><script src="/wp-includes/js/wp-embed.min.js"></script></body></html>"""


def cn_portal(title: str, content: str, *, site: str = "山东省生态环境厅") -> str:
    """A Chinese government portal: banner, column navigation, content box, footer with the ICP
    licence, as site-group CMSs produce them (chrome in classed divs, not HTML5 tags)."""
    names = "首页 机构概况 政务公开 政务服务 互动交流 环境质量 污染防治 生态保护 核与辐射 执法监督 专题专栏"
    columns = "".join(
        f'<li><a href="/col/col{i}/index.html">{c}</a></li>'
        for i, c in enumerate(names.split(), start=10)
    )
    return f"""<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{title}</title><link href="/images/common.css" rel="stylesheet"></head><body>
<div class="top"><div class="w1200"><span>今天是：2025年6月3日</span><a href="/jact/front/login.do">登录</a>
<a href="/col/col99/index.html">无障碍浏览</a><a href="/col/col98/index.html">English</a></div></div>
<div class="header"><div class="logo"><img src="/images/logo.png" alt="{site}"></div>
<div class="search"><form action="/search"><input name="q" placeholder="请输入关键字"><button>搜索</button></form></div></div>
<div class="nav"><ul>{columns}</ul></div>
<div class="main w1200"><div class="location">当前位置：<a href="/">首页</a> &gt; 提示</div>
{content}</div>
<div class="footer"><p>主办单位：{site}　　地址：济南市历下区山大路某号　　邮编：250000</p>
<p>网站标识码：3700000017　<a href="https://beian.miit.gov.cn">鲁ICP备05000000号</a>　鲁公网安备 37010202000000号</p>
<p><a href="/col/col90/index.html">网站地图</a> | <a href="/col/col91/index.html">联系我们</a> | 建议使用1366*768分辨率</p></div>
</body></html>"""
