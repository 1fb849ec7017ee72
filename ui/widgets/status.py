"""The main window's status bar: messages, errors, who is signed in, long-job progress.

`StatusArea` builds the permanent widgets (progress bar, cancel button, user
label), shows the hub's status and error messages, and follows the one long,
cancellable job at a time: its progress, its end, and Cancel.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QProgressBar, QToolButton

from ..app import bind_icon
from ..errors import show_message

if TYPE_CHECKING:
    from ..context import AppContext
    from ..tasks import Job


class StatusArea(QObject):
    """Status messages and the progress of the long job, in one window's status bar."""

    def __init__(self, window: QMainWindow, ctx: AppContext) -> None:
        super().__init__(window)
        self.window = window
        self.job: Job | None = None  # the long job whose progress is shown
        bar = window.statusBar()
        bar.setObjectName("statusBar")
        self.user_label = QLabel(window)
        self.user_label.setTextFormat(Qt.TextFormat.PlainText)
        self.progress = QProgressBar(window)
        self.progress.setObjectName("progress")
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.cancel_button = self._cancel_button(window)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel_button)
        bar.addPermanentWidget(self.user_label)
        bar.showMessage("Opening the library…")
        ctx.hub.error.connect(self.show_error)
        ctx.hub.status.connect(lambda text: self.show(text, 8000))
        ctx.tasks.progressed.connect(self._progress)
        ctx.tasks.finished.connect(self._job_ended)
        ctx.tasks.failed.connect(self._job_ended)

    def _cancel_button(self, window: QMainWindow) -> QToolButton:
        button = QToolButton(window)
        button.setObjectName("cancelJob")
        button.setToolTip("Cancel (Esc in the status bar)")
        button.setAccessibleName("Cancel the running task")
        bind_icon(button, "cancel")
        button.hide()
        button.clicked.connect(self.cancel)
        return button

    def show(self, text: str, timeout_ms: int = 0) -> None:
        self.window.statusBar().showMessage(text, timeout_ms)

    def show_error(self, text: str, action: bool) -> None:
        self.show(text, 15000)
        if action:
            show_message(self.window, text)

    def track(self, job: Job) -> None:
        """Follow `job` as the long job (its progress arrives if it is cancellable)."""
        self.job = job

    def _progress(self, job: Job, done: int, total: int, text: str) -> None:
        if not job.cancellable:
            return
        self.job = job
        self.progress.setMaximum(max(total, 0))
        self.progress.setValue(min(done, total) if total else 0)
        self.progress.setFormat(f"{text} %v/%m" if total else text)
        self.progress.show()
        self.cancel_button.show()

    def _job_ended(self, job: Job, _result: object) -> None:
        if job is self.job:
            self.job = None
            self.progress.hide()
            self.cancel_button.hide()

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.show("Cancelling…", 4000)
