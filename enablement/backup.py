"""Backing up and restoring a solo library.

A backup is a folder: a consistent copy of the SQLite database taken with
SQLite's online backup API (safe while the library is in use), every blob the
catalogue references copied and re-verified, and a manifest. The search index
is not copied; it is derived data and is rebuilt on first open. For a team
library the database and bucket belong to IT's own backup tooling, so the
backup holds a manifest pointing at them.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from content_store import Digest, LocalStore, StoreError

from .db import current_revision
from .errors import InvalidInput, StorageProblem
from .permissions import Action
from .verification import Cancelled

if TYPE_CHECKING:
    from .library import Library

MANIFEST = "enablement-backup.json"
DATABASE = "library.sqlite3"


@dataclass(frozen=True)
class BackupSummary:
    folder: Path
    blobs: int
    mode: str


def _sqlite_path(url: str) -> Path:
    return Path(url.split("///", 1)[1])


def backup(
    library: Library,
    destination: Path,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> BackupSummary:
    """Back the library up into `destination` (new or empty).

    ``progress(done, total)`` follows the files copied. Once ``cancelled()``
    turns true the backup stops with `Cancelled`; then, as on any failure, it
    removes what it wrote, leaving `destination` as it found it; the library
    itself is only read.
    """
    library.actor.require(Action.BACKUP)
    if destination.exists() and any(destination.iterdir()):
        raise InvalidInput(f"{destination} is not empty; back up into a new folder")
    created = not destination.exists()
    destination.mkdir(parents=True, exist_ok=True)
    try:
        return _backup_into(library, destination, progress, cancelled)
    except BaseException:  # cancelled, disk full, ...: a backup without its manifest is no use
        _undo(destination, created)
        raise


def _undo(destination: Path, created: bool) -> None:
    if created:
        shutil.rmtree(destination, ignore_errors=True)
        return
    for part in destination.iterdir():
        if part.is_dir():
            shutil.rmtree(part, ignore_errors=True)
        else:
            part.unlink(missing_ok=True)


def _backup_into(
    library: Library,
    destination: Path,
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
) -> BackupSummary:
    def check() -> None:
        if cancelled is not None and cancelled():
            raise Cancelled("the backup was cancelled; the partial copy was removed")

    settings = library.settings
    manifest: dict[str, object] = {
        "created": datetime.now(UTC).isoformat(),
        "schema": current_revision(library.engine),
    }
    if not settings.is_embedded:
        manifest.update(
            mode="team",
            database_url=settings.database_url.split("@")[-1],
            store_url=settings.store_url,
            note="back up the PostgreSQL database with pg_dump and the bucket with its own "
            "versioning or replication; see docs/team.md",
        )
        (destination / MANIFEST).write_text(json.dumps(manifest, indent=2))
        return BackupSummary(destination, 0, "team")
    check()
    _copy_database(_sqlite_path(settings.database_url), destination / DATABASE)
    from .library import known_digests

    with library.reader() as session:
        digests = sorted(known_digests(session))
    target = LocalStore(destination / "blobs")
    try:
        for done, digest in enumerate(digests, start=1):
            check()
            stored = target.put_file(library.store.local_path(digest))
            if stored.digest != digest:
                raise StorageProblem(f"blob {digest} changed while it was copied")
            if progress is not None:
                progress(done, len(digests))
    except StoreError as exc:
        raise StorageProblem(f"the backup could not copy a file: {exc}") from exc
    manifest.update(mode="solo", blobs=len(digests))
    (destination / MANIFEST).write_text(json.dumps(manifest, indent=2))
    return BackupSummary(destination, len(digests), "solo")


def _copy_database(source: Path, target: Path) -> None:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    # The copy is a standalone file; leave it in rollback mode so it is one file.
    with sqlite3.connect(target) as dst:
        dst.execute("PRAGMA journal_mode=DELETE")


def restore(source: Path, home: Path, *, force: bool = False) -> BackupSummary:
    """Lay a backup out as the library in `home` (which must be empty unless forced)."""
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise InvalidInput(f"{source} is not an Enablement backup ({exc})") from exc
    if manifest.get("mode") != "solo":
        raise InvalidInput(
            "a team backup holds pointers only; restore the database and bucket "
            "with their own tools"
        )
    source_blobs = LocalStore(source / "blobs", create=False)
    digests = _checked_blobs(source_blobs, source)  # before anything in `home` changes
    database = home / DATABASE
    if database.exists() and not force:
        raise InvalidInput(
            f"{home} already holds a library; restore into an empty folder "
            "or pass --force to replace it"
        )
    home.mkdir(parents=True, exist_ok=True)
    stale_parts = ("index", "blobs", f"{DATABASE}-wal", f"{DATABASE}-shm")
    for stale in (home / part for part in stale_parts):
        if stale.is_dir():
            shutil.rmtree(stale)
        elif stale.exists():
            stale.unlink()
    shutil.copy2(source / DATABASE, database)
    target = LocalStore(home / "blobs")
    try:
        for digest in digests:
            target.put_file(source_blobs.blob_path(digest))
    except StoreError as exc:
        raise StorageProblem(f"the restore into {home} could not copy a file: {exc}") from exc
    return BackupSummary(home, len(digests), "solo")


def _checked_blobs(blobs: LocalStore, source: Path) -> list[Digest]:
    """Every blob of the backup, re-hashed: a damaged backup is refused, not restored."""
    digests = []
    try:
        for digest in blobs.iter_digests():
            with blobs.open_verified(digest):
                digests.append(digest)
    except StoreError as exc:
        raise StorageProblem(
            f"the backup in {source} is damaged and was not restored: {exc}"
        ) from exc
    return digests
