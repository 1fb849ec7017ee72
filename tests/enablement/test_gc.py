"""`enablement gc`: deleting stored files no asset uses, safely, as an admin only."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from content_store import LocalStore
from enablement.cli import main
from enablement.errors import InvalidInput, PermissionDenied
from enablement.extraction import ExtractionPool
from enablement.ingest import ImportOptions
from enablement.library import Library, open_library
from enablement.verification import delete_orphans
from tests.content_store.conftest import s3_env, s3_url, seaweed  # noqa: F401 - fixtures

from .conftest import MARKETER, SELLER, settings_for
from .factories import write_docx, write_pdf

DAY = 86400.0


def store_of(library: Library) -> LocalStore:
    assert isinstance(library.store, LocalStore)
    return library.store


def backdate(library: Library, digest: str, seconds: float = 2 * DAY) -> None:
    then = time.time() - seconds
    os.utime(store_of(library).blob_path(digest), (then, then))  # type: ignore[arg-type]


def orphans_in(library: Library) -> list[str]:
    return sorted(
        str(p["detail"]).split()[1] for p in library.verify() if p["kind"] == "blob-orphaned"
    )


def stocked(library: Library, tmp_path: Path) -> tuple[list[int], str, str]:
    """Two assets (one backdated), an old orphan and a young one."""
    results = library.import_files(
        [
            write_docx(tmp_path / "a.docx", "Brief", ["discovery notes"]),
            write_pdf(tmp_path / "b.pdf", ["pricing page"]),
        ],
        ImportOptions(),
    )
    ids = [r.asset_id for r in results if r.asset_id]
    assert len(ids) == 2
    used = library.assets.get(ids[0])
    backdate(library, used.versions[-1].digest)  # old, but in use: never deleted
    old = library.store.put_bytes(b"stored by an import that crashed before its commit").digest
    backdate(library, old)
    young = library.store.put_bytes(b"stored a moment ago by an import in flight").digest
    return ids, str(old), str(young)


def test_old_orphans_go_young_ones_and_used_files_stay(library: Library, tmp_path: Path) -> None:
    ids, old, young = stocked(library, tmp_path)
    leftover = store_of(library).root / ".tmp" / ".crashed.part"
    leftover.write_bytes(b"half a file")
    os.utime(leftover, (time.time() - 2 * DAY,) * 2)
    assert orphans_in(library) == sorted([old, young])

    sweep = delete_orphans(library)
    assert sweep.deleted == (old,) and sweep.kept == (young,) and sweep.temp_files == 1
    assert orphans_in(library) == [young]
    for asset_id in ids:
        assert Path(library.assets.file_path(asset_id)).exists()
    assert not leftover.exists()

    # With no grace at all, the young one goes too (the admin's explicit choice).
    assert delete_orphans(library, timedelta(0)).deleted == (young,)
    assert library.verify() == []


def test_dry_run_deletes_nothing(library: Library, tmp_path: Path) -> None:
    _, old, young = stocked(library, tmp_path)
    sweep = delete_orphans(library, dry_run=True)
    assert sweep.dry_run and sweep.deleted == (old,) and sweep.kept == (young,)
    assert orphans_in(library) == sorted([old, young])


@pytest.mark.parametrize("user", [MARKETER, SELLER])
def test_only_an_admin_may_delete(
    user: str, library: Library, open_as: Callable[[str], Library], tmp_path: Path
) -> None:
    _, old, young = stocked(library, tmp_path)
    with pytest.raises(PermissionDenied):
        delete_orphans(open_as(user))
    with pytest.raises(PermissionDenied):
        delete_orphans(open_as(user), dry_run=True)
    assert orphans_in(library) == sorted([old, young])


def test_negative_grace_is_refused(library: Library) -> None:
    with pytest.raises(InvalidInput):
        delete_orphans(library, timedelta(hours=-1))


def test_reusing_an_old_orphan_while_the_clean_up_runs_loses_nothing(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The import's put and its commit straddle a clean-up (a rerun of a crashed import)."""
    path = write_docx(tmp_path / "again.docx", "Again", ["imported twice"])
    orphan = library.store.put_file(path).digest  # the crashed first attempt
    backdate(library, orphan)
    real_put = library.store.put_file
    sweeps: list[Any] = []

    def put_then_clean_up(source: Path) -> Any:
        stored = real_put(source)
        sweeps.append(delete_orphans(library))  # between the put and the commit
        return stored

    monkeypatch.setattr(library.store, "put_file", put_then_clean_up)
    [result] = library.import_files([path])
    monkeypatch.undo()
    assert result.status == "imported" and result.asset_id is not None
    assert sweeps[0].deleted == () and sweeps[0].kept == (orphan,)
    assert Path(library.assets.file_path(result.asset_id)).read_bytes() == path.read_bytes()
    assert library.verify() == []


