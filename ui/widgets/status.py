"""The main window's status bar: messages, errors, who is signed in, long-job progress.

`StatusArea` builds the permanent widgets (progress bar, cancel button, user
label), shows the hub's status and error messages, and follows the one long,
cancellable job at a time: its progress, its end, and Cancel. For a team
library it also shows the connection (`show_team_state`): online or offline,
what waits to be sent, and "catching up N of M" while the index is built;
clicking it asks for a sync round now. A solo library never shows it.
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
    from ..team import TeamState


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
        self.connection = QToolButton(window)
        self.connection.setObjectName("connectionStatus")
        self.connection.setAutoRaise(True)
        self.connection.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.connection.hide()  # team libraries only
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel_button)
        bar.addPermanentWidget(self.connection)
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

    def show_team_state(self, state: TeamState) -> None:
        """The connection indicator of a team library."""
        self.connection.setText(connection_text(state))
        self.connection.setToolTip(connection_tip(state))
        self.connection.setAccessibleName(connection_text(state))
        self.connection.show()

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


def _waiting(queued: int) -> str:
    return f"{queued:,} waiting to send" if queued else ""


def connection_text(state: TeamState) -> str:
    if state.catching_up is not None:
        done, total = state.catching_up
        return f"Catching up {done:,} of {total:,}"
    parts = ["● Online" if state.online else "○ Offline", _waiting(state.queued)]
    return " · ".join(p for p in parts if p)


def connection_tip(state: TeamState) -> str:
    if state.catching_up is not None:
        return (
            "This computer is indexing the team library. Search answers from what is "
            "indexed so far; results fill in as it goes."
        )
    if state.online:
        text = (
            "Connected to the team library; new and changed materials arrive as they are published."
        )
    else:
        text = (
            "The team database cannot be reached. Search and previews use what this "
            "computer already has; ratings, requests and usage are kept here and sent "
            "when the connection is back."
        )
    return text + "\nClick to check now."
