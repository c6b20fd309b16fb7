"""The history store: append-only, survives kill -9, one run at a time."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.support.observations import observation as obs
from tests.support.observations import page
from verifier.models import (
    Check,
    CheckName,
    Citation,
    Fingerprint,
    Location,
    Observation,
    Outcome,
)
from verifier.store import HistoryStore, RunSummary, SchemaError, StoreLocked
from verifier.store.history import utcnow


def test_round_trip(tmp_path):
    db = tmp_path / "h.sqlite"
    with HistoryStore.open(db) as store:
        run = store.start_run(["check", "r.txt"])
        pages = (page(1, "cover", "i"), page(2, "page two", "1"))
        store.record_observation(
            run, obs("https://x.org/a.pdf", sha256="cd" * 32, etag='"v1"', pages=pages)
        )  # fmt: skip
        store.record_citation(
            run,
            Citation("r.txt", "1.2", "Anti-Corruption", "Conformance", "https://x.org/a.pdf",
                     "ESG Report", (2,), True, Location(None, 4)),
            [Check(CheckName.REACHABLE, Outcome.PASS),
             Check(CheckName.PAGE_EXISTS, Outcome.FAIL, "p 9")],
        )  # fmt: skip
        store.finish_run(run, "complete", RunSummary(documents=1))
        last = store.last_observation("https://x.org/a.pdf")
        assert last.fetch.etag == '"v1"' and len(last.fingerprint.simhash) == 16
        assert last.fingerprint.pages[0].label == "i" and last.fingerprint.page_count == 2
        assert store.page_texts(last.id) == {1: "cover", 2: "page two"}
        (info,) = store.runs()
        assert (info.id, info.status, info.summary.documents) == (run, "complete", 1)
        assert info.argv == ("check", "r.txt")
        ((cite, checks),) = store.citations(run)
        assert cite.pages == (2,) and cite.label == "ESG Report" and checks[1].detail == "p 9"
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM run_citation").fetchone()[0] == 1


def test_history_is_append_only(tmp_path):
    db = tmp_path / "h.sqlite"
    with HistoryStore.open(db) as store:
        run = store.start_run()
        store.record_observation(run, obs("https://x.org/a.pdf"))
        store.finish_run(run, "complete")
    conn = sqlite3.connect(db)
    for sql in ("UPDATE observation SET verdict = 'broken'", "DELETE FROM observation",
                "UPDATE run SET started_at = 'x'", "DELETE FROM run_end"):  # fmt: skip
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute(sql)


def test_failure_streak_and_previous(tmp_path):
    with HistoryStore.open(tmp_path / "h.sqlite") as store:
        for verdict in ("ok", "broken", "unreachable", "broken"):
            run = store.start_run()
            store.record_observation(run, obs("https://x.org/a.pdf", verdict))
            store.finish_run(run, "complete")
        count, since = store.failure_streak("https://x.org/a.pdf")
        assert count == 3 and since is not None
        assert (
            store.last_observation("https://x.org/a.pdf", before_run=run).fetch.verdict
            == "unreachable"
        )


def test_newer_schema_is_refused(tmp_path):
    db = tmp_path / "h.sqlite"
    HistoryStore.open(db).close()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(SchemaError, match="newer"):
        HistoryStore.open(db)


_WRITER = textwrap.dedent(
    """
    import sys
    from verifier.models import FetchResult, Observation, Verdict
    from verifier.store import HistoryStore
    from verifier.store.history import utcnow
    store = HistoryStore.open(sys.argv[1])
    run = store.start_run(["killed"])
    i = 0
    while True:
        url = f"https://x.org/{i}.pdf"
        store.record_observation(run, Observation(
            FetchResult(url, url, None, Verdict.OK, ""), None, utcnow()))
        i += 1
        if i % 25 == 0:
            store.flush()
            print(i, flush=True)
    """
)


def test_kill_9_mid_run_leaves_a_sound_database(tmp_path):
    db = tmp_path / "h.sqlite"
    proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(db)], stdout=subprocess.PIPE,
                            text=True)  # fmt: skip
    committed = 0
    deadline = time.monotonic() + 30
    while committed < 200 and time.monotonic() < deadline:
        committed = int(proc.stdout.readline())
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    assert committed >= 200
    with HistoryStore.open(db) as store:  # the lock died with the process
        assert store.integrity_ok()
        n = store._rows("SELECT count(*) FROM observation")[0][0]
        assert n >= committed  # everything committed before the kill is there
        run = store.start_run(["next"])
        runs = {r.id: r.status for r in store.runs()}
        assert runs[run - 1] == "incomplete"
        store.record_observation(run, obs("https://x.org/after.pdf"))
        store.finish_run(run, "complete")
        assert store.runs()[0].status == "complete"


_HOLDER = textwrap.dedent(
    """
    import sys, time
    from verifier.store import HistoryStore
    store = HistoryStore.open(sys.argv[1])
    store.start_run(["holder"])
    print("ready", flush=True)
    time.sleep(30)
    """
)


def test_second_run_is_refused_with_a_clear_message(tmp_path):
    db = tmp_path / "h.sqlite"
    proc = subprocess.Popen([sys.executable, "-c", _HOLDER, str(db)], stdout=subprocess.PIPE,
                            text=True)  # fmt: skip
    try:
        assert proc.stdout.readline().strip() == "ready"
        start = time.monotonic()
        with pytest.raises(StoreLocked, match=rf"in use by another verifier run \(pid {proc.pid}"):
            HistoryStore.open(db, lock_wait_s=0.5)
        assert 0.4 < time.monotonic() - start < 5
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()
    with HistoryStore.open(db, lock_wait_s=5) as store:  # released when the holder died
        assert store.integrity_ok()


def test_migration_from_version_1_keeps_the_data(tmp_path):
    from verifier.store.schema import MIGRATIONS, SCHEMA_VERSION, _split

    db = tmp_path / "v1.sqlite"
    conn = sqlite3.connect(db)
    for statement in _split(MIGRATIONS[0]):
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO run(started_at, tool_version) VALUES ('2026-01-01T00:00:00Z', '0.0.1')"
    )
    conn.commit()
    conn.close()
    with HistoryStore.open(db) as store:
        assert store._rows("PRAGMA user_version")[0][0] == SCHEMA_VERSION == 6
        assert store.runs()[0].started_at == "2026-01-01T00:00:00Z"
        run = store.start_run(["check"])  # the migrated database takes a whole new run
        store.record_citation(
            run,
            Citation(
                "r.txt",
                None,
                None,
                None,
                "https://x.org/",
                None,
                (),
                False,
                Location(None, 1),
                "x.org",
                ("note",),
            ),
        )
        ((cite, _),) = store.citations(run)
        assert (cite.cited_text, cite.notes) == ("x.org", ("note",))


def test_report_metadata_is_kept_per_run_and_append_only(tmp_path):
    from verifier.models import ReportMeta

    meta = ReportMeta(entity="甲 Aluminium", standard="Performance Standard V3.1",
                      audit_start="2025-01-09", certificate_number="482")  # fmt: skip
    with HistoryStore.open(tmp_path / "h.sqlite") as store:
        one = store.start_run(["check"])
        store.record_report_meta(one, "a.txt", meta)
        store.record_report_meta(one, "b.txt", ReportMeta())
        two = store.start_run(["check"])
        store.record_report_meta(two, "a.txt", meta)  # same value: interned once
        store.flush()
        assert store.report_metas(one) == {"a.txt": meta, "b.txt": ReportMeta()}
        assert store.report_metas(two) == {"a.txt": meta}
        assert store._rows("SELECT count(*) FROM report_meta")[0][0] == 3
        assert len({r[0] for r in store._rows("SELECT meta_id FROM report_meta")}) == 2
    conn = sqlite3.connect(tmp_path / "h.sqlite")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM report_meta")


def test_url_histories_agree_with_the_reads_one_url_at_a_time(tmp_path):
    """A run's result reads every URL's past in one statement (`url_histories`); it must say
    what the per-URL reads say, including a failing streak longer than the points read, URLs
    missing from some runs, content first seen late, and a pin made part-way."""
    urls = {u: f"https://x.org/{u}.pdf" for u in "abcdef"}

    def verdict(u: str, n: int) -> str | None:
        if u == "b":  # failing for 35 runs after its first: longer than 30 points
            return "ok" if n == 1 else "broken"
        if u == "c":
            return "ok" if n < 36 else "unreachable"
        if u == "d":  # no content until run 20
            return "broken" if n < 20 else "ok"
        if u == "e":  # observed every third run only
            return "ok" if n % 3 == 0 else None
        if u == "f":  # ok, but never with a fingerprint: never the first content
            return "ok"
        return "ok"

    with HistoryStore.open(tmp_path / "h.sqlite") as store:
        for n in range(1, 41):
            run = store.start_run()
            for u, url in urls.items():
                v = verdict(u, n)
                if v is None:
                    continue
                with_text = v == "ok" and u != "f"
                o = obs(url, v, sha256=f"{n:02d}" * 32 if with_text else None,
                        texts=(f"{u} version {n // 10}",) if with_text else ())  # fmt: skip
                store.record_observation(run, o)
            if n == 25:
                store.pin_baseline("r.txt", "1.1", urls["a"], store.last_content(urls["a"]).id)
            store.finish_run(run, "complete")
        for run in (1, 2, 20, 21, 25, 26, 33, 38, 40):
            pasts = store.url_histories(run, limit=30)
            for url in {o.url for o in store.observations(run)}:
                past = pasts[url]
                prev = store.last_observation(url, before_run=run)
                assert past.previous_id == (prev.id if prev else None), (run, url)
                assert past.first_content_id == store.first_content_id(url, upto_run=run)
                assert list(past.points) == store.recent_points(url, upto_run=run, limit=30)
                if past.streak is not None:
                    assert past.streak == store.failure_streak(url, upto_run=run), (run, url)
                else:  # only when the streak runs past the points read
                    assert store.failure_streak(url, upto_run=run)[0] >= 30
            assert set(pasts) == {o.url for o in store.observations(run)}
        assert store.url_histories(40, limit=30)[urls["b"]].streak is None
        assert store.url_histories(40, limit=30)[urls["c"]].streak == store.failure_streak(
            urls["c"], upto_run=40
        )
        pinned_later = store.pinned(upto_run=26)
        assert store.pinned(upto_run=25) == set() and pinned_later == {("r.txt", "1.1", urls["a"])}
        ids = [store.last_observation(u).id for u in urls.values()]
        found = store.observations_by_id([*ids, ids[0], 10**9])
        assert sorted(found) == sorted(ids) and all(found[i].id == i for i in ids)


SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.mark.parametrize(
    "report", [SEEDS / "002_0aeeae34857563c4.txt", FIXTURES / "other-entity-report.txt"]
)
def test_citations_read_back_equal_the_ones_recorded(tmp_path, report):
    """A check assembles its result from the citations it recorded, not from decoding them
    back (store.citations); `verifier report` decodes them. The two must be equal, here on
    every citation of the real audit report in ../shared/seeds and of another layout."""
    if not report.exists():
        pytest.skip("../shared/seeds is not present beside this checkout")
    from verifier.checks import run_checks
    from verifier.extract import extract_report

    cites = extract_report(str(report))
    assert len(cites) >= 7
    recorded = [(c, tuple(run_checks(c, None, None, []))) for c in cites]
    with HistoryStore.open(tmp_path / "h.sqlite") as store:
        run = store.start_run()
        for i, (c, checks) in enumerate(recorded):
            store.record_citation(run, c, checks, ordinal=i)
        assert store.citations(run) == recorded


def test_a_run_reads_its_own_observations_as_a_fresh_store_decodes_them(tmp_path):
    """The writer decodes what it records (beside the crawl), so assembling the run's result
    decodes none of its rows again: those must equal what `verifier report` decodes later, on
    varied observations and on fingerprints of real third-party PDFs when ../shared has them."""
    from tests.fingerprint.test_corpus import SHARED
    from verifier.fingerprint.html import fingerprint_html
    from verifier.fingerprint.pdf import fingerprint_pdf
    from verifier.models import Observation, Unparseable
    from verifier.store.history import utcnow

    url = "https://x.org/{}.pdf".format
    many = {"sha256": "ab" * 32, "bytes": 10, "http_status": 200, "detected_type": "pdf"}
    varied = [
        obs(url(1), pages=(page(1, "cover", "i"), page(2, "中文 page two", "1")), **many,
            etag='"v1"', elapsed_s=1.234567, http_version="1.1",
            request_headers=[["User-Agent", "verifier"]],
            response_headers=[["Date", "Tue, 24 Nov 2026 04:00:00 GMT"], ["ETag", '"v1"']]),
        obs(url(2), pages=(page(1, "cover", "i"), page(2, "中文 page two", "1")), **many),
        obs(url(3), "broken", http_status=404, reason="HTTP 404 after 1 attempt"),
        obs(url(4), fetched_url="https://y.org/4.pdf", final_url="https://y.org/4b.pdf",
            redirects=["https://y.org/4b.pdf"], http_status=200, not_modified=True,
            texts=("a",), sha256="cd" * 32, last_modified="Mon, 1 Jan 2024 00:00:00 GMT"),
        obs(url(5), "unreachable", reason="timed out", attempts=3),
        obs(url(6), "broken", http_status=500, elapsed_s=2),  # a whole number: a REAL in the row
    ]  # fmt: skip
    html = fingerprint_html("<title>Bericht</title><p>Straße 中文</p>".encode(), "ef" * 32)
    varied.append(Observation(varied[2].fetch, html, utcnow()))
    for i, path in enumerate(sorted((SHARED / "real").glob("*.pdf"))[:8]):
        try:
            fp = fingerprint_pdf(str(path), "12" * 32, path.stat().st_size, 3000)
        except Unparseable:
            continue
        varied.append(obs(url(f"real{i}"), pages=fp.pages, **many))
        varied.append(Observation(varied[-1].fetch, fp, utcnow()))
    db = tmp_path / "h.sqlite"
    with HistoryStore.open(db) as store:
        run = store.start_run()
        for o in varied:
            store.record_observation(run, o)
        written = store.observations(run)
        assert all(o is store._recorded[o.id] for o in written)  # none decoded from its row
        with HistoryStore.open(db, readonly=True) as fresh:
            assert written == fresh.observations(run)
            as_json = [json.dumps(o.fetch.to_dict()) for o in written]  # 2 and 2.0 are ==
            assert as_json == [json.dumps(o.fetch.to_dict()) for o in fresh.observations(run)]
            ids = [o.id for o in written]
            assert store.observations_by_id(ids) == fresh.observations_by_id(ids)


def test_similarity_hashes_are_kept_once_and_never_from_a_read_only_store(tmp_path):
    import hashlib

    db = tmp_path / "h.sqlite"
    a, b = (hashlib.sha256(t).hexdigest() for t in (b"page a", b"page b"))
    with HistoryStore.open(db) as store:
        store.remember_simhashes({a: "00000000000000ff"})
        store.remember_simhashes({a: "ffffffffffffffff", b: "0f0f0f0f0f0f0f0f"})  # a: first stays
        assert store.simhashes_by_digest([a, b, "00" * 32]) == {
            a: "00000000000000ff", b: "0f0f0f0f0f0f0f0f"}  # fmt: skip
    c = hashlib.sha256(b"page c").hexdigest()
    with HistoryStore.open(db, readonly=True) as store:
        store.remember_simhashes({c: "1111111111111111"})
        assert store.simhashes_by_digest([c]) == {}
    conn = sqlite3.connect(db)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM simhash")
    conn.close()


def test_an_unchanged_document_is_recorded_by_reference_to_its_stored_fingerprint(
    tmp_path, monkeypatch
):
    """A run that reuses a stored fingerprint (same bytes, same extractor) records a row that
    refers to the stored value: no fingerprint or page text is serialised or written again,
    and the row reads back as the first one's fingerprint, here and in a fresh store."""
    db = tmp_path / "h.sqlite"
    first = obs("https://x.org/a.pdf", texts=("cover", "页 two", ""), sha256="ab" * 32, etag='"1"')
    with HistoryStore.open(db) as store:
        run = store.start_run()
        store.record_observation(run, first)
        store.flush()
        values = sqlite3.connect(db).execute("SELECT count(*) FROM value").fetchone()[0]
    with HistoryStore.open(db) as store:
        last = store.last_content("https://x.org/a.pdf")
        again = Observation(first.fetch, last.fingerprint.with_texts(store.texts_of(last)),
                            utcnow())  # fmt: skip
        run = store.start_run()

        def never(*_):
            raise AssertionError("serialised again")

        with monkeypatch.context() as m:  # neither the fingerprint nor its pages written again
            m.setattr(Fingerprint, "to_dict", never)
            m.setattr("verifier.store.history.page_texts", never)
            store.record_observation(run, again, fingerprint_of=last)
            store.flush()
        (written,) = store.observations(run)
        assert written.fingerprint is last.fingerprint
        with HistoryStore.open(db, readonly=True) as fresh:
            assert fresh.observations(run) == [written]
            assert fresh.texts_of(written) == {1: "cover", 2: "页 two", 3: ""}
    conn = sqlite3.connect(db)
    ids = conn.execute("SELECT DISTINCT fingerprint_id FROM observation").fetchall()
    assert len(ids) == 1  # the same value
    assert conn.execute("SELECT count(*) FROM value").fetchone()[0] == values  # nothing new


