"""Every malformed or unusual PDF of the corpus ends with a fingerprint or an unparseable reason,
within the per-document time limit, and the run goes on (no crash, no hang)."""

import hashlib
import time
from pathlib import Path

import pytest

from verifier.extract import ExtractError, extract_report
from verifier.fingerprint import Fingerprint, ParserPool, Unparseable
from verifier.settings import FingerprintSettings

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
FILES = sorted(CORPUS.rglob("*.pdf"))
LIMIT_S = 10


async def test_every_corpus_pdf_gets_a_fingerprint_or_a_reason():
    assert len(FILES) == 89
    outcomes: dict[str, str] = {}
    start = time.monotonic()
    with ParserPool(FingerprintSettings(workers=2, timeout_s=LIMIT_S, memory_mb=800)) as pool:
        for path in FILES:
            data = path.read_bytes()
            try:
                fp = await pool.fingerprint(str(path), "pdf", hashlib.sha256(data).hexdigest())
                assert isinstance(fp, Fingerprint) and fp.page_count >= 1
                outcomes[path.name] = "fingerprint"
            except Unparseable as exc:
                assert str(exc), path.name
                outcomes[path.name] = "unparseable"
    elapsed = time.monotonic() - start
    assert elapsed < len(FILES) * LIMIT_S
    parsed = sum(v == "fingerprint" for v in outcomes.values())
    print(f"\ncorpus: {parsed} fingerprinted, {len(FILES) - parsed} unparseable, {elapsed:.1f} s")
    assert (
        outcomes["005-libreoffice-writer-password_libreoffice-writer-password.pdf"] == "unparseable"
    )
    assert outcomes["015-arabic_habibi.pdf"] == "fingerprint"
    assert parsed >= 50  # most damaged files are still read (pypdf recovers), each bad one is said


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_extraction_never_crashes_on_the_corpus(path):
    try:
        cites = extract_report(str(path))
        assert isinstance(cites, list)
    except ExtractError as exc:
        assert str(exc)
