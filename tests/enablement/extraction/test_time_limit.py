"""The per-file limit counts processor time, so a busy machine does not fail good files.

On a loaded machine a worker may wait seconds for a core; a wall-time limit
would then fail files that need a fraction of a second of work. A worker is
frozen here (SIGSTOP) for longer than the limit while it extracts, which is
what heavy load looks like from the inside, and the file still succeeds; a
parser that really spins is still stopped at the limit.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from enablement.extraction import ExtractionError, ExtractionPool
from enablement.extraction.sandbox import CPU_LIMITED, wall_limit

from .conftest import make_pdf

pytestmark = pytest.mark.skipif(not CPU_LIMITED, reason="processor-time limits need RLIMIT_CPU")


def test_a_worker_starved_for_longer_than_the_limit_still_succeeds(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "small.pdf", ["a small page"])
    with ExtractionPool(workers=1, time_limit=1, pdf_backend="pypdf") as pool:
        assert pool.extract(pdf).pages == ("a small page",)  # the worker is up
        (pid,) = pool.worker_pids()
        os.kill(pid, signal.SIGSTOP)
        resume = threading.Timer(2.5, os.kill, (pid, signal.SIGCONT))
        resume.start()
        started = time.monotonic()
        try:
            pages = pool.extract(pdf).pages
        finally:
            resume.join()
        assert time.monotonic() - started >= 2.5  # longer than the limit, in wall time
        assert pages == ("a small page",)
        assert pool.worker_pids() == [pid]  # not killed


def test_a_spinning_parser_is_stopped_by_the_processor_limit(
    shared_corpus: Path, tmp_path: Path
) -> None:
    slow = shared_corpus / "hostile" / "gen" / "pdf_text_flood_60MB_stream.pdf"
    with ExtractionPool(workers=1, time_limit=1, pdf_backend="pypdf") as pool:
        started = time.monotonic()
        with pytest.raises(ExtractionError) as caught:
            pool.extract(slow)
        # Stopped by the kernel's limit, long before the parent's wall-time backstop.
        assert time.monotonic() - started < wall_limit(1) - 5
        assert caught.value.reason == "extraction took longer than 1 s"
        assert pool.worker_pids() == []
        assert pool.extract(make_pdf(tmp_path / "next.pdf", ["next"])).pages == ("next",)


def test_the_backstop_leaves_room_for_load() -> None:
    assert wall_limit(60) >= 3 * 60 and wall_limit(1) >= 30
