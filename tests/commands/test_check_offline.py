"""A whole `verifier check` in process on a fake transport: no socket, every stage real."""

import asyncio
import contextlib
import json
import multiprocessing
import signal
from pathlib import Path

import pytest

from tests.support.fake_transport import Answer, FakeTransport
from tests.support.pdfs import pdf
from verifier import background, cli
from verifier.cli import build_parser
from verifier.commands import check
from verifier.crawl.transport import ConnectionReset, ReadTimeout
from verifier.errors import Interrupted
from verifier.fingerprint import ParserPool
from verifier.fingerprint.recent import RecentFingerprints
from verifier.settings import load_settings
from verifier.store import HistoryStore

BASE = "https://disclosures.example.com"


def _report(tmp_path: Path) -> Path:
    report = tmp_path / "report.txt"
    report.write_text(
        "CRITERION RATING COMMENT\n"
        "6.1a-f Emissions to Air Conformance The entity discloses emissions.\n"
        f"ESG Report, page 2: {BASE}/esg-2024.pdf\n"
        f"Policy, page 1: {BASE}/policy.pdf\n"
        f"Register: {BASE}/reset.pdf\n"
        f"Old page: {BASE}/slow.pdf\n"
        f"Moved: {BASE}/old.pdf\n",
        encoding="utf-8",
    )
    return report


def test_a_whole_check_runs_on_the_fake_transport(tmp_path, capsys):
    esg = pdf(["Cover", "Air emissions fell by 4 percent", "Governance"])
    fake = FakeTransport({
        f"{BASE}/esg-2024.pdf": Answer(200, esg, {"Content-Type": "application/pdf"}),
        f"{BASE}/policy.pdf": Answer(404, b"gone", {"Content-Type": "text/plain"}),
        f"{BASE}/reset.pdf": Answer(error=ConnectionReset("server closed the connection")),
        f"{BASE}/slow.pdf": Answer(error=ReadTimeout("timed out reading")),
        f"{BASE}/old.pdf": Answer(301, b"", {"Location": f"{BASE}/esg-2024.pdf"}),
    })  # fmt: skip
    cfg = tmp_path / "fast.toml"
    cfg.write_text("[crawl]\nper_host_delay_s = 0\nbackoff_base_s = 0\nbackoff_jitter_s = 0\n")
    args = build_parser()[0].parse_args([
        "check", str(_report(tmp_path)), "--out", str(tmp_path / "out"),
        "--db", str(tmp_path / "h.sqlite"), "--archive", str(tmp_path / "archive"),
        "--config", str(cfg),
    ])  # fmt: skip
    before = {p.pid for p in multiprocessing.active_children()}
    code = check.run(args, load_settings(str(cfg)), transport=fake)
    assert code == 1, capsys.readouterr()
    # The run's parser and report workers stop while the reports are written (not waited
    # for one by one), and are gone when the command returns all the same.
    assert {p.pid for p in multiprocessing.active_children()} <= before
    assert not background.pending()  # and were waited for, as was the spool removal
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    by_url = {d["url"].rsplit("/", 1)[-1]: d for d in report["documents"]}
    assert by_url["esg-2024.pdf"]["verdict"] == "ok"
    assert by_url["esg-2024.pdf"]["fingerprint"]["page_count"] == 3
    assert by_url["policy.pdf"]["reason"] == "HTTP 404 after 1 attempt"
    assert by_url["reset.pdf"]["verdict"] == "unreachable"
    assert by_url["reset.pdf"]["reason"] == "server closed the connection (3 attempts)"
    assert by_url["slow.pdf"]["reason"].startswith("timed out reading: no data for")
    assert by_url["old.pdf"]["redirects"] == [f"{BASE}/esg-2024.pdf"]
    # every URL went through the transport; the reset one was retried
    asked = [u for u, _ in fake.requests]
    assert asked.count(f"{BASE}/reset.pdf") == 3 and asked.count(f"{BASE}/policy.pdf") == 1


