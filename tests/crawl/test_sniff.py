import pytest

from verifier.crawl.sniff import detect_type, judge_html, redirected_to_login, redirected_to_root


@pytest.mark.parametrize(
    ("head", "kind"),
    [(b"%PDF-1.7\n", "pdf"), (b"\xef\xbb\xbf <!DOCTYPE html><html>", "html"), (b"", "empty"),
     (b"PK\x03\x04rest", "zip"), (b"\x89PNG\r\n", "image"), (b"plain text", "text"),
     (b"\xff\xfe\x00\x81\x82", "other"), (b"junk before %PDF-1.4", "pdf"), (b" \r\n\t\n", "empty")],
)  # fmt: skip
def test_detect_type(head, kind):
    assert detect_type(head) == kind


@pytest.mark.parametrize(
    ("fetched", "final", "expected"),
    [("https://x.org/d/file/a.pdf", "https://x.org/", True),
     ("https://x.org/d/file/a.pdf", "https://x.org/en/", True),
     ("https://x.org/reports/a.pdf", "https://x.org/reports/", True),
     ("https://x.org/d/file/a.pdf", "https://x.org/d/file/b.pdf", False),
     ("https://x.org/", "https://x.org/", False),
     ("https://x.org/a.pdf", "https://cdn.x.org/store/2025/a.pdf", False)],
)  # fmt: skip
def test_redirected_to_root(fetched, final, expected):
    assert redirected_to_root(fetched, final) is expected


def test_a_normal_page_is_not_judged():
    assert (
        judge_html(
            b"<title>Sustainability</title><p>Our report</p>",
            "https://x.org/esg",
            "https://x.org/esg",
        )
        is None
    )


@pytest.mark.parametrize(
    ("fetched", "final", "expected"),
    [("https://x.org/a.pdf", "https://x.org/login?next=/a.pdf", True),
     ("https://x.org/a.pdf", "https://sso.x.org/cas/login?service=x", True),
     ("https://x.org/login", "https://x.org/login/", False),
     ("https://x.org/a.pdf", "https://x.org/blog/logins-fell-in-2024.html", False),
     ("https://x.org/a.pdf", "https://x.org/a.pdf", False)],
)  # fmt: skip
def test_redirected_to_login(fetched, final, expected):
    assert redirected_to_login(fetched, final) is expected
