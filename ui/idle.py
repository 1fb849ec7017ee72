"""Index upkeep in quiet moments: merging the small segments commits leave.

Every save, rating or synced change commits a small index segment without
merging, so the person never waits for a merge; each search then reads one
more segment. After a quiet spell following such commits (no typing in the
search box, no further changes) the window asks the library to merge them
on the worker, where it costs a fraction of a second and gives way to a
sync or rebuild that holds the index.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, SignalInstance

from .operations import LibraryOp

if TYPE_CHECKING:
    from .context import AppContext

IDLE_MS = 90_000


class IdleUpkeep(QObject):
    def __init__(self, ctx: AppContext, parent: QObject, idle_ms: int | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.merged = 0  # segments merged so far, shown nowhere but handy to check
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(IDLE_MS if idle_ms is None else idle_ms)
        self._timer.timeout.connect(self._quiet)
        ctx.hub.changes_applied.connect(self.committed)

    def committed(self, *_: object) -> None:
        """The index may have a new segment: merge once things are quiet."""
        self._timer.start()

    def busy(self, *_: object) -> None:
        """The person is working: put off a pending merge."""
        if self._timer.isActive():
            self._timer.start()

    def watch(self, signal: SignalInstance) -> None:
        signal.connect(self.busy)

    def _quiet(self) -> None:
        if self._ctx.tasks.library is None:
            return
        if self._ctx.tasks.busy:
            self._timer.start()  # a search or import is running: later
            return
        op: LibraryOp[int] = LibraryOp(
            self._ctx, lambda job: job.lib.tidy_index(), label="", action=False
        )
        op.success(self._merged).run(receiver=self)

    def _merged(self, count: int) -> None:
        self.merged += count
