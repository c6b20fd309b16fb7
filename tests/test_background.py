"""Finishing work started beside the end of a run, and waited for before a command returns."""

import threading

from verifier import background


def test_work_started_later_is_done_once_waited_for():
    release, done = threading.Event(), []

    def finish(name: str) -> None:
        release.wait(5)
        done.append(name)

    before = background.pending()
    background.later(finish, "workers", name="test-finish")
    background.later(finish, "spool", name="test-finish")
    assert background.pending() == before + 2 and not done  # running: not waited for yet
    release.set()
    background.wait()
    assert sorted(done) == ["spool", "workers"] and background.pending() == 0
    assert not [t for t in threading.enumerate() if t.name == "test-finish"]
