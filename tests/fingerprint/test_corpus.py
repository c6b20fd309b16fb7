"""Every malformed or unusual PDF ends with a fingerprint or an unparseable reason, within the
per-document time limit, and the run goes on (no crash, no hang).

Two sources: PDFs the project writes and damages itself (always run), and the third-party corpus
in the repository's sibling `shared/corpus/{real,malformed}` (qpdf's broken test PDFs and
py-pdf's sample files; skipped when absent, never copied into the repository)."""

import hashlib
import time
from pathlib import Path

import pytest

from tests.support.damaged_pdfs import damaged_cases
from verifier.extract import ExtractError, extract_report
from verifier.fingerprint import Fingerprint, ParserPool, Unparseable
from verifier.settings import FingerprintSettings

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
FILES = sorted(SHARED.glob("*/*.pdf"))
LIMIT_S = 10
needs_corpus = pytest.mark.skipif(not FILES, reason=f"third-party PDF corpus not found at {SHARED}")


async def fingerprint_all(paths):
    outcomes: dict[str, str] = {}
    with ParserPool(FingerprintSettings(workers=2, timeout_s=LIMIT_S, memory_mb=800)) as pool:
        for path in paths:
            try:
                fp = await pool.fingerprint(str(path), "pdf", hashlib.sha256(b"").hexdigest())
                assert isinstance(fp, Fingerprint) and fp.page_count >= 1
                outcomes[path.name] = "fingerprint"
            except Unparseable as exc:
                assert str(exc) and "\n" not in str(exc), path.name
                outcomes[path.name] = f"unparseable: {exc}"
    return outcomes


async def test_damaged_pdfs_we_make_get_a_fingerprint_or_a_reason(tmp_path):
    paths = []
    for name, data in damaged_cases():
        paths.append(tmp_path / f"{name}.pdf")
        paths[-1].write_bytes(data)
    start = time.monotonic()
    outcomes = await fingerprint_all(paths)
    assert time.monotonic() - start < len(paths) * LIMIT_S
    assert outcomes["truncated-head.pdf"].startswith("unparseable: not a readable PDF")
    assert outcomes["empty.pdf"].startswith("unparseable")
    assert outcomes["stream-length-wrong.pdf"] == "fingerprint"  # PDFium repairs what it can
    assert outcomes["xref-offsets-zeroed.pdf"] == "fingerprint"
    assert sum(v == "fingerprint" for v in outcomes.values()) >= len(paths) // 3


@pytest.mark.parametrize("name", ["truncated-middle", "xref-offsets-zeroed", "deep-nesting",
                                  "bytes-flipped-3", "page-tree-loop"])  # fmt: skip
def test_report_extraction_never_crashes_on_damaged_pdfs(tmp_path, name):
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(dict(damaged_cases())[name])
    try:
        assert isinstance(extract_report(str(path)), list)
    except ExtractError as exc:
        assert str(exc) and "\n" not in str(exc)


@needs_corpus
async def test_every_corpus_pdf_gets_a_fingerprint_or_a_reason():
    start = time.monotonic()
    outcomes = await fingerprint_all(FILES)
    elapsed = time.monotonic() - start
    assert elapsed < len(FILES) * LIMIT_S
    parsed = sum(v == "fingerprint" for v in outcomes.values())
    print(f"\ncorpus: {parsed} fingerprinted, {len(FILES) - parsed} unparseable, {elapsed:.1f} s")
    password = "005-libreoffice-writer-password_libreoffice-writer-password.pdf"
    assert outcomes[password] == "unparseable: encrypted PDF: a password is needed to read it"
    assert outcomes["015-arabic_habibi.pdf"] == "fingerprint"
    assert parsed >= 0.6 * len(FILES)  # most damaged files are still read, each bad one is said


@needs_corpus
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_extraction_never_crashes_on_the_corpus(path):
    try:
        cites = extract_report(str(path))
        assert isinstance(cites, list)
    except ExtractError as exc:
        assert str(exc)


@needs_corpus
async def test_shared_pass_simhashes_equal_hashing_each_text_on_real_pdfs():
    """The one-pass page and document simhashes (simhash.simhashes) against hashing each text
    alone, on every real third-party PDF that has text: a changed value would read as drift."""
    from verifier.fingerprint.simhash import simhash

    compared = 0
    with ParserPool(FingerprintSettings(workers=2, timeout_s=LIMIT_S, memory_mb=800)) as pool:
        for path in sorted((SHARED / "real").glob("*.pdf")):
            try:
                fp = await pool.fingerprint(str(path), "pdf", "0" * 64)
            except Unparseable:
                continue
            assert fp.simhash == simhash("\n".join(p.text for p in fp.pages)), path.name
            for page in fp.pages:
                assert page.simhash == simhash(page.text), f"{path.name} page {page.index}"
                compared += bool(page.text)
    assert compared >= 100  # pages with text actually compared


def _raw_pages(path: str) -> list[str]:
    """Each page's raw text as the fingerprint reads it (run in a child process: PDFium)."""
    import pypdfium2 as pdfium

    from verifier.fingerprint.pdf import read_page

    raws = []
    try:
        doc = pdfium.PdfDocument(path)
    except pdfium.PdfiumError:
        return raws
    try:
        for i in range(len(doc)):
            try:
                page = doc[i]
            except pdfium.PdfiumError:
                raws.append("")
                continue
            try:
                raws.append(read_page(page)[0])
            except (pdfium.PdfiumError, ValueError, OverflowError):
                raws.append("")
            finally:
                page.close()
    finally:
        doc.close()
    return raws


@needs_corpus
def test_pages_normalised_once_equal_the_plain_way_on_real_pdfs():
    """fingerprint/pdf.py normalises each page once, edge lines apart from the middle; on
    every page of the real PDFs other tools wrote it equals normalising the page and its body."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from tests.fingerprint.test_text import assert_normalised_once

    paths = [str(p) for p in sorted((SHARED / "real").glob("*.pdf"))]
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        documents = list(pool.map(_raw_pages, paths, timeout=120))
    for raws in documents:
        assert_normalised_once(raws)
    assert sum(bool(r.strip()) for raws in documents for r in raws) >= 100  # pages with text
