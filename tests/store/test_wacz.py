"""The WACZ evidence package: valid for py-wacz's validator, readable by warcio, every payload
there byte for byte, and every file's hash listed."""

import gzip
import hashlib
import importlib.util
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.support.pdfs import pdf
from verifier.store.wacz import Page, WaczError, WaczRecord, write_wacz

PDF_URL = "https://example.org/reports/sustainability-2023.pdf"
HTML_URL = "https://example.org/esg/targets?lang=en"
COPY_URL = "https://mirror.example.net/sustainability-2023.pdf"
BROKEN_URL = "https://example.org/gone.pdf"
HTML = "<!doctype html><title>Targets</title><p>Net zero by 2040 – Scope 1 and 2</p>".encode()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def bodies(tmp_path):
    doc = pdf(["Scope 1: 1,200 tCO2e", "Scope 3: 12,400 tCO2e"], title="Report 2023")
    (tmp_path / "doc.pdf").write_bytes(doc)
    (tmp_path / "page.html").write_bytes(HTML)
    return {PDF_URL: doc, HTML_URL: HTML, COPY_URL: doc}, tmp_path


def records(bodies, tmp_path) -> list[WaczRecord]:
    pdf_headers = [("Content-Type", "application/pdf"), ("ETag", '"v1"'),
                   ("Content-Encoding", "gzip"), ("Content-Length", "999")]  # fmt: skip
    return [
        WaczRecord(PDF_URL, "2024-03-01T10:00:00Z", 200, pdf_headers,
                   str(tmp_path / "doc.pdf"), sha(bodies[PDF_URL])),
        WaczRecord(HTML_URL, "2024-03-01T10:00:01+00:00", 200,
                   [("Content-Type", "text/html; charset=utf-8")],
                   str(tmp_path / "page.html"), sha(HTML)),
        # An unchanged document seen under a second URL: resolved to the same stored body.
        (COPY_URL, "2024-03-01T10:00:02", 200, [("Content-Type", "application/pdf")],
         str(tmp_path / "doc.pdf"), sha(bodies[COPY_URL])),
    ]  # fmt: skip


def wacz_validate(path) -> subprocess.CompletedProcess:
    """py-wacz's `wacz validate -f FILE`. Through its console-script entry point: `python -m
    wacz` drops main()'s result and exits 0 even when validation fails."""
    if importlib.util.find_spec("wacz") is None:
        pytest.skip("the wacz package (py-wacz) is not installed: pip install -e '.[dev]'")
    script = Path(sys.executable).with_name("wacz")
    cmd = [str(script)] if script.exists() else [
        sys.executable, "-c", "import sys; from wacz.main import main; sys.exit(main())"
    ]  # fmt: skip
    return subprocess.run([*cmd, "validate", "-f", str(path)],
                          capture_output=True, text=True, timeout=120, check=False)  # fmt: skip


@pytest.fixture
def package(bodies, tmp_path):
    data, root = bodies
    pages = [PDF_URL, Page(HTML_URL, title="ESG targets"), COPY_URL,
             Page(BROKEN_URL, ts="2024-03-01T10:00:03Z"), PDF_URL]  # fmt: skip
    out = tmp_path / "out" / "evidence.wacz"
    summary = write_wacz(records(data, root), pages, out, title="Evidence of run 7")
    return summary, data


