"""Import files and folders: options first, then per-file outcomes while it runs.

The dialog is not modal; the person keeps searching and previewing meanwhile.
The run is a chain of small jobs on the library worker: one walks the folders,
then each imports `IMPORT_BATCH` files and, when it is back, the next is
queued. Anything else the person asks for queues between two batches, so it
waits seconds, not minutes. Cancel stops after the file being imported; the
files already imported stay. Closing the window while it runs only hides it:
the import goes on and the status bar reports the end.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..errors import message_for
from ..models.marketing_models import ImportResultsModel
from ..operations import marketing_assets as ops
from ..qtcompat import emit
from ..tasks import Cancelled, CancelToken, Job
from .asset_editor import TagPicker

if TYPE_CHECKING:
    from enablement.ingest import ImportResult

    from ..context import AppContext


def describe_paths(paths: Sequence[Path]) -> str:
    names = [p.name or str(p) for p in paths[:3]]  # no disk access on the UI thread
    more = f" and {len(paths) - 3} more" if len(paths) > 3 else ""
    return ", ".join(names) + more


class ImportDialog(QDialog):
    def __init__(
        self, ctx: AppContext, paths: Sequence[Path], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.paths = list(paths)
        self.files: list[Path] = []
        self.position = 0
        self.running = False
        self.finished_run = False
        self.cancelled = False
        self._token = CancelToken()
        self._job: Job | None = None
        self.settings = ops.ImportSettings()
        self.setObjectName("importDialog")
        self.setWindowTitle("Import files")
        self.setModal(False)
        self.resize(760, 560)

        what = QLabel(f"Import {describe_paths(self.paths)}", self)
        what.setTextFormat(Qt.TextFormat.PlainText)
        what.setWordWrap(True)
        self.options = QGroupBox("Before importing", self)
        taxonomy = ctx.opened.taxonomy if ctx.opened else ()
        self.tags = TagPicker(
            [c for c in taxonomy if c.slug in ("situation", "segment", "industry", "product")],
            self.options,
        )
        self.tags.setObjectName("importTags")
        self.publish = QCheckBox(
            "&Publish right away (files without a situation and a segment tag stay drafts)",
            self.options,
        )
        self.publish.setObjectName("publish")
        self.publish.setVisible(ctx.may("PUBLISH"))
        options_layout = QVBoxLayout(self.options)
        options_layout.addWidget(QLabel("Tags for every imported file:", self.options))
        options_layout.addWidget(self.tags)
        options_layout.addWidget(self.publish)

        self.progress = QProgressBar(self)
        self.progress.setObjectName("importProgress")
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.current = QLabel(self)
        self.current.setObjectName("currentFile")
        self.current.setTextFormat(Qt.TextFormat.PlainText)
        self.summary = QLabel(self)
        self.summary.setObjectName("importSummary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.results = ImportResultsModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("importResults")
        self.table.setAccessibleName("Import results")
        self.table.setModel(self.results)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setWordWrap(True)

        self.start_button = QPushButton("&Import", self)
        self.start_button.setObjectName("startImport")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setObjectName("cancelImport")
        self.cancel_button.clicked.connect(self.cancel_or_close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.current, 1)
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.addWidget(what)
        layout.addWidget(self.options)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        ctx.tasks.progressed.connect(self._progressed)
        ctx.tasks.failed.connect(self._job_failed)

    # -- the run -------------------------------------------------------------------

    def start(self) -> None:
        if self.running or self.finished_run:
            return
        self.running = True
        self.options.setEnabled(False)
        self.start_button.hide()
        self.progress.show()
        self.current.setText("Looking for files…")
        self.settings = ops.ImportSettings(
            tuple(sorted(self.tags.values())), self.publish.isChecked()
        )
        op = ops.expand_import(self._ctx, self.paths)
        op.success(self._expanded).failure(self._run_failed)
        self._job = op.run(receiver=self)

    def _expanded(self, files: list[Path]) -> None:
        self.files = files
        if not files:
            self._finish("There are no files to import here.")
            return
        self.progress.setRange(0, len(files))
        self.progress.setValue(0)
        self._next()

    def _next(self) -> None:
        if self._token.cancelled:
            self._finish()
            return
        if self.position >= len(self.files):
            self._finish()
            return
        batch = self.files[self.position : self.position + ops.IMPORT_BATCH]
        op = ops.import_batch(
            self._ctx,
            batch,
            self.settings,
            done_before=self.position,
            total=len(self.files),
            stop=lambda: self._token.cancelled,
        )
        op.success(lambda results: self._batch_done(len(batch), results))
        op.failure(self._run_failed)
        self._job = op.run(receiver=self)

    def _batch_done(self, size: int, results: list[ImportResult]) -> None:
        job = self._job
        if job is not None and job.token.cancelled:  # cancelled from the status bar
            self._token.cancel()
        self.results.append_rows(results)
        self.position += len(results) if self._token.cancelled else size
        self.progress.setValue(min(self.position, len(self.files)))
        self._show_counts()
        self._next()

    def _progressed(self, job: Job, done: int, total: int, text: str) -> None:
        if job is not self._job or not self.running:
            return
        self.progress.setValue(min(done, total))
        if text:
            self.current.setText(f"{min(done + 1, total)} of {total}: {text}")

    def _job_failed(self, job: Job, error: BaseException) -> None:
        # A batch cancelled before it started is dropped by the worker without a callback.
        if job is self._job and isinstance(error, Cancelled) and self.running:
            self._token.cancel()
            self._finish()

    def _run_failed(self, error: BaseException) -> None:
        text, _known = message_for(error)
        self._finish(f"The import stopped: {text}")

    def _show_counts(self) -> None:
        c = self.results.counts()
        self.summary.setText(
            f"{self.position} of {len(self.files)} files · {c['imported']} imported · "
            f"{c['duplicate']} duplicate · {c['failed']} failed"
        )

    def _finish(self, note: str = "") -> None:
        if not self.running:
            return
        self.running = False
        self.finished_run = True
        self._job = None
        self.cancelled = self._token.cancelled
        self._show_counts()
        left = len(self.files) - self.position
        if note:
            end = note
        elif self.cancelled:
            end = f"Import cancelled; {left} file{'s' if left != 1 else ''} not imported."
        else:
            end = "Import finished."
        self.current.setText(end)
        self.progress.setRange(0, max(1, len(self.files)))
        self.progress.setValue(self.position if self.files else 1)
        self.cancel_button.setText("Close")
        if self.files:
            emit(self._ctx.hub.status, f"{end} {self.summary.text()}")

    def cancel(self) -> None:
        if self.running:
            self._token.cancel()
            if self._job is not None:
                self._job.cancel()
            self.current.setText("Cancelling after the current file…")

    def cancel_or_close(self) -> None:
        if self.running:
            self.cancel()
        else:
            self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.running:
            emit(self._ctx.hub.status, "The import goes on in the background.")
        super().closeEvent(event)

    def reject(self) -> None:  # Esc: cancel a run first, close when idle
        if self.running:
            self.cancel()
            return
        super().reject()
