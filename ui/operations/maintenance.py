"""Looking after the library from the desktop: check it, remove unused files, rebuild, back up.

Each is the CLI command of the same name (`verify`, `gc`, `reindex`,
`backup`) run on the library worker. The index rebuild is the exception: it
takes minutes on a big library and searches must keep answering ("index
rebuilding") meanwhile, so the worker only starts it on a thread of its own
(as the start-up catch-up does) and `IndexRebuild` reports back by signal.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Signal

from ..qtcompat import emit
from . import LibraryOp

if TYPE_CHECKING:
    from enablement.backup import BackupSummary
    from enablement.library import Library
    from enablement.verification import OrphanSweep

    from ..context import AppContext
    from ..tasks import Job, JobContext

KIND_LABELS = {
    "blob-missing": "File missing",
    "blob-corrupt": "File damaged",
    "blob-orphaned": "Unused file",
    "index-missing": "Not in search index",
    "index-stale": "Stale in search index",
}


@dataclass(frozen=True)
class Problem:
    kind: str  # verify's kind, e.g. "blob-corrupt"
    asset_id: int | None
    title: str  # of the asset; "" for an unused file
    file: str  # the version's file name, or the stored file's digest for an unused one
    detail: str

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


@dataclass(frozen=True)
class HealthReport:
    files: int  # stored files checked
    problems: tuple[Problem, ...]

    @property
    def summary(self) -> str:
        if not self.problems:
            noun = "file is" if self.files == 1 else "files are"
            return f"All {self.files:,} {noun} intact and the search index is complete."
        count = len(self.problems)
        return f"{count:,} problem{'s' if count != 1 else ''} found in {self.files:,} files."


@dataclass(frozen=True)
class CleanupPreview:
    removable: int  # unused files old enough to remove
    size: int  # their total size in bytes
    kept: int  # unused files too recent to remove (maybe an import in flight)


def check_library(ctx: AppContext) -> LibraryOp[HealthReport]:
    def work(job: JobContext) -> HealthReport:
        lib = job.lib
        seen = [0]

        def progress(done: int, total: int) -> None:
            seen[0] = total
            job.progress(done, total, "Checking files")

        problems = lib.verify(progress, job.cancelled)
        titles = _titles(lib, {int(str(p["asset_id"])) for p in problems if p["asset_id"]})
        rows = tuple(_problem(p, titles) for p in problems)
        return HealthReport(seen[0], rows)

    return LibraryOp(ctx, work, label="Checking the library", cancellable=True)


def _problem(raw: dict[str, object], titles: dict[int, str]) -> Problem:
    asset_id = raw.get("asset_id")
    number = int(str(asset_id)) if asset_id is not None else None
    kind = str(raw["kind"])
    file = str(raw.get("file") or "")
    if not file and kind == "blob-orphaned":
        file = str(raw.get("digest") or "")
    title = titles.get(number, "") if number is not None else ""
    return Problem(kind, number, title, file, str(raw["detail"]))


def _titles(lib: Library, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    from sqlalchemy import select

    from enablement.models import Asset

    with lib.reader() as session:
        rows = session.execute(select(Asset.id, Asset.title).where(Asset.id.in_(ids))).all()
    return {int(asset_id): str(title) for asset_id, title in rows}


def preview_cleanup(ctx: AppContext) -> LibraryOp[CleanupPreview]:
    """What removing unused files would do (a dry run)."""

    def work(job: JobContext) -> CleanupPreview:
        from content_store import Digest, StoreError
        from enablement.verification import delete_orphans

        lib = job.lib
        sweep = delete_orphans(lib, dry_run=True)
        size = 0
        for digest in sweep.deleted:
            with contextlib.suppress(StoreError):  # removed meanwhile: nothing to count
                size += lib.store.size(Digest.parse(digest))
        return CleanupPreview(len(sweep.deleted), size, len(sweep.kept))

    return LibraryOp(ctx, work, label="Looking for unused files")


def remove_unused(ctx: AppContext) -> LibraryOp[OrphanSweep]:
    def work(job: JobContext) -> OrphanSweep:
        from enablement.verification import delete_orphans

        return delete_orphans(job.lib)

    return LibraryOp(ctx, work, label="Removing unused files")


def back_up(ctx: AppContext, destination: Path) -> LibraryOp[BackupSummary]:
    def work(job: JobContext) -> BackupSummary:
        from enablement.backup import backup

        def progress(done: int, total: int) -> None:
            job.progress(done, total, "Copying files")

        return backup(job.lib, destination, progress=progress, cancelled=job.cancelled)

    return LibraryOp(ctx, work, label="Backing up the library", cancellable=True)


class IndexRebuild(QObject):
    """One rebuild of the search index, on a thread of its own; cancellable.

    Watches `window` for its close: the window then closes the library on the
    worker, so a rebuild still running is stopped (at its next document, keeping
    what it wrote for the next rebuild to resume) and waited for first.
    """

    progressed = Signal(int, int)
    finished = Signal(bool)  # True: the index is complete; False: cancelled part-way
    failed = Signal(object)

    JOIN_SECONDS = 30.0

    def __init__(self, ctx: AppContext, window: QObject | None = None) -> None:
        super().__init__(window)
        self._ctx = ctx
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._starting = False
        if window is not None:
            window.installEventFilter(self)

    @property
    def running(self) -> bool:
        return self._starting or (self._thread is not None and self._thread.is_alive())

    def start(self) -> Job | None:
        if self.running:
            return None
        self._stop.clear()
        self._starting = True
        op: LibraryOp[None] = LibraryOp(self._ctx, self._launch, label="Starting the index rebuild")
        return op.failure(self._not_started).run(receiver=self)

    def cancel(self) -> None:
        self._stop.set()

    def wait(self, timeout: float = JOIN_SECONDS) -> bool:
        """Stop waiting after `timeout`; True when no rebuild runs any more."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
            return not thread.is_alive()
        return True

    def _launch(self, job: JobContext) -> None:  # on the worker
        from enablement.permissions import Action

        lib = job.lib
        lib.actor.require(Action.REINDEX)  # refused here, before any thread starts
        thread = threading.Thread(
            target=self._rebuild, args=(lib,), name="index-rebuild", daemon=True
        )
        if not self._stop.is_set():  # the window closing meanwhile: do not start at all
            self._thread = thread
            thread.start()
        else:
            self._post(self.finished, False)
        self._starting = False

    def _rebuild(self, lib: Library) -> None:  # on the rebuild thread
        try:
            lib.reindex(lambda done, total: self._post(self.progressed, done, total),
                        self._stop.is_set)  # fmt: skip
        except BaseException as exc:  # shown on the UI thread
            self._post(self.failed, exc)
            return
        self._post(self.finished, not lib.index.needs_rebuild)

    def _not_started(self, error: BaseException) -> None:
        self._starting = False
        emit(self.failed, error)

    def _post(self, signal: Any, *args: object) -> None:
        with contextlib.suppress(RuntimeError):  # the dialog went with its window
            emit(signal, *args)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close and self.running:
            self.cancel()
            # The window closes the library on the worker next; the worker waits
            # for the rebuild first, so the UI thread never does.
            thread, seconds = self._thread, self.JOIN_SECONDS
            if thread is not None:
                self._ctx.tasks.submit(lambda _job: thread.join(seconds))
        return False
