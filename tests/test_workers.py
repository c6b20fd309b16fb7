"""Stopping a pool of spawned workers leaves nothing on the user's terminal."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Workers recycled after every job: a replacement is starting whenever the pool is stopped.
SCRIPT = """
import time
from tests.support.workers import echo
from verifier import background, workers

if __name__ == "__main__":
    for i in range(12):
        pool = workers.spawn_pool(2, 2048, 1)
        for f in [pool.schedule(echo, args=(n,)) for n in range(3)]:
            assert f.result() is not None
        time.sleep(0.02 + 0.01 * (i % 6))
        workers.stop(pool, wait=i % 2 == 0)
    background.wait()
    print("stopped")
"""


def test_a_stop_while_a_replacement_worker_starts_prints_no_traceback(tmp_path):
    """pebble unlinks the pool's semaphores before stopping its workers; a worker still
    starting then failed to rebuild them and printed a traceback (2-5 of 8 stops before)."""
    script = tmp_path / "stop_pools.py"
    script.write_text(SCRIPT)
    out = subprocess.run([sys.executable, str(script)], cwd=ROOT, capture_output=True,
                         text=True, timeout=120, env={"PYTHONPATH": str(ROOT)})  # fmt: skip
    assert out.returncode == 0 and out.stdout == "stopped\n", out.stderr
    assert "Traceback" not in out.stderr and "FileNotFoundError" not in out.stderr, out.stderr
