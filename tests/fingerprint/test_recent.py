from verifier.fingerprint.recent import RecentFingerprints
from verifier.models import Fingerprint, PageText


def _fp(sha: str, chars: int) -> Fingerprint:
    page = PageText(index=1, text="x" * chars, text_sha256=sha, simhash="0" * 16)
    return Fingerprint(sha256=sha, bytes=chars, type="pdf", extractor="e", text_sha256=sha,
                       simhash="0" * 16, pages=(page,))  # fmt: skip


def test_keeps_recent_fingerprints_within_the_text_budget():
    recent = RecentFingerprints(budget_chars=100)
    recent.put("a", _fp("a", 40))
    recent.put("b", _fp("b", 40))
    assert recent.get("a") is not None  # now the most recently used
    recent.put("c", _fp("c", 40))  # over budget: the least recently used (b) goes
    assert recent.get("b") is None
    assert recent.get("a") is not None and recent.get("c") is not None
    recent.put("huge", _fp("huge", 101))  # larger than the whole budget: never kept
    assert recent.get("huge") is None
    assert recent.get(None) is None


def test_remembers_why_content_could_not_be_parsed():
    recent = RecentFingerprints()
    assert recent.failure("d") is None
    recent.put_failure("d", "parsing took longer than 60 s; the worker was stopped")
    assert recent.failure("d") == "parsing took longer than 60 s; the worker was stopped"
