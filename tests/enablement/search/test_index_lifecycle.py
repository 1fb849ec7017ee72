"""Index lifecycle: upsert/delete, rebuild with resume after a crash, corruption, threads."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from enablement.search import SearchRequest
from enablement.search.index import REBUILD_MARKER, SENTINEL

from .conftest import DOCS, fresh_index, make_doc

REPO = Path(__file__).resolve().parents[3]


def test_upsert_replaces_and_delete_removes(tmp_path: Path) -> None:
    ix = fresh_index(tmp_path)
    ix.rebuild(iter(DOCS), len(DOCS))
    assert not ix.needs_rebuild
    ix.upsert([make_doc(2, "Wholesale pricing sheet", ("x",))])
    assert [h.asset_id for h in ix.search(SearchRequest("wholesale")).hits] == [2]
    assert ix.search(SearchRequest("retail")).total == 0
    ix.delete([2])
    assert 2 not in ix.indexed_ids() and ix.search(SearchRequest("wholesale")).total == 0
    ix.close()


def test_new_index_needs_rebuild_and_answers_with_message(tmp_path: Path) -> None:
    ix = fresh_index(tmp_path)
    assert ix.needs_rebuild
    res = ix.search(SearchRequest("anything"))
    assert res.total == 0 and res.message and "rebuilding" in res.message
    ix.close()


def _docs(n: int) -> list:  # type: ignore[type-arg]
    return [make_doc(i, f"asset number {i}", (f"page text {i} widget",)) for i in range(1, n + 1)]


def test_rebuild_resumes_after_kill_9(tmp_path: Path) -> None:
    script = f"""
import os, signal, sys
sys.path.insert(0, {str(REPO)!r})
from tests.enablement.search.conftest import fresh_index, make_doc
import enablement.search.index as index_module
index_module.BATCH_SIZE = 50
from pathlib import Path
ix = fresh_index(Path({str(tmp_path)!r}))
def docs():
    for i in range(1, 301):
        if i == 180:
            os.kill(os.getpid(), signal.SIGKILL)
        yield make_doc(i, f"asset number {{i}}", (f"page text {{i}} widget",))
ix.rebuild(docs(), 300)
"""
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert proc.returncode == -9, proc.stderr.decode()
    ix = fresh_index(tmp_path)
    assert ix.needs_rebuild  # the marker survived the crash
    partial = ix.indexed_ids()
    assert partial == set(range(1, 151))  # three committed batches of 50
    res = ix.search(SearchRequest("widget", include_unpublished=True))
    assert res.total == 150 and res.message and "rebuilding" in res.message
    seen: list[int] = []
    ix.rebuild(iter(_docs(290)), 290, progress=lambda done, total: seen.append(done))
    assert not ix.needs_rebuild and ix.indexed_ids() == set(range(1, 291))
    assert seen[-1] == 290
    assert ix.search(SearchRequest("widget")).message is None
    ix.close()


def test_cancelled_rebuild_keeps_partial_index_and_marker(tmp_path: Path) -> None:
    ix = fresh_index(tmp_path)
    calls = iter(range(10_000))
    ix.rebuild(iter(_docs(100)), 100, cancelled=lambda: next(calls) >= 40)
    assert ix.needs_rebuild and ix.indexed_ids() == set(range(1, 41))
    ix.rebuild(iter(_docs(100)), 100)
    assert not ix.needs_rebuild and len(ix.indexed_ids()) == 100
    ix.close()


def test_garbled_index_is_detected(tmp_path: Path) -> None:
    ix = fresh_index(tmp_path)
    ix.rebuild(iter(DOCS), len(DOCS))
    ix.close()
    files = [p for p in (tmp_path / "whoosh").iterdir() if p.name not in (SENTINEL,)]
    for path in files:
        data = bytearray(path.read_bytes())
        for i in range(0, len(data), 7):
            data[i] = (data[i] * 31 + 17) % 256
        path.write_bytes(bytes(data))
    ix = fresh_index(tmp_path)
    assert ix.needs_rebuild
    assert ix.search(SearchRequest("healthcare")).total == 0
    ix.rebuild(iter(DOCS), len(DOCS))
    assert not ix.needs_rebuild and ix.search(SearchRequest("healthcare")).total > 0
    ix.close()


def test_outdated_schema_version_is_detected(tmp_path: Path) -> None:
    ix = fresh_index(tmp_path)
    ix.rebuild(iter(DOCS), len(DOCS))
    ix.close()
    (tmp_path / "whoosh" / SENTINEL).write_text('{"schema_version": 0}')
    reopened = fresh_index(tmp_path)
    assert reopened.needs_rebuild and (tmp_path / "whoosh" / REBUILD_MARKER).exists()
    assert reopened.indexed_ids() == set()  # replaced by an empty index of the current schema


def test_search_while_another_thread_writes(tmp_path: Path) -> None:
    ix = fresh_index(tmp_path)
    ix.rebuild(iter(_docs(50)), 50)
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            for i in range(51, 71):
                ix.upsert([make_doc(i, f"asset number {i}", ("widget",))])
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=writer)
    thread.start()
    totals = []
    while thread.is_alive():
        res = ix.search(SearchRequest("widget"))
        assert res.message is None, res.message
        totals.append(res.total)
    thread.join()
    assert not errors and totals == sorted(totals)
    assert ix.search(SearchRequest("widget")).total == 70
    ix.close()
