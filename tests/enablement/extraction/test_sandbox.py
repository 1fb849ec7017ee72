"""The worker pool: reuse, time limit, crash recovery, parallel submits, shutdown."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from enablement.extraction import ExtractionError, ExtractionPool

from .conftest import MIB, make_docx, make_pdf


def test_workers_are_reused_across_files(tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "a.pdf", ["first"])
    docx = make_docx(tmp_path / "b.docx")
    with ExtractionPool(workers=1, time_limit=30) as pool:
        assert pool.extract(pdf).pages == ("first",)
        (pid,) = pool.worker_pids()
        assert pid != os.getpid()
        assert pool.extract(docx).kind == "docx"
        assert pool.worker_pids() == [pid]


def test_errors_travel_back_without_killing_the_worker(tmp_path: Path) -> None:
    fake = tmp_path / "invoice.pdf"
    fake.write_text("<html><body>404 Not Found</body></html>")
    with ExtractionPool(workers=1, time_limit=30) as pool:
        with pytest.raises(ExtractionError) as caught:
            pool.extract(fake)
        assert caught.value.message("invoice.pdf") == (
            "'invoice.pdf' is not a valid PDF file (it is an HTML page)"
        )
        pids = pool.worker_pids()
        assert pool.extract(make_pdf(tmp_path / "ok.pdf", ["fine"])).pages == ("fine",)
        assert pool.worker_pids() == pids


def test_parallel_submits_keep_their_own_results(tmp_path: Path) -> None:
    paths = [make_pdf(tmp_path / f"{i}.pdf", [f"page of file {i}"]) for i in range(6)]
    with ExtractionPool(workers=2, time_limit=30) as pool:
        futures = [pool.submit(p) for p in paths]
        assert [f.result().pages for f in futures] == [(f"page of file {i}",) for i in range(6)]
        assert len(pool.worker_pids()) == 2


def test_time_limit_kills_worker_and_pool_recovers(shared_corpus: Path, tmp_path: Path) -> None:
    slow = shared_corpus / "hostile" / "gen" / "pdf_text_flood_60MB_stream.pdf"
    with ExtractionPool(workers=1, time_limit=1, pdf_backend="pypdf") as pool:
        assert pool.extract(make_pdf(tmp_path / "warm.pdf", ["warm"])).pages == ("warm",)
        (old_pid,) = pool.worker_pids()
        with pytest.raises(ExtractionError) as caught:
            pool.extract(slow)
        assert caught.value.code == "limit"
        assert caught.value.reason == "extraction took longer than 1 s"
        assert pool.worker_pids() == []  # killed, not left running
        with pytest.raises(ProcessLookupError):
            os.kill(old_pid, 0)
        assert pool.extract(make_pdf(tmp_path / "next.pdf", ["next"])).pages == ("next",)
        assert pool.worker_pids() != [old_pid]


def test_memory_cap_becomes_limit_error(shared_corpus: Path, tmp_path: Path) -> None:
    bomb = shared_corpus / "hostile" / "gen" / "pdf_flate_bomb_nested_1GiB.pdf"
    with ExtractionPool(workers=1, time_limit=30, memory_limit=512 * MIB) as pool:
        with pytest.raises(ExtractionError) as caught:
            pool.extract(bomb)
        assert caught.value.code == "limit"
        assert pool.extract(make_pdf(tmp_path / "after.pdf", ["after"])).pages == ("after",)


def test_closed_pool_refuses_work(tmp_path: Path) -> None:
    pool = ExtractionPool(workers=1)
    pool.extract(make_pdf(tmp_path / "a.pdf", ["x"]))
    pool.close()
    assert pool.worker_pids() == []
    with pytest.raises(RuntimeError):
        pool.submit(tmp_path / "a.pdf")
