"""`enablement gc` in one process while another imports: nothing the import needs is lost.

The importing process imports files whose earlier attempts crashed after
storing the blob: before every clean-up this process plants an old orphan of
each file the importer has not finished yet, so the importer's puts keep
finding old, unused copies of their content while clean-ups run back to back.
Unrelated old orphans go; every import succeeds and reads back intact.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from content_store import LocalStore
from enablement.library import Library
from enablement.verification import delete_orphans

from .helpers import Zygote, assert_consistent, make_file, read_log, sha256

FILES, UNRELATED = 30, 6
GRACE = timedelta(minutes=10)
LONG_AGO = time.time() - 2 * 86400


def plant_old_orphan(store: LocalStore, path: Path, work: Path) -> bool:
    """Make an old copy of ``path``'s content appear in the store at once (if absent)."""
    digest = sha256(path)
    dest = store.blob_path(digest)  # type: ignore[arg-type]
    if dest.exists():
        return False
    staged = work / digest
    staged.write_bytes(path.read_bytes())
    os.utime(staged, (LONG_AGO, LONG_AGO))  # old before it is visible: no window
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(staged, dest)
    except FileExistsError:  # the importer stored it meanwhile
        return False
    finally:
        staged.unlink()
    return True


@pytest.mark.slow
def test_clean_up_while_another_process_imports(
    open_as: Callable[[str], Library], library_home: Path, tmp_path: Path
) -> None:
    library = open_as("olivia")
    store = library.store
    assert isinstance(store, LocalStore)
    files = [make_file(tmp_path, n) for n in range(FILES)]
    unrelated = set()
    for n in range(UNRELATED):
        digest = store.put_bytes(f"an abandoned upload {n}".encode()).digest
        os.utime(store.blob_path(digest), (LONG_AGO, LONG_AGO))
        unrelated.add(str(digest))
    staging = tmp_path / "staging"
    staging.mkdir()
    for path in files:
        plant_old_orphan(store, path, staging)

    log = tmp_path / "importer.jsonl"
    zygote = Zygote()
    sweeps = plants = 0
    deleted: set[str] = set()
    try:
        job = {"home": str(library_home), "user": "maria", "log": str(log)}
        pid = zygote.start({**job, "steps": [["import-each", [str(p) for p in files]]]})
        while True:
            records = read_log(log)
            if any(r["step"] in ("done", "crash") for r in records):
                break
            finished = {r["path"] for r in records if r["step"] == "import"}
            for path in files:
                if str(path) not in finished:
                    plants += plant_old_orphan(store, path, staging)
            deleted |= set(delete_orphans(library, GRACE).deleted)
            sweeps += 1
        assert zygote.wait(pid) == 0
    finally:
        with contextlib.suppress(Exception):
            zygote.close()

    records = read_log(log)
    imports = [r for r in records if r["step"] == "import"]
    assert [r["status"] for r in imports] == ["imported"] * FILES, imports
    assert not [r for r in records if r["step"] in ("error", "crash")]
    assert sweeps >= 5 and plants >= 5  # clean-ups and orphans really met the imports
    assert unrelated <= deleted
    # Every imported file reads back with its own hash; nothing is missing or left over.
    assert_consistent(library, {sha256(p) for p in files})
    assert library.verify() == []