class _Gated(FakeTransport):
    """Answers `later` only once `gate` is set (the first copies were parsed and settled)."""

    def __init__(self, answers, later: set[str], gate) -> None:  # type: ignore[no-untyped-def]
        super().__init__(answers)
        self.later, self.gate = later, gate

    @contextlib.asynccontextmanager
    async def get(self, url, headers):  # type: ignore[no-untyped-def]
        if url in self.later:
            await self.gate.wait()
        async with super().get(url, headers) as r:
            yield r


def test_the_same_bytes_at_another_url_are_parsed_once_even_after_settling(tmp_path, monkeypatch):
    """Mirrors and http/https twins: a copy that arrives after the first parse settled is not
    parsed again, and neither is a copy of a PDF that could not be parsed."""
    esg = pdf(["Cover", "Air emissions fell by 4 percent"])
    broken = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
    report = tmp_path / "report.txt"
    report.write_text("\n".join(f"ESG Report, page 1: {BASE}/{n}.pdf" for n in
                                ("esg", "esg-copy", "broken", "broken-copy")) + "\n")  # fmt: skip
    parsed: list[str] = []
    original = ParserPool.fingerprint

    async def counting(self, path, kind, sha256, **kw):  # type: ignore[no-untyped-def]
        parsed.append(sha256)
        return await original(self, path, kind, sha256, **kw)

    monkeypatch.setattr(ParserPool, "fingerprint", counting)
    # The copies are asked for once both first copies settled (their outcome is remembered).
    gate, remembered, hits = asyncio.Event(), [], []
    put, put_failure, get, failure = (RecentFingerprints.put, RecentFingerprints.put_failure,
                                      RecentFingerprints.get, RecentFingerprints.failure)  # fmt: skip

    def remember(method):  # type: ignore[no-untyped-def]
        def wrapped(self, sha256, value):  # type: ignore[no-untyped-def]
            method(self, sha256, value)
            remembered.append(sha256)
            if len(remembered) == 2:
                gate.set()

        return wrapped

    def counted(method):  # type: ignore[no-untyped-def]
        def wrapped(self, sha256):  # type: ignore[no-untyped-def]
            found = method(self, sha256)
            if found is not None:
                hits.append(method.__name__)
            return found

        return wrapped

    monkeypatch.setattr(RecentFingerprints, "put", remember(put))
    monkeypatch.setattr(RecentFingerprints, "put_failure", remember(put_failure))
    monkeypatch.setattr(RecentFingerprints, "get", counted(get))
    monkeypatch.setattr(RecentFingerprints, "failure", counted(failure))
    pdf_type = {"Content-Type": "application/pdf"}
    fake = _Gated({f"{BASE}/{n}.pdf": Answer(200, body, pdf_type) for n, body in
                   (("esg", esg), ("esg-copy", esg), ("broken", broken),
                    ("broken-copy", broken))}, {f"{BASE}/esg-copy.pdf", f"{BASE}/broken-copy.pdf"},
                  gate)  # fmt: skip
    cfg = tmp_path / "fast.toml"
    cfg.write_text("[crawl]\nper_host_delay_s = 0\n")
    args = build_parser()[0].parse_args([
        "check", str(report), "--out", str(tmp_path / "out"), "--db", str(tmp_path / "h.sqlite"),
        "--archive", str(tmp_path / "archive"), "--config", str(cfg),
    ])  # fmt: skip
    check.run(args, load_settings(str(cfg)), transport=fake)
    assert len(parsed) == 2 and len(set(parsed)) == 2  # one parse per distinct content
    assert sorted(hits) == ["failure", "get"]  # each copy served from what the run remembered
    docs = json.loads((tmp_path / "out" / "report.json").read_text())["documents"]
    by_url = {d["url"].rsplit("/", 1)[-1]: d for d in docs}
    assert by_url["esg-copy.pdf"]["verdict"] == "ok"
    assert by_url["esg-copy.pdf"]["fingerprint"] == by_url["esg.pdf"]["fingerprint"]
    assert by_url["broken-copy.pdf"]["verdict"] == "unparseable"
    assert by_url["broken-copy.pdf"]["reason"] == by_url["broken.pdf"]["reason"]


