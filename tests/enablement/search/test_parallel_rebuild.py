"""Rebuild in worker processes: same index as in-process, and a dead or stuck worker
falls back to this process instead of hanging."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import enablement.search.build as build_module
import enablement.search.index as index_module
from enablement.search import SearchRequest

from .conftest import fresh_index, make_doc


def _docs(n: int) -> list:  # type: ignore[type-arg]
    return [make_doc(i, f"asset number {i}", (f"page text {i} widget",)) for i in range(1, n + 1)]


def die(*_args: object) -> str:
    os._exit(3)  # a worker killed mid-batch (OOM killer, segfault)


@pytest.fixture
def parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_module, "BATCH_SIZE", 40)
    monkeypatch.setattr(index_module, "PARALLEL_MIN_DOCS", 0)


@pytest.mark.usefixtures("parallel")
def test_workers_build_the_same_index(tmp_path: Path) -> None:
    ix = fresh_index(tmp_path)
    ix.procs = 2
    ix.rebuild(iter(_docs(200)), 200)
    assert not ix.needs_rebuild and ix.indexed_ids() == set(range(1, 201))
    assert ix.search(SearchRequest("widget")).total == 200
    assert [h.asset_id for h in ix.search(SearchRequest('"page text 77"')).hits] == [77]
    assert not (tmp_path / index_module.PARTS_DIR).exists()
    ix.close()


@pytest.mark.usefixtures("parallel")
def test_dead_worker_falls_back_to_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(build_module, "build_part", die)
    ix = fresh_index(tmp_path)
    ix.procs = 2
    ix.rebuild(iter(_docs(200)), 200)
    assert not ix.needs_rebuild and ix.indexed_ids() == set(range(1, 201))
    ix.close()


@pytest.mark.usefixtures("parallel")
def test_stuck_worker_times_out_and_falls_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(build_module, "PART_TIMEOUT_BASE", 0.0)
    monkeypatch.setattr(build_module, "PART_TIMEOUT_PER_DOC", 0.0)
    ix = fresh_index(tmp_path)
    ix.procs = 2
    ix.rebuild(iter(_docs(200)), 200)
    assert not ix.needs_rebuild and ix.indexed_ids() == set(range(1, 201))
    ix.close()
