"""Pages that are not the cited document, served with 200 (or redirecting), labelled with the
verdict they must get. In the shape of the servers and CMSs named, written for these tests."""

from tests.crawl.pages import Page, cn_portal, english_site
from verifier.models import Verdict

S, D = Verdict.SOFT_404, Verdict.DENIED

ERROR_PAGES: list[Page] = [
    # --- Web servers' own error pages, sent with 200 by a misconfigured proxy or CMS
    Page(
        "nginx 404",
        "/esg/2023/acme-esg-report-2023.pdf",
        S,
        """<html>
<head><title>404 Not Found</title></head>
<body>
<center><h1>404 Not Found</h1></center>
<hr><center>nginx/1.24.0</center>
</body>
</html>""",
    ),
    Page(
        "openresty 404",
        "/uploads/2024/05/water-policy.pdf",
        S,
        """<html>
<head><title>404 Not Found</title></head>
<body bgcolor="white">
<center><h1>404 Not Found</h1></center>
<hr><center>openresty</center>
</body>
</html>""",
    ),
    Page(
        "nginx 410 gone",
        "/esg/old/ghg-2019.html",
        S,
        """<html>
<head><title>410 Gone</title></head>
<body>
<center><h1>410 Gone</h1></center>
<hr><center>nginx</center>
</body>
</html>""",
    ),
    Page(
        "Tengine 404",
        "/upload/files/2024/ESG报告.pdf",
        S,
        """<!DOCTYPE html>
<html>
<head><title>404 Not Found</title></head>
<body>
<h1>404 Not Found</h1>
<p>The requested URL was not found on this server.</p>
<p>Sorry for the inconvenience.<br/>
Please report this message and include the following information to us.<br/>
Thank you very much!</p>
<table><tr><td>URL:</td><td>http://www.example.cn/upload/files/2024/ESG.pdf</td></tr>
<tr><td>Server:</td><td>web-proxy-07</td></tr><tr><td>Date:</td><td>2025/06/03 10:12:44</td></tr></table>
<hr/>Powered by Tengine</body>
</html>""",
    ),
    Page(
        "Apache 2.4 404",
        "/documents/sustainability/2024/tailings.pdf",
        S,
        """<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">
<html><head>
<title>404 Not Found</title>
</head><body>
<h1>Not Found</h1>
<p>The requested URL was not found on this server.</p>
<hr>
<address>Apache/2.4.62 (Debian) Server at www.example.com Port 443</address>
</body></html>""",
    ),
    Page(
        "Apache 2.2 404 naming the URL",
        "/files/reports/hr-policy.html",
        S,
        """<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">
<html><head>
<title>Not Found</title>
</head><body>
<h1>Not Found</h1>
<p>The requested URL /files/reports/hr-policy.html was not found on this server.</p>
<p>Additionally, a 404 Not Found
error was encountered while trying to use an ErrorDocument to handle the request.</p>
</body></html>""",
    ),
    Page(
        "IIS 404 - File or directory not found",
        "/Portals/0/ESG/2024_Report.pdf",
        S,
        """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"/>
<title>404 - File or directory not found.</title>
<style type="text/css">
body{margin:0;font-size:.7em;font-family:Verdana, Arial, Helvetica, sans-serif;background:#EEEEEE;}
fieldset{padding:0 15px 10px 15px;}
</style>
</head>
<body>
<div id="header"><h1>Server Error</h1></div>
<div id="content">
 <div class="content-container"><fieldset>
  <h2>404 - File or directory not found.</h2>
  <h3>The resource you are looking for might have been removed, had its name changed, or is temporarily unavailable.</h3>
 </fieldset></div>
</div>
</body>
</html>""",
    ),
    Page(
        "IIS 10 detailed error",
        "/sites/esg/SharedDocuments/policy.pdf",
        S,
        """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<title>IIS 10.0 Detailed Error - 404.0 - Not Found</title>
</head>
<body>
<div id="content">
<div class="content-container">
<h3>HTTP Error 404.0 - Not Found</h3>
<h4>The resource you are looking for has been removed, had its name changed, or is temporarily unavailable.</h4>
</div>
<div class="content-container">
<fieldset><h4>Most likely causes:</h4>
<ul><li>The directory or file specified does not exist on the Web server.</li>
<li>The URL contains a typographical error.</li></ul></fieldset>
</div>
<div class="content-container">
<fieldset><h4>Detailed Error Information:</h4>
<table><tr><th>Module</th><td>IIS Web Core</td></tr><tr><th>Notification</th><td>MapRequestHandler</td></tr>
<tr><th>Handler</th><td>StaticFile</td></tr><tr><th>Error Code</th><td>0x80070002</td></tr>
<tr><th>Physical Path</th><td>D:\\inetpub\\wwwroot\\sites\\esg\\policy.pdf</td></tr></table>
</fieldset></div>
</div>
</body>
</html>""",
    ),
    Page(
        "IIS 404 in Chinese",
        "/UploadFiles/2024/社会责任报告.pdf",
        S,
        """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8"/>
<title>404 - 找不到文件或目录。</title>
</head>
<body>
<div id="header"><h1>服务器错误</h1></div>
<div id="content">
 <div class="content-container"><fieldset>
  <h2>404 - 找不到文件或目录。</h2>
  <h3>您要查找的资源可能已被删除，已更改名称或者暂时不可用。</h3>
 </fieldset></div>
</div>
</body>
</html>""",
    ),
    Page(
        "ASP.NET resource cannot be found",
        "/Investors/ESG/Default.aspx",
        S,
        """<!DOCTYPE html>
<html>
    <head>
        <title>The resource cannot be found.</title>
        <meta name="viewport" content="width=device-width" />
    </head>
    <body bgcolor="white">
            <span><H1>Server Error in '/' Application.<hr width=100% size=1 color=silver></H1>
            <h2> <i>The resource cannot be found.</i> </h2></span>
            <font face="Arial, Helvetica, Geneva, SunSans-Regular, sans-serif ">
            <b> Description: </b>HTTP 404. The resource you are looking for (or one of its dependencies)
            could have been removed, had its name changed, or is temporarily unavailable.
            Please review the following URL and make sure that it is spelled correctly.
            <br><br>
            <b> Requested URL: </b>/Investors/ESG/Default.aspx<br><br>
            <hr width=100% size=1 color=silver>
            <b>Version Information:</b>&nbsp;Microsoft .NET Framework Version:4.0.30319; ASP.NET Version:4.8.4465.0
            </font>
    </body>
</html>""",
    ),
    Page(
        "Tomcat HTTP Status 404",
        "/ehs/reports/energy-2024.pdf",
        S,
        """<!doctype html><html lang="en"><head><title>HTTP Status 404 – Not Found</title>
<style type="text/css">body {font-family:Tahoma,Arial,sans-serif;} h1 {font-size:22px;}</style></head>
<body><h1>HTTP Status 404 – Not Found</h1><hr class="line" /><p><b>Type</b> Status Report</p>
<p><b>Message</b> &#47;ehs&#47;reports&#47;energy-2024.pdf</p><p><b>Description</b> The origin server
did not find a current representation for the target resource or is not willing to disclose that one
exists.</p><hr class="line" /><h3>Apache Tomcat/9.0.89</h3></body></html>""",
    ),
    Page(
        "Jetty error 404",
        "/docs/esg/supplier-code.pdf",
        S,
        """<html>
<head>
<meta http-equiv="Content-Type" content="text/html;charset=utf-8"/>
<title>Error 404 Not Found</title>
</head>
<body><h2>HTTP ERROR 404 Not Found</h2>
<table>
<tr><th>URI:</th><td>/docs/esg/supplier-code.pdf</td></tr>
<tr><th>STATUS:</th><td>404</td></tr>
<tr><th>MESSAGE:</th><td>Not Found</td></tr>
<tr><th>SERVLET:</th><td>default</td></tr>
</table>
<hr/><a href="https://jetty.org/">Powered by Jetty:// 10.0.20</a><hr/>
</body>
</html>""",
    ),
    Page(
        "Spring Boot whitelabel",
        "/api/files/download/8812.pdf",
        S,
        """<html><body><h1>Whitelabel Error Page</h1><p>This application has no explicit mapping for
/error, so you are seeing this as a fallback.</p><div id='created'>Tue Jun 03 10:12:44 CST 2025</div>
<div>There was an unexpected error (type=Not Found, status=404).</div></body></html>""",
    ),
    Page(
        "Express cannot GET",
        "/static/reports/2024-impact.pdf",
        S,
        """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Error</title>
</head>
<body>
<pre>Cannot GET /static/reports/2024-impact.pdf</pre>
</body>
</html>""",
    ),
    Page(
        "Werkzeug 404",
        "/reports/view/2024",
        S,
        """<!doctype html>
<html lang=en>
<title>404 Not Found</title>
<h1>Not Found</h1>
<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>
""",
    ),
    # --- CMS templates: the page keeps the whole site around the message
    Page(
        "WordPress block theme 404",
        "/sustainability/2024-modern-slavery-statement/",
        S,
        english_site(
            "Page not found – Acme Metals",
            """<h1 class="wp-block-heading">Page Not Found</h1>
<p>This page could not be found. Maybe try a search?</p>
<form role="search" method="get" class="wp-block-search"><input type="search" name="s"></form>""",
            body_class="error404 wp-embed-responsive",
        ),
    ),
    Page(
        "WordPress classic theme 404",
        "/wp-content/uploads/2023/04/ESG-Data-2022.pdf",
        S,
        english_site(
            "Page not found &#8211; Acme Metals",
            """<section class="error-404 not-found">
<header class="page-header"><h1 class="page-title">Oops! That page can&rsquo;t be found.</h1></header>
<div class="page-content"><p>It looks like nothing was found at this location. Maybe try one of the
links below or a search?</p><form role="search"><input type="search" name="s"></form>
<h2 class="widget-title">Most Used Categories</h2><ul><li><a href="/cat/news">News</a> (41)</li>
<li><a href="/cat/esg">ESG</a> (17)</li></ul></div></section>""",
            body_class="error404 hfeed",
        ),
    ),
    Page(
        "WordPress Nothing here, title only",
        "/esg/policies/biodiversity-policy/",
        S,
        english_site(
            "Page not found | Acme Metals",
            """<header class="page-header alignwide">
<h1 class="page-title">Nothing here</h1></header><div class="error-404 not-found default-max-width">
<div class="page-content"><p>It looks like nothing was found at this location. Maybe try a search?</p>
</div></div>""",
            body_class="error404 hfeed has-main-navigation",
        ),
    ),
    Page(
        "Drupal page not found",
        "/node/1284",
        S,
        english_site(
            "Page not found | Acme Metals",
            """<div class="region region-content">
<h1 class="page-title">Page not found</h1><div id="block-acme-content">
The requested page could not be found.</div></div>""",
            body_class="path-node page-node-type-page",
        ),
    ),
    Page(
        "Joomla 404",
        "/index.php/esg/reports/item/211",
        S,
        """<!DOCTYPE html><html lang="en-gb" dir="ltr"><head><meta charset="utf-8">
<title>404 - Page not found</title></head><body class="site error_site"><div class="outer">
<div class="container-header"><a href="/">Acme Metals</a></div><div class="container">
<h1 class="page-header">Page not found</h1><div class="card"><div class="card-body">
<p><strong>The requested page can't be found.</strong></p>
<p>An error has occurred while processing your request.</p>
<p>You may not be able to visit this page because of:</p><ul><li>an out-of-date bookmark/favourite</li>
<li>a mistyped address</li><li>a search engine that has an out-of-date listing for this site</li></ul>
<p><a href="/index.php" class="btn btn-secondary">Home Page</a></p><hr>
<p>If difficulties persist, please contact the website administrator and report the error below.</p>
<blockquote><span class="badge bg-secondary">404</span> Article not found</blockquote></div></div>
</div></div></body></html>""",
    ),
    Page(
        "Discuz! 提示信息",
        "/forum.php?mod=viewthread&tid=8812",
        S,
        """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>提示信息 -  某某铝业员工论坛 -  Powered by Discuz!</title></head><body id="nv_forum" class="pg_viewthread">
<div id="toptb" class="cl"><div class="wp"><div class="z"><a href="./">设为首页</a><a href="javascript:;">收藏本站</a></div></div></div>
<div id="hd"><div class="wp"><div class="hdc cl"><h2><a href="./" title="某某铝业员工论坛">某某铝业员工论坛</a></h2></div>
<div id="nv"><ul><li><a href="forum.php">论坛</a></li><li><a href="home.php">家园</a></li></ul></div></div></div>
<div id="wp" class="wp"><div id="ct" class="wp cl w"><div class="nfl"><div class="f_c altw">
<div id="messagetext" class="alert_error"><p>抱歉，指定的主题不存在或已被删除或正在被审核</p>
<script type="text/javascript" reload="1">if(history.length > (BROWSER.ie ? 0 : 1)) {document.write('');}</script>
<p class="alert_btnleft"><a href="javascript:history.back()">[ 点击这里返回上一页 ]</a></p></div></div></div></div></div>
<div id="ft" class="wp cl"><p>Powered by <strong>Discuz!</strong> X3.4</p></div></body></html>""",
    ),
    Page(
        "PHPCMS 提示信息",
        "/index.php?m=content&c=index&a=show&catid=12&id=771",
        S,
        """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>提示信息</title><style type="text/css">*{padding:0;margin:0;font-size:12px}.showMsg{border:1px solid #1e64c8;zoom:1;width:450px;height:172px;position:absolute;top:50%;left:50%;margin:-87px 0 0 -225px}</style>
<script type="text/javascript" src="/statics/js/jquery.min.js"></script></head><body>
<div class="showMsg" style="text-align:center"><h5>提示信息</h5>
<div class="content guery" style="display:inline-block;display:-moz-inline-stack;zoom:1;*display:inline;max-width:330px">信息不存在或已删除!</div>
<div class="bottom"><a href="javascript:history.back();" >[点这里返回上一页]</a></div></div>
</body></html>""",
    ),
    Page(
        "DedeCMS 提示信息",
        "/plus/view.php?aid=3391",
        S,
        """<html><head><title>DedeCMS提示信息</title><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<base target='_self'/><style>div{line-height:160%;}</style></head><body leftmargin='0' topmargin='0' bgcolor='#FFFFFF'><center>
<script>var pgo=0;function JumpUrl(){if(pgo==0){ location='javascript:history.go(-1);'; pgo=1; }}
document.write("<br /><div style='width:450px;padding:0px;border:1px solid #DADADA;'><div style='padding:6px;font-size:12px;border-bottom:1px solid #DADADA;background:#DBEEBD url(/plus/img/wbg.gif)';'><b>DedeCMS 提示信息！</b></div>");
document.write("<div style='height:130px;font-size:10pt;background:#ffffff'><br />");
document.write("文档不存在或已被删除！");
document.write("<br /><a href='javascript:history.go(-1);'>如果你的浏览器没反应，请点击这里...</a><br/></div>");
setTimeout('JumpUrl()',1000);</script></center></body></html>""",
    ),
    Page(
        "EmpireCMS 信息提示",
        "/e/action/ShowInfo.php?classid=5&id=118",
        S,
        """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>信息提示</title></head><body><br><br><br><br>
<table width="500" border="0" align="center" cellpadding="3" cellspacing="1" class="tableborder">
<tr class="header"><td height="25"><div align="center">信息提示</div></td></tr>
<tr bgcolor="#FFFFFF"><td height="80"><div align="center"><br><b>此信息不存在</b><br><br>
<a href="javascript:history.go(-1)">返回上一页</a><br><br></div></td></tr></table></body></html>""",
    ),
    Page(
        "government portal: page does not exist",
        "/art/2024/5/20/art_1234_998877.html",
        S,
        cn_portal(
            "山东省生态环境厅",
            """<div class="error-box"><img src="/images/404.png" alt="">
<p class="tip">抱歉，您访问的页面不存在或已被删除！</p>
<p>您可以：<a href="/">返回首页</a>　<a href="javascript:history.back()">返回上一页</a></p></div>""",
        ),
    ),
    Page(
        "government portal: 404 title and redirect note",
        "/module/download/downfile.jsp?fileid=77",
        S,
        cn_portal(
            "404-山东省生态环境厅",
            """<div class="content"><div class="msg">
<h3>您要访问的页面找不到了</h3><p>可能原因：网址有错误、网址已失效</p><p><span id="sec">5</span>秒后自动返回首页</p>
</div></div><script>var s=5;setInterval(function(){s--;if(s==0){window.location.href="/";}},1000);</script>""",
        ),
    ),
    Page(
        "government portal: 页面不存在 title",
        "/zwgk/zfxxgk/fdzdgknr/hjjc/202401/t20240115_4433.html",
        S,
        cn_portal(
            "页面不存在_济南市人民政府",
            """<div class="box">
<div class="con"><p>请检查您输入的网址是否正确，或者点击以下链接继续浏览：</p>
<ul><li><a href="/">济南市人民政府首页</a></li><li><a href="/col/col24/index.html">政务公开</a></li></ul></div></div>""",
            site="济南市人民政府",
        ),
    ),
    Page(
        "government portal: 提示信息 with long chrome",
        "/jrobot/search.do?webid=1&fileid=5520",
        S,
        cn_portal(
            "提示信息",
            """<div class="notice"><p>该信息已过期或已被撤销！</p>
<p><a href="/">返回首页</a></p></div>""",
        ),
    ),
    Page(
        "Japanese group site",
        "/jp/csr/report/2024.html",
        S,
        """<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>ページが見つかりません | 株式会社サンプル</title></head>
<body><header class="header"><a href="/jp/">株式会社サンプル</a></header><main><h1>404 Not Found</h1>
<p>お探しのページは見つかりませんでした。</p><p>URLが変更されたか、削除された可能性があります。</p>
<p><a href="/jp/">トップページへ</a></p></main></body></html>""",
    ),
    Page(
        "short English message, site-name title",
        "/esg/esg-data-book-2024.html",
        S,
        english_site(
            "Acme Metals",
            """<div class="entry"><h2>Sorry!</h2>
<p>Sorry, the page you are looking for does not exist or has been moved.</p>
<p><a href="/">Go to the home page</a></p></div>""",
            sidebar=False,
        ),
    ),
    # --- Nothing there
    Page("empty body", "/esg/2024/empty.pdf", S, "", content_type="application/pdf"),
    Page("whitespace body", "/esg/2024/blank.html", S, "\r\n\r\n   \n"),
    Page(
        "empty HTML skeleton",
        "/esg/2024/skeleton.html",
        S,
        "<!DOCTYPE html><html><head><title></title></head><body>\n</body></html>",
    ),
    # --- Sent home, by the server or by the page
    Page("302 to the home page", "/esg/reports/2022/acme-esg-2022.pdf", S, redirect="/"),
    Page("302 to a parent listing", "/esg/climate-transition-plan.pdf", S, redirect="/esg/"),
    Page(
        "script redirect to home",
        "/news/2023/0518/c7712a1.html",
        S,
        """<!DOCTYPE html><html><head><meta charset="utf-8"><title></title>
<script type="text/javascript">window.location.href = "/";</script></head><body></body></html>""",
    ),
    Page(
        "meta refresh to index.html",
        "/xxgk/2024/report-77.html",
        S,
        """<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta http-equiv="refresh" content="0;URL=/index.html"><title>正在跳转</title></head>
<body><p>页面正在跳转，请稍候……</p></body></html>""",
    ),
    Page(
        "location.replace to the site root",
        "/investor/notice/2024-11.html",
        S,
        """<html><head><title>Acme Metals</title></head><body>
<script>location.replace('http://127.0.0.1/');</script><noscript>Please enable JavaScript.</noscript>
</body></html>""",
    ),
    # --- Bot protection, access refused, login walls
    Page(
        "Cloudflare just a moment",
        "/esg/cdp-climate-2024.pdf",
        D,
        """<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8"><meta name="robots" content="noindex,nofollow">
</head><body><div class="main-wrapper" role="main"><div class="main-content">
<h1 class="zone-name-title h1">www.example.com</h1>
<h2 class="h2" id="challenge-running">Checking if the site connection is secure</h2>
<noscript><div class="h2"><span id="challenge-error-text">Enable JavaScript and cookies to continue</span></div></noscript>
</div></div><script>(function(){window._cf_chl_opt={cvId: '3',cZone: 'www.example.com',cType: 'managed'};
var cpo = document.createElement('script');cpo.src = '/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1?ray=8c1';
document.getElementsByTagName('head')[0].appendChild(cpo);}());</script></body></html>""",
    ),
    Page(
        "Cloudflare attention required",
        "/esg/assurance-statement-2024.pdf",
        D,
        """<!DOCTYPE html><html lang="en-US"><head><title>Attention Required! | Cloudflare</title>
<meta charset="UTF-8" /></head><body><div id="cf-wrapper"><div id="cf-error-details" class="cf-error-details-wrapper">
<div class="cf-wrapper cf-header cf-error-overview"><h1 data-translate="block_headline">Sorry, you have been blocked</h1>
<h2 class="cf-subheadline"><span data-translate="unable_to_access">You are unable to access</span> example.com</h2></div>
<div class="cf-section cf-wrapper"><h2 data-translate="blocked_why_headline">Why have I been blocked?</h2>
<p data-translate="blocked_why_detail">This website is using a security service to protect itself from online attacks.</p></div>
<div class="cf-error-footer cf-wrapper"><p>Cloudflare Ray ID: <strong>8c1e2f3a4b5c6d7e</strong></p></div></div></div></body></html>""",
    ),
    Page(
        "Akamai access denied",
        "/content/dam/acme/esg/human-rights-policy.pdf",
        D,
        """<HTML><HEAD>
<TITLE>Access Denied</TITLE>
</HEAD><BODY>
<H1>Access Denied</H1>

You don't have permission to access "http&#58;&#47;&#47;www&#46;example&#46;com&#47;content&#47;dam&#47;acme&#47;esg&#47;human&#45;rights&#45;policy&#46;pdf" on this server.<P>
Reference&#32;&#35;18&#46;5e2d1402&#46;1717400000&#46;1a2b3c4d
<P>https&#58;&#47;&#47;errors&#46;edgesuite&#46;net&#47;18&#46;5e2d1402&#46;1717400000&#46;1a2b3c4d</P>
</BODY>
</HTML>""",
    ),
    Page(
        "Imperva Incapsula",
        "/Media/Files/esg/tsm-protocol.pdf",
        D,
        """<html style="height:100%"><head><META NAME="ROBOTS" CONTENT="NOINDEX, NOFOLLOW">
<meta name="format-detection" content="telephone=no"></head><body style="margin:0px;height:100%">
<iframe id="main-iframe" src="/_Incapsula_Resource?CWUDNSAI=24&xinfo=11-12345678-0%200NNN%20RT%281717400000%2099%29&incident_id=123000010000000000-123456789012345678&edet=12&cinfo=04000000&rpinfo=0&mth=GET"
frameborder=0 width="100%" height="100%" marginheight="0px" marginwidth="0px">Request unsuccessful. Incapsula incident ID: 123000010000000000-123456789012345678</iframe></body></html>""",
    ),
    Page(
        "Chinese WAF 安全验证",
        "/xxgk/hjzl/202405/P020240520.pdf",
        D,
        """<!DOCTYPE html><html><head><meta charset="utf-8"><title>安全验证</title>
<script src="https://g.alicdn.com/AWSC/AWSC/awsc.js"></script></head><body><div class="container">
<div class="title">请完成安全验证</div><div id="nc" class="nc-container"><div id="nc_1_wrapper"></div></div>
<p class="tips">为保障您的访问安全，请拖动滑块完成验证</p></div></body></html>""",
    ),
    Page(
        "Chinese WAF 访问被拒绝",
        "/attach/0/ESG2024.pdf",
        D,
        """<html><head><meta charset="utf-8"><title>405</title></head><body>
<div class="main"><h2>您的访问请求可能对网站造成安全威胁，请求已被拦截。</h2>
<p>您的请求已被拦截</p><p>如果您是网站管理员，请登录网站防火墙控制台查看详情。</p><p>事件ID：a7f3c0e1d2</p></div></body></html>""",
    ),
    Page(
        "SharePoint-style sign-in at the same URL",
        "/sites/esg/Shared_Documents/2024-esg.pdf",
        D,
        """<!DOCTYPE html><html dir="ltr" lang="en"><head><title>Sign in to your account</title></head><body>
<form name="f1" method="post" action="/login.srf"><div class="inner"><div class="logo"></div>
<div role="heading" aria-level="1" class="title">Sign in</div>
<input type="email" name="loginfmt" placeholder="Email, phone, or Skype">
<input name="passwd" type="password" placeholder="Password"><input type="submit" value="Next">
<p><a href="/reset">Can't access your account?</a></p></div></form></body></html>""",
    ),
    Page(
        "redirect to a login page",
        "/extranet/audit/2024-findings.pdf",
        D,
        redirect="/login?ReturnUrl=%2Fextranet%2Faudit%2F2024-findings.pdf",
    ),
    Page(
        "用户登录 page",
        "/xxgk/ysqgk/2024/ysq-118.html",
        D,
        """<!DOCTYPE html><html><head><meta charset="utf-8"><title>用户登录-依申请公开系统</title></head><body>
<div class="login-box"><h1>用户登录</h1><form method="post" action="/ysqgk/login.do">
<p>用户名：<input type="text" name="username"></p><p>密　码：<input type="password" name="password"></p>
<p>验证码：<input type="text" name="code"><img src="/ysqgk/captcha.jpg"></p><p><button>登 录</button></p>
</form></div></body></html>""",
    ),
    Page(
        "请先登录 notice",
        "/member/download.php?id=2210",
        D,
        """<html><head><meta charset="utf-8"><title>温馨提示</title></head><body>
<div class="msgbox"><p>对不起，您还没有登录，请先登录后再下载！</p>
<p><a href="/member/login.php">点击登录</a>　<a href="/member/reg.php">注册</a></p></div></body></html>""",
    ),
]
