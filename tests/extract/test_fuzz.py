"""Property tests: no exception on any input; a URL that goes in whole comes out whole."""

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verifier.extract.citations import build_citations
from verifier.extract.document import Line, ReportText
from verifier.extract.urls import KnownUrls, find_urls

_seg = st.text(string.ascii_lowercase + string.digits + "-_", min_size=1, max_size=12).filter(
    lambda s: s[0].isalnum() and s[-1].isalnum()
)
_host = st.lists(st.text(string.ascii_lowercase + string.digits, min_size=2, max_size=10),
                 min_size=2, max_size=4).map(".".join)  # fmt: skip


@st.composite
def urls(draw):
    scheme = draw(st.sampled_from(["http", "https"]))
    path = "/".join(draw(st.lists(_seg, min_size=1, max_size=6)))
    ext = draw(st.sampled_from(["", ".pdf", ".html"]))
    query = draw(st.sampled_from(["", "?id=42", "?a=1&b=two"]))
    return f"{scheme}://{draw(_host)}/{path}{ext}{query}"


_word = st.text(string.ascii_letters, min_size=1, max_size=9)
_prose = st.lists(_word, min_size=0, max_size=6).map(" ".join)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(url=urls(), before=_prose, after=_prose, cut=st.integers(min_value=9))
def test_any_wrap_is_rejoined_when_the_document_carries_the_link(url, before, after, cut):
    """With the link target known (PDF annotation, HTML href), a break anywhere is rejoined."""
    cut = 8 + cut % (len(url) - 8)
    text = f"{before} {url[:cut]} \n{url[cut:]} {after}\n".strip()
    found = [m.url for m in find_urls(text, KnownUrls([url]))]
    assert url in found


@settings(deadline=None)
@given(url=urls(), before=_prose, after=_prose, data=st.data())
def test_breaks_a_layout_makes_are_rejoined_without_help(url, before, after, data):
    """Word processors break URLs after '-' or '/': those come back whole with no link target."""
    head = len(url.split("://")[0]) + 3
    spots = [i + 1 for i, ch in enumerate(url) if ch in "-/" and i + 1 > head and i + 1 < len(url)]

    # The rest must read as URL text: punctuation a path has, or (after a hyphen) a digit. A bare
    # word or number after a slash ("https://x.org/ 2023 was ...") is prose without evidence.
    def reads_as_url(i: int) -> bool:
        rest = url[i:]
        if any(c in rest for c in "./=?&%_"):
            return True
        return url[i - 1] == "-" and any(c.isdigit() or c == "-" for c in rest)

    tail_ok = [i for i in spots if reads_as_url(i)]
    if not tail_ok:
        return
    cut = data.draw(st.sampled_from(tail_ok))
    text = f"{before} {url[:cut]}\n{url[cut:]} {after}"
    found = [m.url for m in find_urls(text, KnownUrls([]))]
    assert url in found, (text, found)


@settings(deadline=None)
@given(st.text(max_size=2000))
def test_no_exception_on_any_text(text):
    lines = [Line(t, None, i) for i, t in enumerate(text.split("\n"), start=1)]
    for c in build_citations("fuzz.txt", ReportText(lines)):
        assert "://" in c.url and " " not in c.url
        assert all(p > 0 for p in c.pages)
