from verifier.fingerprint import recent as recent_module
from verifier.fingerprint.recent import ENTRY_COST, PAGE_COST, RecentFingerprints
from verifier.models import Fingerprint, PageText


def _fp(sha: str, chars: int, pages: int = 1) -> Fingerprint:
    texts = tuple(
        PageText(index=i + 1, text="x" * chars, text_sha256=f"{sha}{i}", simhash="0" * 16)
        for i in range(pages)
    )
    return Fingerprint(sha256=sha, bytes=chars, type="pdf", extractor="e", text_sha256=sha,
                       simhash="0" * 16, pages=texts)  # fmt: skip


def _cost(chars: int, pages: int = 1) -> int:
    return ENTRY_COST + pages * (chars + PAGE_COST)


def test_keeps_recent_fingerprints_within_the_budget():
    recent = RecentFingerprints(budget_chars=2 * _cost(40) + 10)
    recent.put("a", _fp("a", 40))
    recent.put("b", _fp("b", 40))
    assert recent.get("a") is not None  # now the most recently used
    recent.put("c", _fp("c", 40))  # over budget: the least recently used (b) goes
    assert recent.get("b") is None
    assert recent.get("a") is not None and recent.get("c") is not None
    recent.put("huge", _fp("huge", 3 * _cost(40)))  # larger than the whole budget: never kept
    assert recent.get("huge") is None
    assert recent.get(None) is None


def test_documents_without_text_are_charged_too(monkeypatch):
    """An image-only PDF has no text but its pages still cost memory: the budget holds."""
    recent = RecentFingerprints(budget_chars=3 * _cost(0, pages=100))
    for n in range(10):
        recent.put(f"scan{n}", _fp(f"scan{n}", 0, pages=100))
    assert sum(recent.get(f"scan{n}") is not None for n in range(10)) == 3
    monkeypatch.setattr(recent_module, "MAX_ENTRIES", 2)
    many = RecentFingerprints()
    for n in range(5):
        many.put(f"d{n}", _fp(f"d{n}", 1))
    assert [n for n in range(5) if many.get(f"d{n}")] == [3, 4]


def test_remembers_why_content_could_not_be_parsed():
    recent = RecentFingerprints()
    assert recent.failure("d") is None
    recent.put_failure("d", "parsing took longer than 60 s; the worker was stopped")
    assert recent.failure("d") == "parsing took longer than 60 s; the worker was stopped"
