"""Text and HTML reports have a time and memory limit, as report PDFs do: a report that would
keep extraction busy too long gets one error line, and the next report is still read."""

import pytest

from tests.support import workers
from verifier.extract import ExtractError, extract_many
from verifier.extract.bounded import BoundedExtractor
from verifier.extract.readers import read_html_bytes, read_text_bytes
from verifier.settings import ExtractSettings

SMALL = b"FINDINGS\n\n1. BUSINESS INTEGRITY\n\n1.1 Legal Compliance Conformance See https://a.example/x.pdf\n"


def test_a_reader_that_hangs_is_stopped_and_the_worker_replaced():
    with BoundedExtractor(ExtractSettings(text_timeout_s=1)) as ex:
        with pytest.raises(ExtractError, match="took longer than 1 s; the worker was stopped"):
            ex.citations("r.txt", workers.hang, SMALL)
        (c,) = ex.citations("r.txt", read_text_bytes, SMALL)
        assert (c.criterion, c.url) == ("1.1", "https://a.example/x.pdf")


def test_a_memory_bomb_is_stopped():
    with (
        BoundedExtractor(ExtractSettings(text_memory_mb=512)) as ex,
        pytest.raises(ExtractError, match=r"more than 512 MiB|reader died"),
    ):
        ex.citations("r.txt", workers.allocate, SMALL)


def test_a_large_real_report_over_the_limit_is_one_error_line(tmp_path, seed_path):
    """A real report repeated to ~23 MB cannot be extracted in 2 s: an error, not a hang."""
    big = tmp_path / "big.txt"
    big.write_bytes(seed_path.read_bytes() * 300)
    ok = tmp_path / "ok.html"
    ok.write_bytes(
        b'<p>FINDINGS</p><p>1.1 Legal Compliance Conformance <a href="https://a.example/x.pdf">x</a></p>'
    )
    settings = ExtractSettings(text_timeout_s=2)
    cites, errors = extract_many([str(big), str(ok)], settings)
    assert [(e.path, e.message) for e in errors] == [
        (str(big), "extracting citations took longer than 2 s; the worker was stopped")
    ]
    assert [c.url for c in cites] == ["https://a.example/x.pdf"]


def test_html_base_url_reader_runs_in_the_worker():
    """A report fetched by URL is read with its base URL (a partial, which the worker accepts)."""
    import functools

    reader = functools.partial(read_html_bytes, base_url="https://reports.example/asi/")
    html = b'<p>FINDINGS</p><p>1.1 Legal Compliance Conformance <a href="esg.pdf">ESG</a></p>'
    with BoundedExtractor(ExtractSettings()) as ex:
        (c,) = ex.citations("https://reports.example/asi/r.html", reader, html)
    assert c.url == "https://reports.example/asi/esg.pdf"
