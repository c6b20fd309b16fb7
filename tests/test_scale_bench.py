"""The scale bench's real-PDF mode: third-party PDFs served as distinct copies that read the same."""

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support.bench import load_bench

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"

pytestmark = pytest.mark.skipif(
    not (shutil.which("pdfinfo") and shutil.which("pdftotext")),
    reason="pdfinfo and pdftotext (poppler-utils) not found",
)
needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"third-party PDFs not found at {CORPUS}"
)


@pytest.fixture(scope="module")
def sb():
    return load_bench("scale_bench")


def pdfinfo_pages(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(next(ln for ln in out.stdout.splitlines() if ln.startswith("Pages:")).split()[1])


def skipped_in(said: str) -> list[str]:
    marker = "differently once copied: "
    return said.split(marker)[1].split("\n")[0].split(", ") if marker in said else []


@needs_corpus
def test_real_pdfs_are_served_as_distinct_copies_that_read_the_same(sb, tmp_path, capsys):
    docs, root = sb.corpus_plan([CORPUS], hosts=3, min_pages=4, target_pages=300, out=tmp_path)
    said = capsys.readouterr().out
    skipped = skipped_in(said)  # e.g. a damaged linearized file poppler no longer reads copied
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


def write_pdf(path: Path, pages: int) -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    for n in range(pages):
        c.drawString(72, 720, f"{path.stem}: page {n + 1} of the water stewardship policy")
        c.showPage()
    c.save()
    return path


def test_small_pdfs_and_ones_that_read_differently_copied_are_left_out(sb, tmp_path, capsys,
                                                                       monkeypatch):  # fmt: skip
    src = tmp_path / "src"
    src.mkdir()
    a, b, odd = (write_pdf(src / f"{n}.pdf", k) for n, k in (("a", 5), ("b", 12), ("odd", 6)))
    write_pdf(src / "small.pdf", 2)
    (src / "nested").mkdir()
    (src / "nested" / "a-again.pdf").write_bytes(a.read_bytes())  # the same file twice: once
    real = sb._pdftotext_digest

    def digest(path):  # "odd" reads differently once bytes follow its end
        return "changed" if path.name == "probe.pdf" and path.stat().st_size > 2000 and \
            path.read_bytes().startswith(odd.read_bytes()) else real(path)  # fmt: skip

    monkeypatch.setattr(sb, "_pdftotext_digest", digest)
    docs, root = sb.corpus_plan([src], hosts=2, min_pages=3, target_pages=40, out=tmp_path / "o")
    said = capsys.readouterr().out
    assert skipped_in(said) == ["odd.pdf"]
    assert sorted(d.pages for d in docs) == [5, 5, 5, 12, 12, 12]  # 17 pages, thrice: 51 >= 40
    for d in docs:
        body = (root / d.path).read_bytes()
        original = a if d.pages == 5 else b
        assert body.startswith(original.read_bytes()) and body != original.read_bytes()
        assert real(root / d.path) == real(original)  # the same text as the real file


def test_a_corpus_without_large_enough_pdfs_is_refused(sb, tmp_path):
    write_pdf(tmp_path / "one.pdf", 2)
    with pytest.raises(SystemExit, match="no PDF of 3 pages or more"):
        sb.corpus_plan([tmp_path], hosts=3, min_pages=3, target_pages=10, out=tmp_path / "o")
