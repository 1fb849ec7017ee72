"""Cancelling the demo build, and how the finished library takes its folder's place."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from enablement.library import open_library
from resources.demo.build import DemoCancelled, build_demo, demo_settings
from resources.demo.place import (
    STAGING_PREFIX,
    LibraryNotEmpty,
    check_home,
    make_staging,
    move_into_place,
)


def _cancel_at(
    stage: str, seen: list[str]
) -> tuple[Callable[[str, int, int], None], Callable[[], bool]]:
    """A progress callback recording stages, and a cancel check that turns true at `stage`."""

    def progress(name: str, _done: int, _total: int) -> None:
        seen.append(name)

    return progress, lambda: stage in seen


def _snapshot(home: Path) -> dict[str, int]:
    """Every file under `home` with its size: what must not change."""
    return {str(p.relative_to(home)): p.stat().st_size for p in home.rglob("*") if p.is_file()}


def _new_library(home: Path) -> None:
    lib = open_library(demo_settings(home, "olivia"))
    lib.close()
    lib.index.close()
    lib.engine.dispose()


@pytest.mark.slow  # renders and imports every file, then cancels while writing usage
def test_cancelled_late_leaves_the_brand_new_library_untouched(tmp_path: Path) -> None:
    home = tmp_path / "library"
    _new_library(home)
    before = _snapshot(home)
    seen: list[str] = []
    progress, cancelled = _cancel_at("Recording usage", seen)

    # no force: a brand-new library may be replaced, as `enablement demo` needs
    with pytest.raises(DemoCancelled):
        build_demo(home, progress, cancelled=cancelled)

    assert {"Writing collateral", "Importing", "Describing and tagging"} <= set(seen)
    assert _snapshot(home) == before
    assert not any(p.name.startswith(STAGING_PREFIX) for p in home.iterdir())
    lib = open_library(demo_settings(home, "olivia"), create=False)
    try:
        assert lib.assets.count() == 0 and lib.users.count() == 1
    finally:
        lib.close()
        lib.index.close()
        lib.engine.dispose()


def test_cancelled_at_once_creates_no_folder(tmp_path: Path) -> None:
    home = tmp_path / "new" / "library"
    with pytest.raises(DemoCancelled):
        build_demo(home, cancelled=lambda: True)
    assert not home.exists() and (tmp_path / "new").is_dir()


def test_a_library_in_use_is_refused_without_force(tmp_path: Path) -> None:
    home = tmp_path / "library"
    _new_library(home)
    lib = open_library(demo_settings(home, "olivia"))
    try:
        lib.users.add("sam", "seller")
    finally:
        lib.close()
        lib.index.close()
        lib.engine.dispose()
    with pytest.raises(LibraryNotEmpty, match="--force"):
        check_home(home, force=False)
    check_home(home, force=True)
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.txt").write_text("not a library")
    with pytest.raises(LibraryNotEmpty):
        check_home(tmp_path / "notes", force=False)


def test_moving_into_place_replaces_only_the_library(tmp_path: Path) -> None:
    home = tmp_path / "library"
    (home / "blobs" / "ab").mkdir(parents=True)
    (home / "blobs" / "ab" / "old-blob").write_text("old")
    (home / "library.sqlite3").write_text("old catalogue")
    (home / "library.sqlite3-wal").write_text("old log")
    (home / "settings-backup.ini").write_text("someone else's file")
    (home / f"{STAGING_PREFIX}stale").mkdir()  # left by a killed build
    staging = make_staging(home)
    assert not (home / f"{STAGING_PREFIX}stale").exists()
    (staging / "blobs" / "cd").mkdir(parents=True)
    (staging / "blobs" / "cd" / "new-blob").write_text("new")
    (staging / "index").mkdir()
    (staging / "library.sqlite3").write_text("new catalogue")

    move_into_place(staging, home)

    assert (home / "library.sqlite3").read_text() == "new catalogue"
    assert not (home / "library.sqlite3-wal").exists()  # the old log must not meet the new db
    assert [p.name for p in (home / "blobs").rglob("*") if p.is_file()] == ["new-blob"]
    assert (home / "index").is_dir()
    assert (home / "settings-backup.ini").read_text() == "someone else's file"
    assert list(staging.iterdir()) == []
