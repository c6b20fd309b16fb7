"""The scale bench's real-PDF mode: third-party PDFs served as distinct copies that read the same."""

import hashlib
import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench" / "scale_bench.py"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"

pytestmark = [
    pytest.mark.skipif(not CORPUS.is_dir(), reason=f"third-party PDFs not found at {CORPUS}"),
    pytest.mark.skipif(not shutil.which("pdfinfo"), reason="pdfinfo (poppler-utils) not found"),
]


@pytest.fixture(scope="module")
def sb():
    spec = importlib.util.spec_from_file_location("scale_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules["scale_bench"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def pdfinfo_pages(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(next(ln for ln in out.stdout.splitlines() if ln.startswith("Pages:")).split()[1])


def test_real_pdfs_are_served_as_distinct_copies_that_read_the_same(sb, tmp_path, capsys):
    docs, root = sb.corpus_plan([CORPUS], hosts=3, min_pages=4, target_pages=300, out=tmp_path)
    said = capsys.readouterr().out
    skipped = said.split("differently once copied: ")[1].split("\n")[0].split(", ")
    # In this corpus, a damaged linearized file: poppler reads it no more once bytes follow it.
    assert "017-unreadable-meta-data_unreadablemetadata.pdf" in skipped
    originals = {
        p: pdfinfo_pages(p) for p in sorted(CORPUS.glob("*.pdf")) if p.name not in skipped
        and (n := sb._pdfinfo_pages(p)) and n >= 4
    }  # fmt: skip
    total = sum(originals.values())
    copies = -(-300 // total)
    assert len(originals) >= 2 and len(docs) == copies * len(originals)
    assert sum(d.pages for d in docs) == copies * total >= 300
    assert sorted({d.host for d in docs}) == [1, 2, 3]  # spread over the hosts
    data = [(root / d.path).read_bytes() for d in docs]
    assert len({hashlib.sha256(b).digest() for b in data}) == len(docs)  # every copy distinct
    for d, body in zip(docs, data, strict=True):
        assert pdfinfo_pages(root / d.path) == d.pages
        assert any(body.startswith(p.read_bytes()) for p in originals)  # the real file, whole
    assert f"{copies} copies each: {len(docs)} documents" in said


def test_a_corpus_without_large_enough_pdfs_is_refused(sb, tmp_path):
    with pytest.raises(SystemExit, match="no PDF of 100000 pages or more"):
        sb.corpus_plan([CORPUS], hosts=3, min_pages=100_000, target_pages=10, out=tmp_path)
