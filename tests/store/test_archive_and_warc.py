"""The evidence archive and the WARC export, read back with warcio and checked by `warcio check`."""

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.support.observations import observation
from verifier.store import HistoryStore
from verifier.store.archive import ArchiveError, EvidenceArchive
from verifier.store.history import utcnow
from verifier.store.warc import export_run

PDF = b"%PDF-1.4\n% test payload\n" + b"x" * 5000 + b"\n%%EOF\n"


def test_archive_keeps_each_version_once(tmp_path):
    archive = EvidenceArchive(tmp_path / "a")
    sha = archive.put_bytes(PDF)
    assert sha == hashlib.sha256(PDF).hexdigest()
    path = archive.path_for(sha)
    assert path.read_bytes() == PDF and path.parent.name == sha[:2]
    mtime = path.stat().st_mtime_ns
    src = tmp_path / "again.pdf"
    src.write_bytes(PDF)
    assert archive.put_file(src, sha) == path and path.stat().st_mtime_ns == mtime
    assert not list(path.parent.glob(".incoming-*"))


def test_a_spooled_body_moves_into_the_archive(tmp_path, monkeypatch):
    archive = EvidenceArchive(tmp_path / "a")
    sha = hashlib.sha256(PDF).hexdigest()
    src = tmp_path / "body-1"
    src.write_bytes(PDF)
    inode = src.stat().st_ino
    path = archive.move_file(src, sha)
    assert path == archive.path_for(sha) and path.read_bytes() == PDF
    assert path.stat().st_ino == inode and not src.exists()  # renamed, not copied
    again = tmp_path / "body-2"  # the same bytes again: kept once, the spare copy goes
    again.write_bytes(PDF)
    assert archive.move_file(again, sha) == path and not again.exists()
    assert path.stat().st_ino == inode
    wrong = tmp_path / "body-3"
    wrong.write_bytes(b"not the bytes the crawler hashed")
    other = hashlib.sha256(b"something else").hexdigest()
    with pytest.raises(ArchiveError, match="hashes to"):
        archive.move_file(wrong, other)
    assert wrong.exists() and not archive.has(other)

    import errno
    import os

    far = tmp_path / "body-4"  # on another file system: renaming it into the archive fails
    replace = os.replace

    def cross_device(a, b):
        if Path(a) == far:
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        return replace(a, b)

    monkeypatch.setattr(os, "replace", cross_device)
    data = PDF + b"% v2\n"
    far.write_bytes(data)
    moved = archive.move_file(far, hashlib.sha256(data).hexdigest())  # copied instead
    assert moved.read_bytes() == data and not far.exists()
    assert not list(moved.parent.glob(".incoming-*"))
    # A spool known to be elsewhere (a tmpfs /tmp) is copied without trying the rename.
    monkeypatch.setattr(archive, "_device", lambda: -1)
    data3 = PDF + b"% v3\n"
    other = tmp_path / "body-5"
    other.write_bytes(data3)
    kept = archive.move_file(other, hashlib.sha256(data3).hexdigest())
    assert kept.read_bytes() == data3 and not other.exists()
    assert kept.stat().st_ino != inode


def test_archive_refuses_bad_names_and_wrong_content(tmp_path):
    archive = EvidenceArchive(tmp_path / "a")
    for bad in ("../../etc/passwd", "a" * 63, "A" * 64, "/" + "a" * 63):
        with pytest.raises(ArchiveError):
            archive.path_for(bad)
    src = tmp_path / "f"
    src.write_bytes(b"something else")
    with pytest.raises(ArchiveError, match="hashes to"):
        archive.put_file(src, hashlib.sha256(PDF).hexdigest())
    assert not archive.has(hashlib.sha256(PDF).hexdigest())
    assert not list((tmp_path / "a").rglob(".incoming-*"))


def _run_with_three_captures(tmp_path):
    archive = EvidenceArchive(tmp_path / "archive")
    sha = archive.put_bytes(PDF)
    store = HistoryStore.open(tmp_path / "h.sqlite")
    run = store.start_run(["check"])
    common = {"observed_at": utcnow(), "http_status": 200, "sha256": sha,
              "bytes": len(PDF), "request_headers": [("User-Agent", "verifier/test")],
              "response_headers": [("Content-Type", "application/pdf"),
                                   ("Content-Encoding", "gzip"), ("ETag", '"v1"')]}  # fmt: skip
    store.record_observation(run, observation(
        "https://a.example/r.pdf", final_url="https://a.example/r.pdf", **common))  # fmt: skip
    store.record_observation(run, observation(
        "https://www.a.example/r.pdf", final_url="https://www.a.example/r.pdf", **common))  # fmt: skip
    store.record_observation(run, observation(
        "https://a.example/gone.pdf", "broken", reason="HTTP 404 after 1 attempt",
        http_status=404))  # fmt: skip
    store.finish_run(run, "complete")
    return store, archive, run


