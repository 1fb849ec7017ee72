"""kill -9 of a worker-built index rebuild: the next one resumes from its committed batches.

A child process opens the library and rebuilds the index of a catalogue big
enough for the worker-process path (PARALLEL_MIN_DOCS is left as it is; only the
batch size is lowered, so the kill lands between batches and the test stays
short).  As soon as the first batch is committed the child is SIGKILLed.  Its
rebuild workers must go away by themselves, the reopened index must still hold
the committed batches, and the resumed rebuild must index only the rest and end
up with exactly the catalogue — including a change made to an asset whose batch
was committed before the crash.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert, select, update

import enablement.search.index as index_module
from enablement.db import make_engine, session_factory
from enablement.library import Library
from enablement.models import Asset, AssetVersion, IndexOutbox, PageText, User
from enablement.search import SearchRequest
from tests.enablement.conftest import OWNER, settings_for

from .helpers import REPO, marker

ASSETS = 6000
CHILD_BATCH = 300  # rebuild batch = max(300, min(1200, 6000 // 8)) = 750 documents
BATCH_DOCS = 750
COMMON = "onboarding"  # in every asset's text: a search for it counts every document once
WORDS = [
    "pricing",
    "renewal",
    "discount",
    "contract",
    "customer",
    "healthcare",
    "retail",
    "forecast",
    "pipeline",
    "quarter",
    "margin",
    "security",
    "compliance",
    "rollout",
    "training",
    "adoption",
    "migration",
    "budget",
]

CHILD = """
import sys
from pathlib import Path

import enablement.search.index as index_module
from enablement.library import open_library
from tests.enablement.conftest import OWNER, settings_for

index_module.BATCH_SIZE = int(sys.argv[2])
library = open_library(settings_for(Path(sys.argv[1]), OWNER))
library.indexer.rebuild()
print("rebuild finished", flush=True)
"""


def seed(home: Path) -> set[int]:
    """Write ASSETS assets with a version and two pages each, as the importer would."""
    engine = make_engine(settings_for(home).database_url)
    try:
        with session_factory(engine, writer=True).begin() as session:
            owner = session.scalar(select(User.id).where(User.name == OWNER))
            now = datetime(2026, 1, 5, tzinfo=UTC)
            session.execute(
                insert(Asset),
                [
                    {
                        "title": f"Playbook {marker(i)}",
                        "description": f"{WORDS[i % len(WORDS)]} notes for sellers",
                        "owner_id": owner,
                        "status": "published",
                        "created": now,
                        "updated": now,
                    }
                    for i in range(ASSETS)
                ],
            )
            ids = list(session.scalars(select(Asset.id).order_by(Asset.id)))
            session.execute(
                insert(AssetVersion),
                [
                    {
                        "asset_id": asset_id,
                        "number": 1,
                        "blob_digest": f"{asset_id:064x}",
                        "filename": f"playbook-{asset_id}.pdf",
                        "media_type": "application/pdf",
                        "kind": "pdf",
                        "size": 1000,
                        "page_count": 2,
                        "created_by_id": owner,
                    }
                    for asset_id in ids
                ],
            )
            versions = session.execute(select(AssetVersion.id, AssetVersion.asset_id)).all()
            session.execute(
                insert(PageText),
                [
                    {"version_id": version_id, "page_number": page, "text": page_text(n, page)}
                    for version_id, n in versions
                    for page in (1, 2)
                ],
            )
            session.execute(insert(IndexOutbox), [{"asset_id": asset_id} for asset_id in ids])
    finally:
        engine.dispose()
    return set(ids)


def page_text(n: int, page: int) -> str:
    words = [WORDS[(n * 7 + page * 3 + k) % len(WORDS)] for k in range(60)]
    return f"{COMMON} {marker(n + 100_000)} page {page}: " + " ".join(words)


def edit_title(home: Path, asset_id: int, title: str) -> None:
    """Change an asset and record it in the index outbox, in one transaction."""
    engine = make_engine(settings_for(home).database_url)
    try:
        with session_factory(engine, writer=True).begin() as session:
            session.execute(
                update(Asset)
                .where(Asset.id == asset_id)
                .values(title=title, row_version=Asset.row_version + 1)
            )
            session.add(IndexOutbox(asset_id=asset_id))
    finally:
        engine.dispose()


def committed_generation(index_dir: Path) -> int:
    """Generation of the newest table of contents: one more per committed batch."""
    generations = [
        int(path.stem.rsplit("_", 1)[1])
        for path in index_dir.glob(f"_{index_module.INDEX_NAME}_*.toc")
    ]
    return max(generations, default=-1)


def live_processes(group: int) -> list[int]:
    """Processes of a process group that have not exited (zombies excluded)."""
    alive = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        state, pgrp = fields[0], int(fields[2])
        if pgrp == group and state not in ("Z", "X"):
            alive.append(int(entry.name))
    return alive


def kill_after_first_batch(home: Path) -> None:
    index_dir = settings_for(home).index_dir / "whoosh"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(home), str(CHILD_BATCH)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its workers share its process group: found and reaped below
    )
    try:
        deadline = time.monotonic() + 40
        while committed_generation(index_dir) < 1:
            assert child.poll() is None, child.communicate()
            assert time.monotonic() < deadline, "no batch committed in time"
            time.sleep(0.01)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        # Workers notice their parent is gone and exit instead of waiting for work.
        deadline = time.monotonic() + 10
        while live_processes(child.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert live_processes(child.pid) == [], "rebuild workers outlived the killed process"
        out, _ = child.communicate(timeout=10)  # the workers held its pipes too
        assert b"rebuild finished" not in out, "the kill landed after the rebuild"
    finally:
        for pid in live_processes(child.pid):
            os.kill(pid, signal.SIGKILL)
        if child.poll() is None:
            child.kill()
            child.wait()


def test_killed_rebuild_resumes_from_committed_batches(
    library_home: Path, open_as: Callable[[str], Library]
) -> None:
    catalogue = seed(library_home)
    kill_after_first_batch(library_home)

    library = open_as(OWNER)
    assert library.index.needs_rebuild  # the interrupted rebuild is not mistaken for done
    kept = library.index.indexed_ids()
    assert kept and kept < catalogue
    assert len(kept) % BATCH_DOCS == 0  # whole batches, never part of one

    # A committed asset changes before the rebuild resumes: its copy in the index is old.
    edited = min(kept)
    edit_title(library_home, edited, "Playbook zqrenamedq")

    stats = library.indexer.rebuild()
    assert stats.finished
    assert stats.kept == len(kept)  # resumed, not started again from zero
    assert stats.written == len(catalogue) - len(kept)

    index = library.index
    assert not index.needs_rebuild
    assert index.indexed_ids() == catalogue
    everything = SearchRequest(COMMON, include_unpublished=True, limit=1)
    assert index.search(everything).total == len(catalogue)  # each asset exactly once
    renamed = index.search(SearchRequest("zqrenamedq", include_unpublished=True))
    assert [hit.asset_id for hit in renamed.hits] == [edited]
    late = max(catalogue - kept)
    found = index.search(SearchRequest(marker(late + 100_000)))
    assert [hit.asset_id for hit in found.hits] == [late]
    assert not (settings_for(library_home).index_dir / index_module.PARTS_DIR).exists()
