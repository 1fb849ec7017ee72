"""Backup and restore when files are damaged: never a silent, incomplete library."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from content_store import LocalStore
from enablement.backup import backup, restore
from enablement.errors import StorageProblem
from enablement.ingest import ImportOptions
from enablement.library import Library, open_library
from tests.enablement.conftest import settings_for

from .helpers import make_file

TAGS = (("situation", "Discovery"), ("segment", "Enterprise"))


def stocked(library: Library, folder: Path) -> list[int]:
    results = library.import_files([make_file(folder, n) for n in range(4)],
                                   ImportOptions(TAGS, True))
    return [r.asset_id for r in results if r.asset_id]


def test_backup_refuses_a_damaged_blob(library: Library, tmp_path: Path) -> None:
    [first, *_] = stocked(library, tmp_path)
    digest = library.assets.get(first).current.digest  # type: ignore[union-attr]
    blob = library.store.blob_path(digest)  # type: ignore[attr-defined]
    blob.write_bytes(blob.read_bytes()[:-3])
    with pytest.raises(StorageProblem, match=digest):
        backup(library, tmp_path / "backup")


def test_restore_of_a_damaged_backup_is_refused(
    library: Library, tmp_path: Path, open_as: Callable[[str], Library]
) -> None:
    stocked(library, tmp_path)
    backup(library, tmp_path / "backup")
    blobs = LocalStore(tmp_path / "backup" / "blobs", create=False)
    victim = next(iter(blobs.iter_digests()))
    path = blobs.blob_path(victim)
    path.write_bytes(b"tampered" + path.read_bytes())
    home = tmp_path / "restored"
    with pytest.raises(StorageProblem, match=victim[:12]):
        restore(tmp_path / "backup", home)


def test_round_trip_after_damage_is_repaired(library: Library, tmp_path: Path) -> None:
    ids = stocked(library, tmp_path)
    backup(library, tmp_path / "backup")
    home = tmp_path / "restored"
    restore(tmp_path / "backup", home)
    (home / "index").mkdir(exist_ok=True)
    (home / "index" / "catalogue-seq").write_text("424242")  # a stale cursor left behind
    restored = open_library(settings_for(home), pool=library.pool)
    try:
        assert restored.verify() == []
        assert sorted(a.id for a in restored.assets.list()) == sorted(ids)
        assert restored.search("discovery", log=False).total == library.search(
            "discovery", log=False).total
    finally:
        restored.close()
        restored.index.close()
        restored.engine.dispose()
