"""The year bench's own judgement: what counts as "each scheduled event exactly once"."""

import pytest

from tests.support.bench import load_bench


@pytest.fixture(scope="module")
def yb():
    return load_bench("year_bench")


def year(yb, days, timeline):
    docs = yb.make_docs(20)
    events = yb.schedule(docs, days)
    return yb.Year(days, [], [], [], timeline, events, 0.0, []), events


def test_events_fall_on_distinct_days_even_in_a_short_year(yb):
    for days in (6, 30, 365):
        _, events = year(yb, days, [])
        assert len({e.day for e in events}) == 4 and all(2 <= e.day <= days for e in events)


def test_the_timeline_must_show_each_event_once_and_nothing_else(yb):
    y, events = year(yb, 30, [])
    right = [(e.day, e.doc, e.expect[0], tuple(int(p) for p in e.expect[1:]), "ok")
             for e in events]  # fmt: skip
    y.timeline = right
    assert y.unexpected() == []
    y.timeline = [*right, (events[1].day + 1, events[1].doc, "broke", (), "broken")]  # twice
    assert len(y.unexpected()) == 1
    y.timeline = [right[0], (events[0].day, 0, "changed", (1,), "ok")]  # unscheduled drift
    wrong = y.unexpected()
    assert any("unscheduled" in w for w in wrong) and len(wrong) == 4  # and three missing
    ins = right[0]
    y.timeline = [(ins[0], ins[1], "changed", (3, 4), "ok"), *right[1:]]  # insert = two pages?
    assert len(y.unexpected()) == 1
