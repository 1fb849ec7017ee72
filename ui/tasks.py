"""The serial worker: every library call runs here, one at a time, off the UI thread.

The `Library` object is not thread-safe, so one `QThread` takes jobs from a
queue and runs them in order (Anki's taskman). A job receives a `JobContext`
(the open library, progress reporting and a cancellation check) and never
touches widgets; its result or error comes back to the UI thread by signal
and is handed to the callbacks given at submission. A submission may name a
receiver (the dialog or widget the callbacks belong to); when the receiver has
been destroyed by the time the answer arrives, the callbacks are dropped
instead of touching a deleted C++ object.
"""

from __future__ import annotations

import queue
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, QThread, Signal, Slot

from .qtcompat import emit

if TYPE_CHECKING:
    from enablement.library import Library

_LIVE: weakref.WeakSet[TaskManager] = weakref.WeakSet()


class Cancelled(Exception):
    """Raised inside a job that noticed its cancellation; not an error to show."""


class CancelToken:
    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


class Receiver:
    """A weak hold on the QObject that callbacks belong to; `alive` until it is destroyed."""

    def __init__(self, target: QObject | None) -> None:
        self._ref = weakref.ref(target) if target is not None else None

    @property
    def alive(self) -> bool:
        if self._ref is None:
            return True  # no receiver named: the callbacks always run
        target = self._ref()
        return target is not None and shiboken6.isValid(target)


@dataclass(eq=False)
class Job:
    work: Callable[[JobContext], Any]
    on_done: Callable[[Any], None] | None = None
    on_error: Callable[[BaseException], None] | None = None
    label: str = ""
    token: CancelToken = field(default_factory=CancelToken)
    cancellable: bool = False
    receiver: Receiver = field(default_factory=lambda: Receiver(None))

    def cancel(self) -> None:
        self.token.cancel()


class JobContext:
    """What a job sees: the library, a progress reporter, a cancellation check."""

    def __init__(self, manager: TaskManager, job: Job) -> None:
        self._manager = manager
        self._job = job

    @property
    def lib(self) -> Library:
        if self._manager.library is None:
            from enablement.errors import EnablementError

            raise EnablementError("the library is not open")
        return self._manager.library

    def set_library(self, library: Library | None) -> None:
        self._manager.library = library

    def progress(self, done: int, total: int, text: str = "") -> None:
        emit(self._manager.progressed, self._job, done, total, text)

    def cancelled(self) -> bool:
        return self._job.token.cancelled

    def check(self) -> None:
        if self._job.token.cancelled:
            raise Cancelled()


class _Worker(QThread):
    def __init__(self, manager: TaskManager) -> None:
        super().__init__()
        self.setObjectName("enablement-library-worker")
        self._manager = manager
        self.jobs: queue.Queue[Job | None] = queue.Queue()

    def run(self) -> None:
        while True:
            job = self.jobs.get()
            if job is None:
                break
            emit(self._manager.started, job)
            if job.token.cancelled:
                emit(self._manager.failed, job, Cancelled())
                continue
            try:
                result = job.work(JobContext(self._manager, job))
            except BaseException as exc:  # handed to the UI thread, shown or reported there
                emit(self._manager.failed, job, exc)
            else:
                emit(self._manager.finished, job, result)
        library, self._manager.library = self._manager.library, None
        if library is not None:
            _close_library(library)


def _close_library(library: Library) -> None:
    library.close()
    library.index.close()
    library.engine.dispose()


class TaskManager(QObject):
    """Submit work for the library; results come back on the UI thread."""

    started = Signal(object)
    finished = Signal(object, object)
    failed = Signal(object, object)
    progressed = Signal(object, int, int, str)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library: Library | None = None
        self._pending = 0
        self._worker = _Worker(self)
        self.finished.connect(self._on_finished)
        self.failed.connect(self._on_failed)
        self._worker.start()
        _LIVE.add(self)

    def submit(
        self,
        work: Callable[[JobContext], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        *,
        label: str = "",
        cancellable: bool = False,
        receiver: QObject | None = None,
    ) -> Job:
        """Queue `work`; `on_done`/`on_error` are dropped if `receiver` is destroyed first."""
        job = Job(work, on_done, on_error, label, cancellable=cancellable,
                  receiver=Receiver(receiver))  # fmt: skip
        if not self._worker.isRunning():
            return job
        self._pending += 1
        if self._pending == 1:
            emit(self.busy_changed, True)
        self._worker.jobs.put(job)
        return job

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def is_running(self) -> bool:
        return self._worker.isRunning()

    def shutdown(self, timeout_ms: int = 30000) -> None:
        """Let queued work finish, close the library on the worker and join it."""
        if self._worker.isRunning():
            self._worker.jobs.put(None)
            self._worker.wait(timeout_ms)
        _LIVE.discard(self)

    @Slot(object, object)
    def _on_finished(self, job: Job, result: object) -> None:
        self._done_one()
        if job.on_done is not None and job.receiver.alive:
            job.on_done(result)

    @Slot(object, object)
    def _on_failed(self, job: Job, error: BaseException) -> None:
        self._done_one()
        if isinstance(error, Cancelled) or job.token.cancelled:
            return
        if job.on_error is not None and job.receiver.alive:
            job.on_error(error)
        else:
            from .errors import report

            report(error)

    def _done_one(self) -> None:
        self._pending = max(0, self._pending - 1)
        if self._pending == 0:
            emit(self.busy_changed, False)


def live_managers() -> list[TaskManager]:
    """Task managers whose worker thread still runs (tests check none are left)."""
    return [m for m in list(_LIVE) if m.is_running()]
