"""Importing files: hash → dedupe → extract → store → persist → index.

Each file ends as imported, duplicate (naming the asset that already holds
the content) or failed with a reason in plain words naming the file. One bad
file never stops the batch, and a failed file leaves no row and no blob.
Extraction runs in sandboxed worker processes, several files at a time; the
database writes happen here, one file per transaction.
"""

from __future__ import annotations

import json
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from content_store import ContentStore, Digest, StoreError, hash_file

from .errors import EnablementError, InvalidInput, StorageProblem
from .extraction import Extracted, ExtractionError
from .models import Asset, AssetVersion, PageText
from .names import display_name, title_from_name
from .permissions import Action, Actor
from .services import assets as asset_service
from .services import taxonomy

if TYPE_CHECKING:
    from .extraction import ExtractionPool


@dataclass(frozen=True)
class ImportOptions:
    tags: tuple[tuple[str, str], ...] = ()
    publish: bool = False
    replace: int | None = None
    change_note: str = ""


DEFAULT_OPTIONS = ImportOptions()


@dataclass(frozen=True)
class ImportResult:
    path: str
    name: str
    status: str  # "imported" | "duplicate" | "failed"
    asset_id: int | None = None
    warnings: tuple[str, ...] = ()
    reason: str | None = None
    title: str | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "status": self.status,
            "asset_id": self.asset_id,
            "warnings": list(self.warnings),
            "reason": self.reason,
            "title": self.title,
        }


@dataclass(frozen=True)
class ImportProgress:
    done: int
    total: int
    current: str


@dataclass
class _Pending:
    path: Path
    name: str
    digest: Digest
    size: int
    future: Future[Extracted] | None = None
    result: ImportResult | None = field(default=None)
    twin: _Pending | None = None


def _failed(path: Path, name: str, reason: str) -> ImportResult:
    return ImportResult(os.fspath(path), name, "failed", reason=reason)


class _AlreadyStored(Exception):
    def __init__(self, asset_id: int, title: str) -> None:
        super().__init__(asset_id, title)
        self.asset_id, self.title = asset_id, title


def _holder(session: Session, digest: str) -> tuple[int, str] | None:
    """The asset (id, title) that already holds this content, if any."""
    row = session.execute(
        select(Asset.id, Asset.title)
        .join(AssetVersion, AssetVersion.asset_id == Asset.id)
        .where(AssetVersion.blob_digest == digest)
        .limit(1)
    ).first()
    return (row[0], row[1]) if row else None


def _duplicate(path: Path, name: str, asset_id: int, title: str) -> ImportResult:
    reason = f"'{name}' is already in the library as '{title}' (asset {asset_id})"
    return ImportResult(os.fspath(path), name, "duplicate", asset_id, reason=reason, title=title)