def test_package_passes_wacz_validate(package):
    summary, _ = package
    result = wacz_validate(summary.path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Validation succeeded" in result.stdout


def test_tampered_package_fails_wacz_validate(package, tmp_path):
    """The validator really checks what we claim: change one byte, and it fails."""
    summary, _ = package
    tampered = tmp_path / "tampered.wacz"
    with zipfile.ZipFile(summary.path) as src, zipfile.ZipFile(tampered, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "pages/pages.jsonl":
                data = data.replace(b"ESG targets", b"ESG targetz")
            dst.writestr(info, data)
    result = wacz_validate(tampered)
    assert result.returncode != 0
    assert "Validation failed" in result.stdout
    assert "pages.jsonl': [{'type': 'hash-count'" in result.stdout  # the file changed


def test_every_payload_reads_back_byte_for_byte(package):
    summary, data = package
    with zipfile.ZipFile(summary.path) as zf:
        warc = zf.read("archive/evidence.warc.gz")
    responses, requests = {}, {}
    for rec in ArchiveIterator(io.BytesIO(warc)):
        uri = rec.rec_headers.get_header("WARC-Target-URI")
        if rec.rec_type == "response":
            assert rec.http_headers.get_header("Content-Encoding") is None  # body is decoded
            body = rec.content_stream().read()
            assert rec.http_headers.get_header("Content-Length") == str(len(body))
            responses[uri] = (sha(body), rec.rec_headers.get_header("WARC-Record-ID"),
                              rec.rec_headers.get_header("WARC-Date"))  # fmt: skip
        elif rec.rec_type == "request":
            requests[uri] = rec.rec_headers.get_header("WARC-Concurrent-To")
    assert {u: s for u, (s, _, _) in responses.items()} == {u: sha(b) for u, b in data.items()}
    assert {u: rid for u, (_, rid, _) in responses.items()} == requests
    assert responses[PDF_URL][2] == "2024-03-01T10:00:00Z"
    assert responses[COPY_URL][2] == "2024-03-01T10:00:02Z"  # naive date taken as UTC
    assert summary.responses == 3


def test_datapackage_lists_every_file_with_its_sha256(package):
    summary, _ = package
    with zipfile.ZipFile(summary.path) as zf:
        names = set(zf.namelist())
        dp = json.loads(zf.read("datapackage.json"))
        digest = json.loads(zf.read("datapackage-digest.json"))
        assert digest == {"path": "datapackage.json",
                          "hash": "sha256:" + sha(zf.read("datapackage.json"))}  # fmt: skip
        listed = {r["path"]: r for r in dp["resources"]}
        assert set(listed) == names - {"datapackage.json", "datapackage-digest.json"}
        for path, res in listed.items():
            content = zf.read(path)
            assert res["hash"] == "sha256:" + sha(content) and res["bytes"] == len(content)
        assert zf.getinfo("archive/evidence.warc.gz").compress_type == zipfile.ZIP_STORED
    assert dp["wacz_version"] == "1.1.1" and dp["profile"] == "data-package"
    assert dp["title"] == "Evidence of run 7"
    assert summary.sha256 == sha(summary.path.read_bytes())


def test_pages_list_every_cited_url_once_with_a_time(package):
    summary, _ = package
    with zipfile.ZipFile(summary.path) as zf:
        lines = [json.loads(x) for x in zf.read("pages/pages.jsonl").splitlines()]
    assert lines[0]["format"] == "json-pages-1.0"
    pages = {p["url"]: p for p in lines[1:]}
    assert list(pages) == [PDF_URL, HTML_URL, COPY_URL, BROKEN_URL]
    assert pages[PDF_URL]["ts"] == "2024-03-01T10:00:00Z"  # the capture's time
    assert pages[BROKEN_URL]["ts"] == "2024-03-01T10:00:03Z"  # never captured: as given
    assert pages[HTML_URL]["title"] == "ESG targets"
    assert summary.pages == 4


def test_index_points_at_each_response(package):
    summary, data = package
    with zipfile.ZipFile(summary.path) as zf:
        warc = zf.read("archive/evidence.warc.gz")
        lines = zf.read("indexes/index.cdx").decode().splitlines()
    assert lines == sorted(lines)
    found = {}
    for line in lines:
        _key, ts, blob = line.split(" ", 2)
        entry = json.loads(blob)
        assert entry["filename"] == "evidence.warc.gz"
        start = int(entry["offset"])
        chunk = warc[start : start + int(entry["length"])]
        rec = next(iter(ArchiveIterator(io.BytesIO(chunk))))
        found[entry["url"]] = sha(rec.content_stream().read())
        assert ts == rec.rec_headers.get_header("WARC-Date").translate(
            str.maketrans("", "", "-T:Z")
        )
    assert found == {u: sha(b) for u, b in data.items()}


def test_a_run_with_nothing_ok_still_gives_a_valid_package(tmp_path):
    out = tmp_path / "empty.wacz"
    summary = write_wacz([], [Page(BROKEN_URL, ts="2024-03-01T10:00:00Z")], out, title="t")
    assert summary.responses == 0 and summary.pages == 1
    result = wacz_validate(out)
    assert result.returncode == 0 and "Validation succeeded" in result.stdout, result.stdout


def test_corrupt_or_missing_body_is_an_error_and_leaves_no_file(bodies, tmp_path):
    data, root = bodies
    out = tmp_path / "bad.wacz"
    bad = WaczRecord(PDF_URL, "2024-03-01T10:00:00Z", 200, [], str(root / "doc.pdf"), "0" * 64)
    with pytest.raises(WaczError, match="hashes to"):
        write_wacz([bad], [PDF_URL], out, title="t")
    missing = bad._replace(body_path=str(root / "nope.pdf"))
    with pytest.raises(WaczError, match="cannot read stored body"):
        write_wacz([missing], [PDF_URL], out, title="t")
    baddate = bad._replace(warc_date_iso="yesterday", sha256=sha(data[PDF_URL]))
    with pytest.raises(WaczError, match="not an ISO 8601 date"):
        write_wacz([baddate], [PDF_URL], out, title="t")
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".wacz-")] == []