def test_content_deleted_between_the_put_and_the_commit_is_stored_again(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What S3 allows: a clean-up that checked before the put refreshed the file deletes it."""
    path = write_docx(tmp_path / "raced.docx", "Raced", ["stored, then swept away"])
    real_put = library.store.put_file
    puts: list[Path] = []

    def put_then_lose_it(source: Path) -> Any:
        stored = real_put(source)
        if not puts:
            library.store.delete(stored.digest)  # the sweep's delete lands here
        puts.append(source)
        return stored

    monkeypatch.setattr(library.store, "put_file", put_then_lose_it)
    [result] = library.import_files([path])
    monkeypatch.undo()
    assert result.status == "imported" and result.asset_id is not None
    assert len(puts) == 2  # stored again inside the commit's transaction
    assert Path(library.assets.file_path(result.asset_id)).read_bytes() == path.read_bytes()
    assert library.verify() == []


def test_a_row_committed_after_the_catalogue_was_read_keeps_its_blob(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import commits between the clean-up's read of the catalogue and its delete.

    Its blob looks old (as if the import had stalled for longer than the grace
    period), so only the check inside the delete's write transaction saves it.
    """
    path = write_docx(tmp_path / "late.docx", "Late", ["committed late"])
    orphan = library.store.put_file(path).digest
    backdate(library, orphan)
    real_reader = library.reader
    imported: list[Any] = []

    @contextmanager
    def reader_then_import() -> Iterator[Any]:
        with real_reader() as session:
            yield session
        if not imported:
            monkeypatch.setattr(library, "reader", real_reader)
            imported.extend(library.import_files([path]))
            backdate(library, orphan)

    monkeypatch.setattr(library, "reader", reader_then_import)
    sweep = delete_orphans(library, timedelta(hours=1))
    assert [r.status for r in imported] == ["imported"]
    assert sweep.deleted == () and sweep.kept == ()
    assert library.verify() == []


def cli(
    capsys: pytest.CaptureFixture[str], home: Path, user: str, *args: str
) -> tuple[int, str, str]:
    code = main(["--library", str(home), "--as", user, *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli(
    library: Library, library_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, old, young = stocked(library, tmp_path)
    code, out, _ = cli(capsys, library_home, "olivia", "verify")
    assert code == 1 and "enablement gc" in out

    code, out, err = cli(capsys, library_home, SELLER, "gc")
    assert code == 1 and "not allowed" in err and out == ""
    code, _, err = cli(capsys, library_home, "olivia", "gc", "--grace-hours", "-1")
    assert code == 2 and "--grace-hours" in err

    code, out, _ = cli(capsys, library_home, "olivia", "gc", "--dry-run", "--json")
    assert code == 0
    assert json.loads(out) == {"dry_run": True, "deleted": [old], "kept": [young], "temp_files": 0}
    code, out, _ = cli(capsys, library_home, "olivia", "gc")
    assert code == 0
    assert f"deleted      {old}" in out and f"kept         {young}" in out
    assert "1 unused files deleted, 1 kept as too recent" in out
    code, out, _ = cli(capsys, library_home, "olivia", "gc", "--grace-hours", "0", "--json")
    assert code == 0 and json.loads(out)["deleted"] == [young]
    code, out, _ = cli(capsys, library_home, "olivia", "verify")
    assert code == 0


@pytest.mark.s3
def test_s3_store(
    library_home: Path,
    tmp_path: Path,
    s3_url: str,  # noqa: F811 - the fixture imported above
    extraction_pool: ExtractionPool,
) -> None:
    """The same clean-up on a bucket: old orphan objects go, used and young ones stay."""
    settings = replace(settings_for(library_home), store_url=s3_url)
    library = open_library(settings, pool=extraction_pool)
    try:
        [result] = library.import_files([write_docx(tmp_path / "a.docx", "In S3", ["text"])])
        assert result.status == "imported"
        old = library.store.put_bytes(b"an object left by a crashed import").digest
        time.sleep(2.2)  # LastModified has whole seconds: let the cutoff pass it
        young = library.store.put_bytes(b"an object of an import in flight").digest
        sweep = delete_orphans(library, timedelta(seconds=1))
        assert sweep.deleted == (old,) and sweep.kept == (young,)
        assert {p["kind"] for p in library.verify()} == {"blob-orphaned"}  # the young one
        assert result.asset_id is not None
        assert Path(library.assets.file_path(result.asset_id)).read_bytes()
    finally:
        library.close()
        library.index.close()
        library.engine.dispose()