def test_a_decoding_failure_in_the_writer_loses_no_write(tmp_path, monkeypatch):
    """Decoding what it records is the writer's shortcut, not the record: if it fails, the
    rows are committed all the same and the observation is read back from its row."""
    with HistoryStore.open(tmp_path / "h.sqlite") as store:
        run = store.start_run()

        def broken(*_a, **_k):
            raise ValueError("decoder bug")

        with monkeypatch.context() as m:
            m.setattr("verifier.store.history.observation_from_row", broken)
            store.record_observation(
                run, obs("https://x.org/a.pdf", texts=("one",), sha256="ab" * 32)
            )
            store.record_observation(run, obs("https://x.org/b.pdf", "broken", http_status=404))
            store.flush()  # no error kept for the next write
        assert store._recorded == {}
        a, b = store.observations(run)  # decoded from their rows
        assert (a.url, a.fingerprint.pages[0].text_sha256, b.fetch.verdict) == (
            "https://x.org/a.pdf",
            obs("u", texts=("one",)).fingerprint.pages[0].text_sha256,
            "broken",
        )
        store.record_observation(run, obs("https://x.org/c.pdf", "broken", http_status=410))
        assert len(store.observations(run)) == 3


def test_reuse_of_a_fingerprint_stored_inline_by_schema_3_writes_it_as_a_value(tmp_path):
    """A history from before schema 4 holds fingerprints inline (no value to refer to): a run
    reusing one writes it as a value, and reads back what a fresh store reads."""
    from verifier.store.schema import MIGRATIONS, _split

    db = tmp_path / "v3.sqlite"
    conn = sqlite3.connect(db)
    for migration in MIGRATIONS[:3]:
        for statement in _split(migration):
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 3")
    conn.execute("INSERT INTO run(started_at, tool_version) VALUES ('2026-01-01T00:00:00Z', '0')")
    first = obs("https://x.org/a.pdf", texts=("cover", "two"), sha256="ab" * 32, bytes=10,
                http_status=200, detected_type="pdf")  # fmt: skip
    legacy = first.fingerprint.to_dict()
    for p in legacy["pages"]:  # as early versions wrote them
        del p["chars"], p["body_sha256"], p["image_only"]
    conn.execute(
        "INSERT INTO observation(run_id, url, observed_at, verdict, reason, http_status, "
        "attempts, sha256, bytes, elapsed_s, detected_type, http_version, fingerprint) "
        "VALUES (1, ?, '2026-01-01T00:00:30Z', 'ok', '', 200, 1, ?, 10, 0.5, 'pdf', '1.1', ?)",
        (first.url, "ab" * 32, json.dumps(legacy)),
    )
    for p in first.fingerprint.pages:
        conn.execute("INSERT INTO page_text VALUES (?, ?)", (p.text_sha256, p.text))
        conn.execute("INSERT INTO page VALUES (1, ?, ?, ?, ?)",
                     (p.index, p.label, p.text_sha256, p.simhash))  # fmt: skip
    conn.commit()
    conn.close()
    with HistoryStore.open(db) as store:
        last = store.last_content(first.url)
        again = Observation(first.fetch, last.fingerprint.with_texts(store.texts_of(last)),
                            utcnow())  # fmt: skip
        run = store.start_run()
        store.record_observation(run, again, fingerprint_of=last)
        written = store.observations(run)
        with HistoryStore.open(db, readonly=True) as fresh:
            assert fresh.observations(run) == written
            assert fresh.texts_of(written[0]) == {1: "cover", 2: "two"}
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT fingerprint_id FROM observation WHERE run_id = ?",
                        (run,)).fetchone()[0] is not None  # fmt: skip