def test_warc_digests_pass_warcio_check(package, tmp_path):
    summary, _ = package
    with zipfile.ZipFile(summary.path) as zf:
        zf.extract("archive/evidence.warc.gz", tmp_path)
    warc = tmp_path / "archive" / "evidence.warc.gz"
    cmd = [sys.executable, "-c", "import sys; from warcio.cli import main; sys.exit(main())"]
    result = subprocess.run([*cmd, "check", "-v", str(warc)], capture_output=True, text=True,
                            timeout=60, check=False)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("digest pass") == 7  # warcinfo + 3 responses + 3 requests


def test_a_cited_url_that_redirected_replays_through_the_redirect(bodies, tmp_path):
    data, root = bodies
    cited = "http://example.org/report.pdf"
    recs = [
        WaczRecord(cited, "2024-03-01T10:00:00Z", 301, [("Location", PDF_URL)], None, None),
        WaczRecord(PDF_URL, "2024-03-01T10:00:01Z", 200, [("Content-Type", "application/pdf")],
                   str(root / "doc.pdf"), sha(data[PDF_URL])),
    ]  # fmt: skip
    summary = write_wacz(recs, [cited], tmp_path / "r.wacz", title="t")
    assert summary.responses == 2
    with zipfile.ZipFile(summary.path) as zf:
        warc = zf.read("archive/evidence.warc.gz")
        index = zf.read("indexes/index.cdx").decode()
    statuses = {
        r.rec_headers.get_header("WARC-Target-URI"): (r.http_headers.get_statuscode(),
                                                      r.http_headers.get_header("Location"))
        for r in ArchiveIterator(io.BytesIO(warc)) if r.rec_type == "response"
    }  # fmt: skip
    assert statuses == {cited: ("301", PDF_URL), PDF_URL: ("200", None)}
    assert '"status": "301"' in index
    with pytest.raises(WaczError, match="no stored body"):
        write_wacz([recs[0]._replace(http_status=200)], [cited], tmp_path / "x.wacz", title="t")


def test_our_index_matches_the_one_py_wacz_writes_for_the_same_warc(package, tmp_path):
    """py-wacz is the reference implementation: its index of our WARC equals ours."""
    summary, _ = package
    with zipfile.ZipFile(summary.path) as zf:
        zf.extract("archive/evidence.warc.gz", tmp_path)
        ours = zf.read("indexes/index.cdx").decode().splitlines()
    script = Path(sys.executable).with_name("wacz")
    if not script.exists():
        pytest.skip("the wacz package (py-wacz) is not installed: pip install -e '.[dev]'")
    ref = tmp_path / "ref.wacz"
    subprocess.run([str(script), "create", "-o", str(ref), str(tmp_path / "archive" / "evidence.warc.gz")],
                   check=True, capture_output=True, timeout=120)  # fmt: skip
    with zipfile.ZipFile(ref) as zf:
        theirs = gzip.decompress(zf.read("indexes/index.cdx.gz")).decode().splitlines()

    def key(line: str) -> tuple:
        urlkey, ts, blob = line.split(" ", 2)
        e = json.loads(blob)
        return (urlkey, ts, e["url"], e["mime"], e["status"], e["digest"], e["offset"],
                e["length"], e["filename"])  # fmt: skip

    assert [key(x) for x in ours] == [key(x) for x in theirs]
    assert len(ours) == 3
