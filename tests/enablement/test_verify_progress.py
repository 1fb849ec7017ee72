"""`verify` and `backup` report progress and stop on cancel without changing anything."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from content_store import LocalStore
from enablement.backup import MANIFEST, backup
from enablement.ingest import ImportOptions
from enablement.library import Library
from enablement.verification import Cancelled

from .factories import write_docx, write_pdf


def _stock(library: Library, tmp_path: Path) -> list[int]:
    results = library.import_files(
        [
            write_pdf(tmp_path / "a.pdf", ["closing checklist"]),
            write_docx(tmp_path / "b.docx", "Plan", ["dates and owners"]),
            write_pdf(tmp_path / "c.pdf", ["pricing page"]),
        ],
        ImportOptions(),
    )
    ids = [r.asset_id for r in results if r.asset_id]
    assert len(ids) == 3
    return ids


def test_verify_reports_progress_per_file_and_names_the_file(
    library: Library, tmp_path: Path
) -> None:
    ids = _stock(library, tmp_path)
    calls: list[tuple[int, int]] = []
    assert library.verify(lambda done, total: calls.append((done, total))) == []
    assert calls == [(1, 3), (2, 3), (3, 3)]

    damaged = library.assets.get(ids[1]).versions[-1]
    store = library.store
    assert isinstance(store, LocalStore)
    path = store.blob_path(damaged.digest)  # type: ignore[arg-type]
    with open(path, "r+b") as handle:
        handle.truncate(10)
    [problem] = library.verify()
    assert problem["kind"] == "blob-corrupt"
    assert problem["asset_id"] == ids[1]
    assert problem["file"] == "b.docx"
    assert problem["digest"] == str(damaged.digest)


def test_cancelled_verify_stops_and_changes_nothing(library: Library, tmp_path: Path) -> None:
    _stock(library, tmp_path)
    orphan = library.store.put_bytes(b"left by an import that crashed").digest
    calls: list[int] = []

    def progress(done: int, _total: int) -> None:
        calls.append(done)

    with pytest.raises(Cancelled):
        library.verify(progress, lambda: len(calls) >= 1)
    assert calls == [1]  # stopped at the next file after the cancel
    with pytest.raises(Cancelled):
        library.verify(progress, lambda: True)
    assert calls == [1]  # cancelled before the first file: none checked
    assert library.store.exists(orphan)
    assert [p["kind"] for p in library.verify()] == ["blob-orphaned"]


def test_backup_progress_and_cancel_leave_no_partial_backup(
    library: Library, tmp_path: Path
) -> None:
    _stock(library, tmp_path)
    calls: list[tuple[int, int]] = []
    summary = backup(library, tmp_path / "full", progress=lambda d, t: calls.append((d, t)))
    assert summary.blobs == 3 and calls == [(1, 3), (2, 3), (3, 3)]
    assert (tmp_path / "full" / MANIFEST).exists()

    copied: list[int] = []
    with pytest.raises(Cancelled):
        backup(library, tmp_path / "new", progress=lambda d, _t: copied.append(d),
               cancelled=lambda: len(copied) >= 2)  # fmt: skip
    assert copied == [1, 2]
    assert not (tmp_path / "new").exists()  # the folder it created is gone again

    chosen = tmp_path / "empty"
    chosen.mkdir()
    with pytest.raises(Cancelled):
        backup(library, chosen, cancelled=lambda: True)
    assert chosen.is_dir() and not os.listdir(chosen)  # an existing folder stays, empty


def test_a_backup_that_fails_part_way_leaves_nothing(library: Library, tmp_path: Path) -> None:
    _stock(library, tmp_path)
    copied: list[int] = []

    def disk_full_after_two(done: int, _total: int) -> None:
        copied.append(done)
        if done == 2:
            raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        backup(library, tmp_path / "partial", progress=disk_full_after_two)
    assert copied == [1, 2]
    assert not (tmp_path / "partial").exists()
