"""The cycle collector paused for a run's last steps, and given back as it was."""

import gc
import weakref

import pytest

from verifier.gc_pause import collector_paused


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_comes_back_as_it_was_even_after_an_error(enabled):
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        with pytest.raises(RuntimeError), collector_paused():
            assert not gc.isenabled() and gc.get_freeze_count() > 0
            raise RuntimeError("a report could not be written")
        assert gc.isenabled() is enabled and gc.get_freeze_count() == 0
    finally:
        (gc.enable if was else gc.disable)()


def test_objects_frozen_by_the_pause_are_collectable_afterwards():
    """A cycle made before the pause (frozen by it) and dropped during it is freed after:
    a program embedding verifier does not keep every run's garbage."""

    class Node:
        pass

    a, b = Node(), Node()
    a.other, b.other = b, a
    gone = weakref.ref(a)
    with collector_paused():
        del a, b
        gc.collect()
        assert gone() is not None  # frozen: the pause's collections do not see it
    gc.collect()
    assert gone() is None


def test_objects_the_program_froze_itself_stay_frozen():
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with collector_paused():
            assert not gc.isenabled()
        assert gc.get_freeze_count() >= frozen  # not unfrozen by the pause
    finally:
        gc.unfreeze()
