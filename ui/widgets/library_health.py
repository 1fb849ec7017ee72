"""The "Library health" window: check the library, remove unused files, rebuild, back up.

What `enablement verify`, `gc`, `reindex` and `backup` do on the command
line. The menu shows the window to admins (whose role may clean the content
store); each button still asks the permission matrix for its own action, so
the window stays right if the menu's rule changes. One task runs at a
time, on the worker, with progress and Cancel; problems are listed as plain
text, results and errors are said in the window and the status bar.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..errors import message_for
from ..models.base import RowsModel, SortRole
from ..operations import maintenance as ops
from ..qtcompat import emit
from ..tasks import Cancelled

if TYPE_CHECKING:
    from enablement.backup import BackupSummary
    from enablement.verification import OrphanSweep

    from ..context import AppContext
    from ..tasks import Job


class ProblemsModel(RowsModel[ops.Problem]):
    COLUMNS = ("Problem", "Material", "File", "Detail")

    def text(self, row: ops.Problem, column: int) -> str:
        if column == 0:
            return row.kind_label
        if column == 1:
            if row.asset_id is None:
                return ""
            return f"#{row.asset_id} {row.title}".strip()
        return (row.file, row.detail)[column - 2]

    def sort_value(self, row: ops.Problem, column: int) -> object:
        if column == 1:
            return row.asset_id if row.asset_id is not None else -1
        return self.text(row, column)


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{int(value)} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} bytes"  # not reached


class LibraryHealthDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setObjectName("libraryHealth")
        self.setWindowTitle("Library health")
        self.resize(860, 520)
        self._job: Job | None = None
        self._task = ""  # what runs now, for the status line ("" when idle)
        self.report: ops.HealthReport | None = None
        self.rebuild = ops.IndexRebuild(ctx, parent)
        self.rebuild.progressed.connect(self._rebuild_progressed)
        self.rebuild.finished.connect(self._rebuilt)
        self.rebuild.failed.connect(self._rebuild_failed)

        intro = QLabel(
            "Check that every stored file is intact and the search index is complete. "
            "Checking re-reads every file, which takes a while on a big library.",
            self,
        )
        intro.setWordWrap(True)
        self.summary = QLabel("The library has not been checked yet.", self)
        self.summary.setObjectName("healthSummary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)

        self.model = ProblemsModel(self)
        proxy = QSortFilterProxyModel(self)
        proxy.setSourceModel(self.model)
        proxy.setSortRole(SortRole)
        self.table = QTableView(self)
        self.table.setObjectName("healthProblems")
        self.table.setModel(proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName("Problems found")

        self.progress = QProgressBar(self)
        self.progress.setObjectName("healthProgress")
        self.progress.hide()
        self.status = QLabel("", self)
        self.status.setObjectName("healthStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)

        self.check_button = self._button("checkLibrary", "&Check library", self.check)
        self.check_button.setDefault(True)
        self.clean_button = self._button("removeUnused", "&Remove unused files…",
                                         self.remove_unused)  # fmt: skip
        self.rebuild_button = self._button("rebuildIndex", "Re&build search index",
                                           self.rebuild_index)  # fmt: skip
        self.backup_button = self._button("backUp", "Back &up…", self.back_up)
        self.cancel_button = self._button("cancelTask", "Cancel", self.cancel)
        self.cancel_button.hide()
        self.close_button = self._button("closeHealth", "Close", self.close)
        buttons = QHBoxLayout()
        for button in (self.check_button, self.clean_button, self.rebuild_button,
                       self.backup_button):  # fmt: skip
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        ctx.tasks.progressed.connect(self._progressed)
        ctx.tasks.failed.connect(self._job_failed)
        self._idle()

    def _button(self, name: str, text: str, slot: object) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: slot())  # type: ignore[operator]
        return button

    def refresh(self) -> None:
        """Shown again: keep the last result (and a task still running); the person
        checks again when they want."""
        if not self.running:
            self._idle()

    @property
    def running(self) -> bool:
        return bool(self._task)

    # -- state ---------------------------------------------------------------------

    def _busy(self, task: str, *, cancellable: bool = True, total: int = 0) -> None:
        self._task = task
        self.status.setText(f"{task}…")
        self.progress.setRange(0, total)  # 0..0: a busy indicator until progress arrives
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.setVisible(cancellable)
        self.cancel_button.setEnabled(cancellable)
        for button in (self.check_button, self.clean_button, self.rebuild_button,
                       self.backup_button):  # fmt: skip
            button.setEnabled(False)

    def _idle(self, note: str | None = None) -> None:
        self._task = ""
        self._job = None
        self.progress.hide()
        self.cancel_button.hide()
        if note is not None:
            self.status.setText(note)
            emit(self._ctx.hub.status, note)
        self.check_button.setEnabled(self._ctx.may("VERIFY"))
        self.rebuild_button.setEnabled(self._ctx.may("REINDEX"))
        for button, permission in ((self.clean_button, "CLEAN_STORE"),
                                   (self.backup_button, "BACKUP")):  # fmt: skip
            button.setVisible(self._ctx.may(permission))
            button.setEnabled(self._ctx.may(permission))

    def _failed(self, error: BaseException) -> None:
        text, _known = message_for(error)
        self._idle()
        self.status.setText(text)
        emit(self._ctx.hub.error, text, True)

    def _progressed(self, job: Job, done: int, total: int, _text: str) -> None:
        if job is self._job and self.running:
            self._show_progress(done, total)

    def _show_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, total))
        self.status.setText(f"{self._task}: {done:,} of {total:,}…")

    def _job_failed(self, job: Job, error: BaseException) -> None:
        # A cancelled job's callbacks are dropped by the worker: end the run here.
        if job is self._job and (isinstance(error, Cancelled) or job.token.cancelled):
            self._idle(f"{self._task} cancelled; nothing was changed.")

    def cancel(self) -> None:
        if self._job is not None and self._task:
            self._job.cancel()
            self.status.setText(f"{self._task}: cancelling…")
            self.cancel_button.setEnabled(False)
        elif self.rebuild.running:
            self.rebuild.cancel()
            self.status.setText("Rebuilding the search index: cancelling…")
            self.cancel_button.setEnabled(False)

    # -- check ---------------------------------------------------------------------

    def check(self) -> None:
        if self.running or not self._ctx.may("VERIFY"):
            return
        self._busy("Checking the library")
        op = ops.check_library(self._ctx)
        self._job = op.success(self._checked).failure(self._failed).run(receiver=self)

    def _checked(self, report: ops.HealthReport) -> None:
        self.report = report
        self.model.set_rows(report.problems)
        self.table.resizeColumnsToContents()
        self.summary.setText(report.summary)
        self._idle(f"Library checked. {report.summary}")

    # -- remove unused files -------------------------------------------------------

    def remove_unused(self) -> None:
        if self.running or not self._ctx.may("CLEAN_STORE"):
            return
        self._busy("Looking for unused files", cancellable=False)
        op = ops.preview_cleanup(self._ctx)
        self._job = op.success(self._previewed).failure(self._failed).run(receiver=self)

    def _previewed(self, preview: ops.CleanupPreview) -> None:
        self._idle()
        plural = "s" if preview.kept != 1 else ""
        recent = (
            f"\n\n{preview.kept:,} more unused file{plural} stored in the last day "
            "are kept: an import may still be using them."
        )
        if not preview.removable:
            more = f" {recent.strip()}" if preview.kept else ""
            self._idle(f"There are no unused files to remove.{more}")
            return
        files = f"{preview.removable:,} unused file{'s' if preview.removable != 1 else ''}"
        text = (f"Remove {files} ({human_size(preview.size)}) that no material uses?"
                f"{recent if preview.kept else ''}\n\nThis cannot be undone.")  # fmt: skip
        if not self.confirm("Remove unused files", text):
            self._idle("Nothing was removed.")
            return
        self._busy("Removing unused files", cancellable=False)
        op = ops.remove_unused(self._ctx)
        self._job = op.success(self._removed).failure(self._failed).run(receiver=self)

    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(
            self, title, text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )  # fmt: skip
        return answer == QMessageBox.StandardButton.Yes

    def _removed(self, sweep: OrphanSweep) -> None:
        removed = len(sweep.deleted)
        note = f"Removed {removed:,} unused file{'s' if removed != 1 else ''}."
        if sweep.kept:
            note += f" Kept {len(sweep.kept):,} recent one{'s' if len(sweep.kept) != 1 else ''}."
        if self.report is not None:  # the listed orphans are gone: drop them from the table
            gone = set(sweep.deleted)
            rows = tuple(p for p in self.report.problems
                         if not (p.kind == "blob-orphaned" and p.file in gone))  # fmt: skip
            self.report = ops.HealthReport(self.report.files, rows)
            self.model.set_rows(rows)
            self.summary.setText(self.report.summary)
        self._idle(note)

    # -- rebuild -------------------------------------------------------------------

    def rebuild_index(self) -> None:
        if self.running or not self._ctx.may("REINDEX"):
            return
        self._busy("Rebuilding the search index")
        self.rebuild.start()
        self.status.setText("Rebuilding the search index; searching goes on meanwhile…")

    def _rebuild_progressed(self, done: int, total: int) -> None:
        if self._task:
            self._show_progress(done, total)

    def _rebuilt(self, complete: bool) -> None:
        if complete:
            self._idle("The search index was rebuilt.")
        else:
            self._idle(
                "The rebuild was stopped; search results may be incomplete until it is "
                "finished. It resumes when you rebuild again or at the next start."
            )

    def _rebuild_failed(self, error: BaseException) -> None:
        self._failed(error)

    # -- back up -------------------------------------------------------------------

    def back_up(self) -> None:
        if self.running or not self._ctx.may("BACKUP"):
            return
        folder = self.choose_folder()
        if folder is None:
            return
        stamp = datetime.now().strftime("%Y-%m-%d %H%M%S")
        destination = folder / f"Enablement backup {stamp}"
        self._busy("Backing up the library")
        op = ops.back_up(self._ctx, destination)
        self._job = op.success(self._backed_up).failure(self._failed).run(receiver=self)

    def choose_folder(self) -> Path | None:
        chosen = QFileDialog.getExistingDirectory(self, "Back up the library into")
        return Path(chosen) if chosen else None

    def _backed_up(self, summary: BackupSummary) -> None:
        self.backup_folder = summary.folder
        if summary.mode == "team":
            note = (f"Saved where the shared library lives in {summary.folder}; back up its "
                    "database and file store with their own tools.")  # fmt: skip
        else:
            note = f"Backed up {summary.blobs:,} files and the catalogue to {summary.folder}."
        self._idle(note)

    # -- closing -------------------------------------------------------------------

    def reject(self) -> None:  # Esc: cancel a task first, close when idle
        if self.running:
            self.cancel()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.running:
            emit(self._ctx.hub.status, f"{self._task} goes on in the background.")
        super().closeEvent(event)
