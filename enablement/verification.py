"""Checking that catalogue, blobs and search index agree, and deleting unused blobs."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from content_store import BlobNotFound, Digest, LocalStore, StoreError
from content_store import verify as verify_store

from .errors import EnablementError, InvalidInput, StorageProblem
from .models import Asset, AssetVersion
from .permissions import Action

if TYPE_CHECKING:
    from .library import Library

# An import stores its blob a moment before it commits the catalogue row; a
# blob younger than this may belong to an import in flight, so it is kept.
DEFAULT_GRACE = timedelta(hours=24)


class Cancelled(EnablementError):
    """A long check or copy stopped because the person cancelled it; nothing was changed."""

    def __init__(self, message: str = "cancelled") -> None:
        super().__init__(message)


def verify_library(
    library: Library,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[dict[str, object]]:
    """Every disagreement between catalogue, blobs and search index.

    Each problem names its ``kind``, ``asset_id`` (None for an orphan),
    ``digest`` and ``file`` (the version's file name; "" when there is none)
    and a ``detail``. Re-hashing every blob is slow on a big library:
    ``progress(done, total)`` is called after each blob checked, and once
    ``cancelled()`` turns true the check stops with `Cancelled`. It only
    reads, so stopping part-way leaves everything as it was.
    """
    problems: list[dict[str, object]] = []
    with library.reader() as session:
        rows = session.execute(
            select(AssetVersion.blob_digest, AssetVersion.asset_id, AssetVersion.filename)
        ).all()
        assets = session.scalars(select(Asset)).all()
        # Every asset is indexed whatever its status; visibility is applied
        # at query time, so a publish never has to wait for a re-index.
        expected_in_index = {a.id for a in assets}
    owners: dict[str, tuple[int | None, str]] = {}
    for digest, asset_id, filename in rows:
        owners.setdefault(digest, (asset_id, filename))

    def checked(done: int, total: int) -> None:
        # content_store's verify stops when its progress callback raises
        if cancelled is not None and cancelled():
            raise Cancelled("the library check was cancelled")
        if progress is not None:
            progress(done, total)

    if cancelled is not None and cancelled():
        raise Cancelled("the library check was cancelled")
    for problem in verify_store(library.store, [Digest.parse(d) for d in owners], progress=checked):
        owner_id, filename = owners.get(problem.digest, (None, ""))
        problems.append(
            {
                "kind": f"blob-{problem.kind}",
                "asset_id": owner_id,
                "digest": str(problem.digest),
                "file": filename,
                # an orphan has no asset to name it by: name the blob itself
                "detail": problem.detail
                if problem.kind != "orphaned"
                else f"blob {problem.digest} is stored but no asset uses it",
            }
        )
    if library.indexer.rebuilding:
        # Waiting here for the rebuild would hold up the desktop's worker for
        # minutes; comparing a half-built index would list every asset. (An
        # index that only needs rebuilding is rebuilt by the sync below.)
        problems.append(
            {
                "kind": "index-rebuilding",
                "asset_id": None,
                "digest": "",
                "file": "",
                "detail": "the search index is being rebuilt; check again when it is done",
            }
        )
        return problems
    library.indexer.sync()
    indexed = library.index.indexed_ids()
    for asset_id in sorted(expected_in_index - indexed):
        problems.append(
            {
                "kind": "index-missing",
                "asset_id": asset_id,
                "digest": "",
                "file": "",
                "detail": "not in the search index",
            }
        )
    for asset_id in sorted(indexed - expected_in_index):
        problems.append(
            {
                "kind": "index-stale",
                "asset_id": asset_id,
                "digest": "",
                "file": "",
                "detail": "in the search index but not in the catalogue",
            }
        )
    return problems


@dataclass(frozen=True)
class OrphanSweep:
    """What a clean-up of unused blobs did (or, with ``dry_run``, would do)."""

    deleted: tuple[str, ...]  # unused blobs older than the grace period
    kept: tuple[str, ...]  # unused blobs put within it: maybe an import in flight
    temp_files: int  # leftovers of interrupted writes removed (never in a dry run)
    dry_run: bool

    def as_json(self) -> dict[str, object]:
        return {
            "dry_run": self.dry_run,
            "deleted": list(self.deleted),
            "kept": list(self.kept),
            "temp_files": self.temp_files,
        }


def delete_orphans(
    library: Library,
    grace: timedelta = DEFAULT_GRACE,
    *,
    dry_run: bool = False,
    clock: Callable[[], float] = time.time,
) -> OrphanSweep:
    """Delete stored blobs no file version uses, unless put within ``grace``.

    Safe while other processes import: a blob is deleted only inside a write
    transaction that still finds no row using it (on PostgreSQL under the same
    per-content lock an import takes), and only if nobody put it since the
    cutoff — an import that stores content already present refreshes its time.
    The cutoff is taken before the catalogue is read, so an import whose row
    commits later stored its blob less than ``grace`` before the cutoff, unless
    the import took longer than ``grace`` between storing and committing.
    """
    library.actor.require(Action.CLEAN_STORE)
    if grace < timedelta(0):
        raise InvalidInput("the grace period cannot be negative")
    store = library.store
    try:
        stored = set(store.iter_digests())
        cutoff = clock() - grace.total_seconds()
        with library.reader() as session:
            used = set(session.scalars(select(AssetVersion.blob_digest).distinct()))
        deleted: list[str] = []
        kept: list[str] = []
        for digest in sorted(stored - used):
            if dry_run:
                old = _stored_before(library, digest, cutoff)
            else:
                old = _delete_if_unused(library, digest, cutoff)
            if old is not None:
                (deleted if old else kept).append(digest)
        temp_files = 0
        if not dry_run and isinstance(store, LocalStore):
            temp_files = store.cleanup_temp(older_than=grace.total_seconds())
    except StoreError as exc:
        raise StorageProblem(f"the content store could not be cleaned up: {exc}") from exc
    return OrphanSweep(tuple(deleted), tuple(kept), temp_files, dry_run)


def _stored_before(library: Library, digest: Digest, cutoff: float) -> bool | None:
    try:
        return library.store.stored_at(digest) < cutoff
    except BlobNotFound:  # deleted meanwhile
        return None


def _delete_if_unused(library: Library, digest: Digest, cutoff: float) -> bool | None:
    """True if deleted, False if kept as too young, None if a row uses it by now."""
    with library.writer.begin() as session:
        # SQLite's BEGIN IMMEDIATE already holds every writer off; on PostgreSQL
        # an import of this content waits on the lock ingest takes for it.
        if session.get_bind().dialect.name == "postgresql":
            session.execute(
                text("SELECT pg_advisory_xact_lock(hashtextextended(:digest, 0))"),
                {"digest": digest},
            )
        if _used(session, digest):
            return None
        return library.store.delete_unused(digest, cutoff)


def _used(session: Session, digest: str) -> bool:
    row = session.execute(
        select(AssetVersion.id).where(AssetVersion.blob_digest == digest).limit(1)
    ).first()
    return row is not None
