"""A small load run (bench/load_bench.py does 10,000 citations): concurrency gives the same
verdicts as fetching one document at a time."""

import multiprocessing
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import load_bench


def test_concurrent_and_one_at_a_time_agree():
    port = 21000 + (hash(tempfile.gettempdir()) % 500)
    ready = multiprocessing.get_context("spawn").Event()
    server = multiprocessing.get_context("spawn").Process(
        target=load_bench.serve, args=(port, ready), daemon=True
    )
    server.start()
    try:
        assert ready.wait(60)
        with tempfile.TemporaryDirectory() as d:
            tmp = Path(d)
            (tmp / "none").mkdir()
            (tmp / "report.txt").write_text(load_bench.report_text(120, 400))
            fast = (
                "[crawl]\nper_host_concurrency = 16\nmax_concurrency = 16\nper_host_delay_s = 0\n"
            )
            _, _, concurrent, n = load_bench.check(tmp, port, fast, "concurrent")
            slow = "[crawl]\nper_host_concurrency = 1\nmax_concurrency = 1\nper_host_delay_s = 0\n[fingerprint]\nworkers = 1\n"
            _, _, sequential, _ = load_bench.check(tmp, port, slow, "sequential")
        assert n == 400 and len(concurrent) == 120
        assert concurrent == sequential
        assert {"ok", "broken", "soft_404", "denied"} <= set(concurrent.values())
    finally:
        server.terminate()
        server.join()
