"""`Library.tidy_index`: the desktop's idle merge, and its manners towards syncs."""

from __future__ import annotations

import fcntl
from pathlib import Path

from enablement.library import Library

from .factories import write_docx


def imported_one_by_one(library: Library, tmp_path: Path, count: int) -> list[int]:
    ids = []
    for n in range(count):
        path = write_docx(tmp_path / f"brief{n}.docx", f"Brief {n}", [f"onboarding plan {n}"])
        [result] = library.import_files([path])
        assert result.asset_id is not None
        ids.append(result.asset_id)
    return ids


def found(library: Library) -> list[int]:
    return [h.asset_id for h in library.search("onboarding plan", log=False, limit=50).hits]


def test_tidy_merges_what_imports_left_and_search_is_unchanged(
    library: Library, tmp_path: Path
) -> None:
    ids = imported_one_by_one(library, tmp_path, 5)
    before = found(library)
    assert sorted(before) == sorted(ids)
    assert library.index.small_segments() >= 5

    assert library.tidy_index() >= 5

    assert library.index.small_segments() == 1
    assert found(library) == before
    assert library.tidy_index() == 0


def test_tidy_gives_way_to_a_sync_in_another_process(library: Library, tmp_path: Path) -> None:
    imported_one_by_one(library, tmp_path, 3)
    segments = library.index.small_segments()
    # flock locks belong to the open file: a second open is another holder,
    # as the indexer of a second app process on the same library would be.
    with open(library.settings.index_dir / "sync.lock", "a+b") as other:
        fcntl.flock(other.fileno(), fcntl.LOCK_EX)
        assert library.tidy_index() == 0  # returns at once instead of waiting
        assert library.index.small_segments() == segments
    assert library.tidy_index() >= 3