def test_a_body_leaves_the_spool_as_its_document_settles_unless_shared(tmp_path, monkeypatch):
    """Each body is removed from the spool once archived (not all at the end), except a body
    that several cited URLs share through one fetch (a --remap onto the same URL): that one
    stays until the spool's removal, so no sharer reads a file already gone."""
    from verifier import orchestrator

    one, shared = pdf(["Only copy"]), pdf(["Shared copy"])
    report = tmp_path / "report.txt"
    report.write_text(f"Policy, page 1: {BASE}/one.pdf\nESG Report, page 1: {BASE}/shared.pdf\n"
                      "ESG Report (mirror), page 1: https://mirror.example/shared.pdf\n")  # fmt: skip
    seen: list[tuple[str, bool, bool]] = []  # (file, last use, still there after)
    real = orchestrator._archive

    def spying(archive, body_path, sha256, *, last_use):  # type: ignore[no-untyped-def]
        sha1 = real(archive, body_path, sha256, last_use=last_use)
        seen.append((Path(body_path).name, last_use, Path(body_path).exists()))
        return sha1

    monkeypatch.setattr(orchestrator, "_archive", spying)
    pdf_type = {"Content-Type": "application/pdf"}
    fake = FakeTransport({f"{BASE}/one.pdf": Answer(200, one, pdf_type),
                          f"{BASE}/shared.pdf": Answer(200, shared, pdf_type)})  # fmt: skip
    cfg = tmp_path / "fast.toml"
    cfg.write_text("[crawl]\nper_host_delay_s = 0\n")
    args = build_parser()[0].parse_args([
        "check", str(report), "--out", str(tmp_path / "out"), "--db", str(tmp_path / "h.sqlite"),
        "--archive", str(tmp_path / "archive"), "--config", str(cfg),
        "--remap", f"^https://mirror.example {BASE}",
    ])  # fmt: skip
    assert check.run(args, load_settings(str(cfg)), transport=fake) == 0
    uses = sorted((last, there) for _, last, there in seen)
    assert uses == [(False, True), (False, True), (True, False)]  # two sharers, one alone
    assert len({name for name, last, _ in seen if not last}) == 1  # the sharers' one file
    report_json = json.loads((tmp_path / "out" / "report.json").read_text())
    assert {d["verdict"] for d in report_json["documents"]} == {"ok"}
    assert all(d["sha1"] for d in report_json["documents"])