def test_warc_export_reads_back(tmp_path):
    store, archive, run = _run_with_three_captures(tmp_path)
    out = tmp_path / "run.warc.gz"
    with store, out.open("wb") as fh:
        summary = export_run(store, archive, run, fh)
    assert (summary.responses, summary.revisits, summary.metadata) == (1, 1, 3)
    with out.open("rb") as fh:
        records = [
            (r.rec_type, r.rec_headers.get_header("WARC-Target-URI"), r)
            for r in ArchiveIterator(fh)
        ]
        types = [t for t, _, _ in records]
    assert types == [
        "warcinfo",
        "response",
        "request",
        "metadata",
        "revisit",
        "metadata",
        "metadata",
    ]
    with out.open("rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_type == "response":
                assert record.content_stream().read() == PDF
                assert record.http_headers.get_header("Content-Encoding") is None
                assert record.http_headers.get_header("Content-Length") == str(len(PDF))
                assert record.http_headers.get_header("ETag") == '"v1"'
            if record.rec_type == "revisit":
                assert (
                    record.rec_headers.get_header("WARC-Refers-To-Target-URI")
                    == "https://a.example/r.pdf"
                )
            if record.rec_type == "metadata":
                meta = json.loads(record.content_stream().read())
                assert meta["verdict"] in {"ok", "broken"}
                if meta["verdict"] == "ok":
                    assert meta["sha256"] == hashlib.sha256(PDF).hexdigest()
                else:
                    assert meta["reason"] == "HTTP 404 after 1 attempt"


def test_warcio_check_passes(tmp_path):
    store, archive, run = _run_with_three_captures(tmp_path)
    out = tmp_path / "run.warc.gz"
    with store, out.open("wb") as fh:
        export_run(store, archive, run, fh)
    warcio = Path(sys.executable).with_name("warcio")
    proc = subprocess.run([str(warcio), "check", "-v", str(out)], capture_output=True, text=True,
                          check=False)  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "digest pass" in proc.stdout


def test_a_304_carries_the_original_capture_and_a_revisit(tmp_path):
    """A later run's export holds the body its 304 confirmed: the package is whole on its own."""
    store, archive, _ = _run_with_three_captures(tmp_path)
    sha = hashlib.sha256(PDF).hexdigest()
    with store:
        run2 = store.start_run(["check"])
        store.record_observation(run2, observation(
            "https://a.example/r.pdf", final_url="https://a.example/r.pdf",
            http_status=304, sha256=sha, bytes=len(PDF), not_modified=True))  # fmt: skip
        store.finish_run(run2, "complete")
        out = tmp_path / "run2.warc.gz"
        with out.open("wb") as fh:
            summary = export_run(store, archive, run2, fh)
    assert (summary.responses, summary.revisits) == (1, 1)
    with out.open("rb") as fh:
        records = list(ArchiveIterator(fh))
        (resp,) = [r for r in records if r.rec_type == "response"]
        resp_id = resp.rec_headers.get_header("WARC-Record-ID")
    with out.open("rb") as fh:
        for r in ArchiveIterator(fh):
            if r.rec_type == "response":
                assert hashlib.sha256(r.content_stream().read()).hexdigest() == sha
    with out.open("rb") as fh:
        (revisit,) = [r for r in ArchiveIterator(fh) if r.rec_type == "revisit"]
        assert revisit.rec_headers.get_header("WARC-Refers-To") == resp_id
        assert revisit.rec_headers.get_header("WARC-Profile").endswith("/server-not-modified")
        assert (
            revisit.rec_headers.get_header("WARC-Refers-To-Target-URI") == "https://a.example/r.pdf"
        )
        assert revisit.rec_headers.get_header("WARC-Payload-Digest").startswith("sha1:")
    warcio = Path(sys.executable).with_name("warcio")
    proc = subprocess.run(
        [str(warcio), "check", str(out)], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_missing_bodies_are_refused_not_exported_with_holes(tmp_path, capsys):
    from verifier.cli import main

    store, _, _ = _run_with_three_captures(tmp_path)
    store.close()
    empty = tmp_path / "wrong-archive"
    empty.mkdir()
    out = tmp_path / "run.warc.gz"
    code = main(["export-warc", "--db", str(tmp_path / "h.sqlite"), "--archive", str(empty),
                 "-o", str(out)])  # fmt: skip
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("verifier: error: the archive") and "lacks 1 document version" in err
    assert not out.exists() and not list(tmp_path.glob(".run.warc.gz*"))