def expand_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Files in the order given; folders recursively, sorted, links not followed."""
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            for root, dirs, files in os.walk(path, followlinks=False):
                dirs.sort()
                for name in sorted(files):
                    yield Path(root) / name
        else:
            yield path


class Importer:
    def __init__(
        self,
        writer: sessionmaker[Session],
        store: ContentStore,
        pool: ExtractionPool,
        actor: Actor,
    ) -> None:
        self._writer = writer
        self._store = store
        self._pool = pool
        self._actor = actor

    def run(
        self,
        paths: Sequence[Path],
        options: ImportOptions = DEFAULT_OPTIONS,
        progress: Callable[[ImportProgress], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        on_result: Callable[[ImportResult], None] | None = None,
    ) -> list[ImportResult]:
        self._actor.require(Action.IMPORT)
        self._check_options(options)
        files = list(expand_paths(paths))
        results: list[ImportResult] = []
        window: deque[_Pending] = deque()
        seen: dict[str, _Pending] = {}
        limit = max(2, 2 * (os.cpu_count() or 1))

        def finish(pending: _Pending) -> None:
            if pending.result is None:
                pending.result = (
                    self._from_twin(pending, pending.twin)
                    if pending.twin is not None
                    else self._complete(pending, options)
                )
            results.append(pending.result)
            if on_result:
                on_result(pending.result)
            if progress:
                progress(ImportProgress(len(results), len(files), pending.name))

        for path in files:
            if cancelled and cancelled():
                break
            pending = self._prepare(path, seen)
            window.append(pending)
            if pending.result is None and pending.twin is None:
                seen[pending.digest] = pending
                pending.future = self._pool.submit(path)
            while len(window) >= limit:
                finish(window.popleft())
        while window:
            pending = window.popleft()
            if cancelled and cancelled() and pending.future is not None:
                pending.future.cancel()
                pending.result = _failed(pending.path, pending.name, "import cancelled")
            finish(pending)
        return results

    def _check_options(self, options: ImportOptions) -> None:
        with self._writer() as session:
            for category, tag in options.tags:
                taxonomy.find_tag(session, category, tag)
            if options.replace is not None:
                asset_service.load(session, self._actor, options.replace)

    def _prepare(self, path: Path, seen: dict[str, _Pending]) -> _Pending:
        name = display_name(path)
        unknown = Digest("0" * 64)
        try:
            if not path.is_file():
                what = "is not a regular file" if path.exists() else "does not exist"
                return _Pending(
                    path, name, unknown, 0, result=_failed(path, name, f"'{name}' {what}")
                )
            digest, size = hash_file(path)
        except OSError as exc:
            reason = f"'{name}' could not be read ({exc.strerror or exc})"
            return _Pending(path, name, unknown, 0, result=_failed(path, name, reason))
        if size == 0:
            reason = f"'{name}' is empty (0 bytes); nothing to import"
            return _Pending(path, name, digest, 0, result=_failed(path, name, reason))
        existing = self._existing_asset(digest)
        if existing is not None:
            result = _duplicate(path, name, *existing)
            return _Pending(path, name, digest, size, result=result)
        return _Pending(path, name, digest, size, twin=seen.get(digest))

    @staticmethod
    def _from_twin(pending: _Pending, twin: _Pending) -> ImportResult:
        """A second copy in the same batch shares the first copy's fate."""
        first = twin.result
        assert first is not None, "twins finish in batch order"
        if first.status == "failed":
            reason = f"'{pending.name}' has the same content as '{twin.name}': {first.reason}"
            return _failed(pending.path, pending.name, reason)
        reason = f"'{pending.name}' has the same content as '{twin.name}' (asset {first.asset_id})"
        return ImportResult(
            os.fspath(pending.path),
            pending.name,
            "duplicate",
            first.asset_id,
            reason=reason,
            title=first.title,
        )

    def _existing_asset(self, digest: str) -> tuple[int, str] | None:
        with self._writer() as session:
            return _holder(session, digest)

    def _complete(self, pending: _Pending, options: ImportOptions) -> ImportResult:
        raw = os.fspath(pending.path)
        assert pending.future is not None
        try:
            extracted = pending.future.result()
        except ExtractionError as exc:
            return ImportResult(raw, pending.name, "failed", reason=exc.message(pending.name))
        except Exception as exc:  # a worker bug must not stop the batch
            reason = f"'{pending.name}' could not be read ({type(exc).__name__}: {exc})"
            return ImportResult(raw, pending.name, "failed", reason=reason)
        try:
            blob = self._store.put_file(pending.path)
        except StoreError as exc:
            return ImportResult(
                raw, pending.name, "failed", reason=f"'{pending.name}' could not be stored: {exc}"
            )
        if blob.digest != pending.digest:
            if blob.created:
                self._store.delete(blob.digest)
            reason = f"'{pending.name}' changed while it was being imported; import it again"
            return ImportResult(raw, pending.name, "failed", reason=reason)
        try:
            asset_id, title, notes = self._persist(pending, extracted, options)
        except _AlreadyStored as exc:  # another process won the race; its row needs the blob
            return _duplicate(pending.path, pending.name, exc.asset_id, exc.title)
        except EnablementError as exc:
            self._forget_blob(blob.digest, blob.created)
            return ImportResult(
                raw, pending.name, "failed", reason=f"'{pending.name}': {exc.message}"
            )
        except Exception:
            self._forget_blob(blob.digest, blob.created)
            raise
        warnings = extracted.warnings + notes
        return ImportResult(raw, pending.name, "imported", asset_id, warnings, title=title)

    def _forget_blob(self, digest: Digest, created: bool) -> None:
        # Another process may have stored and committed the same content
        # meanwhile; its row needs the blob, so only an unreferenced one goes.
        if created and self._existing_asset(digest) is None:
            self._store.delete(digest)

    def _ensure_stored(self, pending: _Pending) -> None:
        """Store the content again if `enablement gc` removed it since `_complete`.

        Content nobody refers to yet looks unused to gc. Its delete re-checks
        the catalogue under the same write lock this transaction holds, so
        after this check the file stays until the row below has committed.
        """
        if self._store.exists(pending.digest):
            return
        try:
            again = self._store.put_file(pending.path)
        except StoreError as exc:
            raise StorageProblem(f"could not be stored: {exc}") from exc
        if again.digest != pending.digest:
            if again.created:
                self._store.delete(again.digest)
            raise InvalidInput("it changed while it was being imported; import it again")

    def _persist(
        self, pending: _Pending, extracted: Extracted, options: ImportOptions
    ) -> tuple[int, str, tuple[str, ...]]:
        notes: tuple[str, ...] = ()
        with self._writer.begin() as session:
            if session.get_bind().dialect.name == "postgresql":
                # SQLite's BEGIN IMMEDIATE already serialises writers; on
                # PostgreSQL two clients importing the same file must queue
                # here, or both would pass the check below.
                session.execute(
                    text("SELECT pg_advisory_xact_lock(hashtextextended(:digest, 0))"),
                    {"digest": pending.digest},
                )
            # Checked again inside the write transaction: another process may
            # have imported the same content since _prepare looked.
            holder = _holder(session, pending.digest)
            if holder is not None:
                raise _AlreadyStored(*holder)
            self._ensure_stored(pending)
            if options.replace is not None:
                asset = asset_service.load(session, self._actor, options.replace)
                number = (asset.versions[-1].number + 1) if asset.versions else 1
            else:
                title = (extracted.title or "").strip() or title_from_name(pending.path)
                asset = Asset(title=title[:500], owner_id=self._actor.user_id)
                session.add(asset)
                number = 1
            version = AssetVersion(
                number=number,
                blob_digest=pending.digest,
                filename=pending.name,
                media_type=extracted.media_type,
                kind=extracted.kind,
                size=pending.size,
                page_count=len(extracted.pages),
                warnings=json.dumps(list(extracted.warnings)) if extracted.warnings else "",
                change_note=options.change_note,
                created_by_id=self._actor.user_id,
                pages=[
                    PageText(page_number=i, text=text)
                    for i, text in enumerate(extracted.pages, start=1)
                ],
            )
            asset.versions.append(version)
            for category, tag in options.tags:
                found = taxonomy.find_tag(session, category, tag)
                if found not in asset.tags:
                    asset.tags.append(found)
            session.flush()
            asset_service.enqueue_index(session, [asset.id])
            if options.publish:
                try:
                    asset_service.set_status(session, self._actor, asset.id, "published")
                except InvalidInput as exc:
                    notes = (f"kept as a draft: {exc.message}",)
            return asset.id, asset.title, notes