def _one_document(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A report citing one PDF on the fake transport; `args(out)` parses a check writing its
    reports to tmp_path/out, every run into one history."""
    esg = pdf(["Cover", "Air emissions fell by 4 percent"])
    fake = FakeTransport({f"{BASE}/esg-2024.pdf": Answer(200, esg, {"Content-Type": "application/pdf"})})  # fmt: skip
    report = tmp_path / "report.txt"
    report.write_text(f"6.1 Emissions Conformance ESG Report, page 2: {BASE}/esg-2024.pdf\n")

    def args(out: str):  # type: ignore[no-untyped-def]
        return build_parser()[0].parse_args([
            "check", str(report), "--out", str(tmp_path / out), "--db", str(tmp_path / "h.sqlite"),
            "--archive", str(tmp_path / "archive")])  # fmt: skip

    return fake, report, args


def _stopped(*_a, **_k):  # type: ignore[no-untyped-def]
    raise Interrupted(signal.SIGTERM)  # as the CLI's SIGTERM handler does


def test_a_stop_after_the_run_is_recorded_says_what_it_left(tmp_path, monkeypatch, capsys):
    """SIGTERM (the CLI's handler raises Interrupted) while the reports are written, or while
    the last workers exit: the run is recorded complete, and the message says so."""
    fake, report, args = _one_document(tmp_path)
    with monkeypatch.context() as m:
        m.setattr(check, "write_reports", _stopped)
        with pytest.raises(Interrupted) as info:
            check.run(args("one"), load_settings(None), transport=fake)
    assert (
        info.value.state
        == "run 1 is recorded complete; `verifier report --run 1` writes its reports"
    )
    real_wait = background.wait

    def stopped_while_waiting():  # type: ignore[no-untyped-def]
        real_wait()
        raise Interrupted(signal.SIGTERM)

    with monkeypatch.context() as m:
        m.setattr(background, "wait", stopped_while_waiting)
        with pytest.raises(Interrupted) as info:
            check.run(args("two"), load_settings(None), transport=fake)
    assert info.value.state == "the run was recorded complete and its reports written"
    assert (tmp_path / "two" / "report.json").is_file()
    with HistoryStore.open(tmp_path / "h.sqlite", readonly=True) as store:
        assert [r.status for r in store.runs()] == ["complete", "complete"]
    capsys.readouterr()
    monkeypatch.setattr(check, "run", lambda *_a, **_k: (_ for _ in ()).throw(info.value))
    assert cli.main(["check", str(report)]) == 143
    err = capsys.readouterr().err
    assert err == ("verifier: interrupted by SIGTERM; the run was recorded complete and its "
                   "reports written\n")  # fmt: skip


def test_a_stop_while_the_result_is_assembled_records_the_run_interrupted(tmp_path, monkeypatch):
    """Every document settled, the run not yet recorded complete: it is recorded interrupted,
    not left running."""
    fake, _, args = _one_document(tmp_path)
    with monkeypatch.context() as m:
        m.setattr(check, "load_run_result", _stopped)
        with pytest.raises(Interrupted) as info:
            check.run(args("out"), load_settings(None), transport=fake)
    assert info.value.state == "run 1 is recorded as interrupted"
    with HistoryStore.open(tmp_path / "h.sqlite", readonly=True) as store:
        (run,) = store.runs()
        assert run.status == "interrupted" and len(store.observations(run.id)) == 1
        assert run.summary.note == "stopped by SIGTERM after every document settled"
    assert not (tmp_path / "out" / "report.json").exists()

    def ctrl_c(*_a, **_k):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    with monkeypatch.context() as m:
        m.setattr(check, "load_run_result", ctrl_c)
        with pytest.raises(Interrupted) as info:
            check.run(args("out"), load_settings(None), transport=fake)
    assert (info.value.exit_code, info.value.state) == (130, "run 2 is recorded as interrupted")

    # The signal lands while the complete end commits: it stays complete, and says so.
    finish = HistoryStore.finish_run

    def finish_then_stopped(self, run_id, status, summary=None, **kw):  # type: ignore[no-untyped-def]
        finish(self, run_id, status, summary, **kw)
        if status == "complete":
            raise Interrupted(signal.SIGTERM)

    def stopped() -> str | None:
        with pytest.raises(Interrupted) as info:
            check.run(args("out"), load_settings(None), transport=fake)
        return info.value.state

    monkeypatch.setattr(HistoryStore, "finish_run", finish_then_stopped)
    assert stopped() == "run 3 is recorded complete; `verifier report --run 3` writes its reports"
    with HistoryStore.open(tmp_path / "h.sqlite", readonly=True) as store:
        assert [r.status for r in store.runs()] == ["complete", "interrupted", "interrupted"]

    # ... or while the store is left (its last commit, the lock released): complete too.
    monkeypatch.setattr(HistoryStore, "finish_run", finish)
    close = HistoryStore.close

    stops = []

    def close_then_stopped(self):  # type: ignore[no-untyped-def]
        writable = self._lock is not None  # the check's own store, not the test's reads
        close(self)
        if writable and not stops:
            stops.append(self)
            raise Interrupted(signal.SIGTERM)

    monkeypatch.setattr(HistoryStore, "close", close_then_stopped)
    assert stopped() == "run 4 is recorded complete; `verifier report --run 4` writes its reports"
