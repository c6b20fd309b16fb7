"""Evidence pages that are the document, full of the words error and challenge pages use: "404",
"not found", "不存在", "找不到", "已删除", "captcha", "access denied", login links and boxes,
scripts that move the browser. Every one must be `ok`."""

from tests.crawl.pages import HOME_HTML, Page, cn_portal, english_site
from verifier.models import Verdict

OK = Verdict.OK


def _statement(title: str, *paras: str) -> str:
    """A short stand-alone statement page, as companies post them for a single disclosure."""
    body = "".join(f"<p>{p}</p>" for p in paras)
    return f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>
</head><body><div class="article"><h1>{title}</h1>{body}</div></body></html>"""


EVIDENCE_PAGES: list[Page] = [
    Page(
        "SOX Section 404 page",
        "/investors/governance/sox-404.html",
        OK,
        english_site(
            "SOX Section 404 – Acme Metals",
            """<article><h1>Sarbanes-Oxley Act Section 404</h1>
<p>Section 404 of the Sarbanes-Oxley Act requires management to assess the effectiveness of internal
control over financial reporting each year. Our auditor attests to that assessment.</p>
<p>For 2024, management concluded that internal control over financial reporting was effective. No
material weaknesses were found; two significant deficiencies found in 2023 were remediated.</p>
<h2>Scope of the 2024 assessment</h2><p>The assessment covered 404 key controls across 31 processes,
including revenue, inventory, procurement and the consolidation of our smelters' results.</p></article>""",
        ),
    ),
    Page(
        "SOX 404 short title",
        "/investors/sox.html",
        OK,
        """<!DOCTYPE html><html><head><title>404 | SOX compliance | Acme Metals</title></head><body>
<main><h1>SOX 404 compliance</h1><p>Management's report on internal control over financial reporting
(SOX Section 404(a)) and the auditor's attestation (Section 404(b)) are in the annual report, pages
88 to 91.</p></main></body></html>""",
    ),
    Page(
        "404 employees trained",
        "/esg/training-2024.html",
        OK,
        """<!DOCTYPE html><html><head><title>Anti-corruption training 2024 - Acme Metals</title></head>
<body><main><h1>Anti-corruption training in 2024</h1><p>404 employees trained in anti-corruption
procedures in 2024, 98% of those in roles assessed as exposed.</p><p>Training was given in English,
Portuguese and Chinese.</p></main></body></html>""",
    ),
    Page(
        "404 in a data table",
        "/esg/data/workforce.html",
        OK,
        english_site(
            "Workforce data – Acme Metals",
            """<h1>Workforce data 2024</h1><table>
<tr><th>Site</th><th>Employees</th><th>Trained</th></tr><tr><td>Rheinfelden</td><td>410</td>
<td>404</td></tr><tr><td>Shandong</td><td>1,120</td><td>1,098</td></tr><tr><td>Not found in
register</td><td>0</td><td>0</td></tr></table>""",
        ),
    ),
    Page(
        "Chinese no-violation statement",
        "/xxgk/hgsm.html",
        OK,
        _statement(
            "关于公司合规经营情况的说明",
            "经核查，本公司不存在重大违法违规行为。",
            "特此说明。",
            "山东某某铝业股份有限公司　2025年4月28日",
        ),
    ),
    Page(
        "Chinese disclosure declaration",
        "/investor/announcement/2025-018.html",
        OK,
        _statement(
            "2024年年度报告摘要",
            "本公司董事会及全体董事保证本公告内容不存在任何虚假记载、"
            "误导性陈述或者重大遗漏，并对其内容的真实性、准确性和完整性承担法律责任。",
            "经核查，公司不存在控股股东及其关联方非经营性占用资金的情况，不存在违规担保情形。",
        ),
    ),
    Page(
        "Chinese 重要提示 page",
        "/ir/2024/important.html",
        OK,
        _statement(
            "重要提示 - 2024年度社会责任报告",
            "本报告不存在虚假记载、误导性陈述或重大遗漏。",
            "报告期内，公司未发生重大环境污染事故，未找到与生产活动相关的重大生态影响。",
        ),
    ),
    Page(
        "audit found no non-conformities",
        "/esg/audit-2024.html",
        OK,
        _statement(
            "ASI认证审核结论",
            "审核组未找到重大不符合项，发现轻微不符合项2项，已于2024年9月前整改。",
            "现场检查中找不到应急疏散图的问题已整改完毕。",
        ),
    ),
    Page(
        "superseded file removed",
        "/esg/policies/index.html",
        OK,
        _statement(
            "环境政策",
            "旧版文件已删除，现行版本如下：",
            "《环境管理方针（2024年修订）》",
            "本政策适用于公司全部生产基地。",
        ),
    ),
    Page(
        "data deleted per privacy policy",
        "/esg/privacy-2024.html",
        OK,
        _statement(
            "个人信息保护年度报告",
            "报告期内，应用户请求，相关个人信息已删除的申请共计112件，均在15个工作日内办结。",
            "不存在因个人信息泄露受到行政处罚的情况。",
        ),
    ),
    Page(
        "government portal article with 不存在",
        "/art/2024/6/3/art_5567_10021.html",
        OK,
        cn_portal(
            "关于某某铝业有限公司环境信用评价结果的公示_山东省生态环境厅",
            """<div class="article">
<h1>关于某某铝业有限公司环境信用评价结果的公示</h1><div class="info">发布时间：2024-06-03　来源：执法监督处</div>
<div class="zoom"><p>根据《企业环境信用评价办法》，经审核，某某铝业有限公司2023年度不存在环境违法行为，
评价结果为环保诚信企业。</p><p>公示期为2024年6月3日至6月17日。对公示结果有异议的，请在公示期内书面反映。</p></div></div>""",
        ),
    ),
    Page(
        "government portal page that names itself in 提示",
        "/col/col61/index.html",
        OK,
        cn_portal(
            "环境信息公开提示_山东省生态环境厅",
            """<div class="article"><h1>关于环境信息公开平台迁移的提示</h1>
<p>原平台页面已迁移至新平台，历史信息均已完整迁移，不存在数据缺失。</p><p>新平台地址见本页下方链接。</p></div>""",
        ),
    ),
    Page(
        "grievances not found to be substantiated",
        "/esg/grievances.html",
        OK,
        """<!DOCTYPE html><html><head><title>Grievance mechanism – Acme Metals</title></head><body><main>
<h1>Grievance mechanism: 2024 outcomes</h1><p>We received 14 grievances. 9 were resolved; 3 allegations
were not found to be substantiated after investigation; 2 remain open.</p></main></body></html>""",
    ),
    Page(
        "IT report on broken links",
        "/esg/digital-accessibility.html",
        OK,
        """<!DOCTYPE html><html><head><title>Digital accessibility - Acme Metals</title></head><body><main>
<h1>Digital accessibility</h1><p>After the 2024 migration our web team cut '404 Not Found' responses
on the investor site by 80% and fixed every broken link in the sustainability section.</p>
<p>Page not found errors are now checked weekly.</p></main></body></html>""",
    ),
    Page(
        "captcha mentioned",
        "/esg/whistleblowing.html",
        OK,
        """<!DOCTYPE html><html><head><title>Whistleblowing – Acme Metals</title></head><body><main>
<h1>Speak up</h1><p>Our reporting portal uses a CAPTCHA to keep out automated spam. If you cannot
pass the captcha, write to ethics@acme.example or call the hotline.</p>
<p>Reports can be anonymous.</p></main></body></html>""",
    ),
    Page(
        "access denied in a policy",
        "/esg/information-security.html",
        OK,
        """<!DOCTYPE html><html><head><title>Information security – Acme Metals</title></head><body><main>
<h1>Information security</h1><p>Access denied to leavers within 24 hours: 100% of 212 leavers in 2024.</p>
<p>Security check of all suppliers with system access: completed for 41 of 41 suppliers.</p>
<p>We deployed DDoS protection by a major provider for all public sites.</p></main></body></html>""",
    ),
    Page(
        "access denied as a section heading",
        "/esg/cyber.html",
        OK,
        english_site(
            "Cyber resilience – Acme Metals",
            """<article><h1>Cyber resilience</h1>
<h2>Access denied</h2><p>Every account of a leaver is closed within one working day; in 2024 access
was denied to 212 former employees and 17 former contractors on their last day.</p>
<h2>Security check</h2><p>Suppliers with access to our systems pass a security check each year.</p>
<h2>Spam</h2><p>Our customer portal asks visitors to verify they are human before they can submit
a form; this cut automated spam by 95%.</p></article>""",
        ),
    ),
    Page(
        "error rates in emissions data",
        "/esg/data-quality.html",
        OK,
        """<!DOCTYPE html><html><head><title>Error: correction of 2023 water data | Acme Metals</title></head>
<body><main><h1>Correction of 2023 water data</h1><p>An error in the meter reading at Rheinfelden overstated
2023 water withdrawal by 4%. The corrected figure is 1.21 million m³.</p></main></body></html>""",
    ),
    Page(
        "410 tonnes",
        "/esg/waste.html",
        OK,
        """<!DOCTYPE html><html><head><title>410 | Waste – Acme Metals</title></head><body><main>
<h1>410 tonnes of dross recycled</h1><p>In 2024 we recycled 410 tonnes of aluminium dross at the
Shandong smelter, up from 388 tonnes.</p></main></body></html>""",
    ),
    Page(
        "notice of AGM",
        "/investors/agm-2025.html",
        OK,
        """<!DOCTYPE html><html><head><title>Notice of Annual General Meeting 2025 | Acme Metals</title></head>
<body><main><h1>Notice of Annual General Meeting</h1><p>The AGM will be held on 12 June 2025 at 11:00 at
the company's registered office. Resolutions include the approval of the 2024 sustainability report.</p>
</main></body></html>""",
    ),
    Page(
        "login link and header login box, long page",
        "/xxgk/2024/hjxx.html",
        OK,
        cn_portal(
            "2024年度企业环境信息依法披露报告_山东省生态环境厅",
            """<div class="sidebar">
<h2>用户登录</h2><form action="/login.do"><input name="u"><input type="password" name="p"><button>登录</button></form></div>
<div class="article"><h1>2024年度企业环境信息依法披露报告</h1>
<p>一、企业基本信息：某某铝业有限公司，统一社会信用代码91370000XXXXXXXXXX。</p>
<p>二、企业环境管理信息：排污许可证编号91370000XXXXXXXXXX001P，有效期至2028年。</p>
<p>三、污染物产生、治理与排放信息：颗粒物、二氧化硫、氮氧化物排放浓度均达标，未找到超标排放记录。</p>
<p>四、碳排放信息：2024年二氧化碳排放量1,234,567吨。</p>
<p>五、生态环境应急信息：已编制突发环境事件应急预案并备案，报告期内不存在突发环境事件。</p>
<p>六、生态环境违法信息：报告期内不存在生态环境违法行为。</p></div>""",
        ),
    ),
    Page(
        "supplier portal asks suppliers to log in",
        "/esg/suppliers.html",
        OK,
        _statement(
            "供应商管理",
            "供应商请登录供应商门户提交年度自评问卷，截止日期为2025年3月31日。",
            "2024年共有312家供应商完成自评，完成率97%。",
        ),
    ),
    Page(
        "page redirected to its new address",
        "/esg/2024/modern-slavery.html",
        OK,
        redirect="/sustainability/reports/modern-slavery-statement-2024.html",
    ),
    Page(
        "redirect from a directory without its slash", "/esg/reports", OK, redirect="/esg/reports/"
    ),
    Page(
        "redirect target: reports directory",
        "/esg/reports/",
        OK,
        english_site(
            "Reports – Acme Metals",
            """<h1>Sustainability reports</h1><ul>
<li><a href="/esg/2024.pdf">2024 sustainability report</a></li><li><a href="/esg/2023.pdf">2023
sustainability report</a></li></ul>""",
        ),
    ),
    Page(
        "new address of the statement",
        "/sustainability/reports/modern-slavery-statement-2024.html",
        OK,
        english_site(
            "Modern slavery statement 2024 – Acme Metals",
            """<h1>Modern slavery statement 2024</h1>
<p>This statement is made under section 54 of the Modern Slavery Act 2015. We found no cases of forced
labour in our own operations; one supplier audit found excessive overtime, now remediated.</p>""",
        ),
    ),
    Page(
        "long page with a home-button script",
        "/esg/overview.html",
        OK,
        english_site(
            "Sustainability overview – Acme Metals",
            """<h1>Sustainability overview</h1>
<p>Our approach covers climate, water, biodiversity, people and governance, following the ASI
Performance Standard.</p><p>Scope 1 and 2 emissions fell 12% in 2024 against 2019.</p>
<button id="home">Home</button><script>document.getElementById('home').onclick=function(){
window.location.href='/';};</script>"""
            + "<p>Detail of our programmes.</p>" * 60,
        ),
    ),
    Page(
        "short page whose script opens the document",
        "/esg/open-report.html",
        OK,
        """<html><head><title>2024 ESG report</title><script>location.replace('/esg/2024/acme-esg-2024-full.html');</script>
</head><body><p>Opening the 2024 ESG report…</p></body></html>""",
    ),
    Page(
        "app shell with no text yet",
        "/esg/dashboard/",
        OK,
        """<!DOCTYPE html><html><head><title>ESG dashboard</title></head><body><div id="root"></div>
<script src="/static/js/main.4f1c2a.js"></script></body></html>""",
    ),
    Page(
        "frameset page of an older site",
        "/gkml/2019/index.htm",
        OK,
        """<html><head><title>政府信息公开目录</title></head><frameset cols="220,*">
<frame src="/gkml/2019/tree.htm" name="tree"><frame src="/gkml/2019/list.htm" name="list"></frameset></html>""",
    ),
    Page(
        "embedded PDF viewer",
        "/esg/viewer.html",
        OK,
        """<html><head><title>Sustainability report 2024</title></head><body>
<embed src="/esg/2024/report.pdf" type="application/pdf" width="100%" height="100%"></body></html>""",
    ),
    Page(
        "Japanese page with 見つかりません in text",
        "/jp/csr/compliance.html",
        OK,
        """<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>コンプライアンス | 株式会社サンプル</title></head>
<body><main><h1>コンプライアンス</h1><p>2024年度の内部監査では、重大な違反は見つかりませんでした。</p></main></body></html>""",
    ),
    Page(
        "document not found, then located",
        "/esg/records.html",
        OK,
        """<!DOCTYPE html><html><head><title>Records management – Acme Metals</title></head><body><main>
<h1>Records management</h1><p>One permit document not found in the 2022 audit was later located in the
site archive and has been digitised.</p></main></body></html>""",
    ),
    Page("site home page cited on purpose", "/", OK, HOME_HTML),
    Page(
        "Chinese IT report quoting an error message",
        "/xxgk/2024/wzgg.html",
        OK,
        _statement(
            "政府网站年度工作报告",
            "网站改版后，“页面不存在”错误链接减少了90%，全年未发生网站安全事件。",
            "报告期内，栏目更新及时，不存在“僵尸”栏目。",
        ),
    ),
]
