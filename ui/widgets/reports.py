"""The Reports screen (marketers and admins): pick a report, filter, read, export.

A report runs on the library worker whenever the report or a filter changes
(debounced), with a busy bar meanwhile; only the newest run is shown. Only
the filters the report's spec honours are enabled and sent. The table sorts
numbers as numbers; the chart sits above it. Errors of this screen appear in
one banner above the table. On "Search gaps", "Request this…" turns a gap
into a material request after the person confirms.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..app import bind_icon
from ..errors import message_for
from ..models.report_table import ReportSortProxy, ReportTableModel
from ..operations import reports as ops
from .report_chart import ReportChart
from .report_filters import FilterBar, today_utc

if TYPE_CHECKING:
    from enablement.changes import Changes
    from enablement.reports import Report
    from enablement.services.requests import RequestInfo

    from ..context import AppContext
    from ..tasks import Job

DEBOUNCE_MS = 250
ACTION_LABEL = "Request this…"


class ReportsWindow(QMainWindow):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("reportsWindow")
        self.setWindowTitle("Reports — Enablement")
        self.report: Report | None = None
        self._seq = 0
        self._job: Job | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run)
        self.bar = FilterBar(ctx, self)
        self._build_body()
        self._build_actions()
        self.bar.connect_changes(self._schedule)
        self.view.clicked.connect(self._clicked)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_actions())
        ctx.hub.changes_applied.connect(self._changes_applied)
        if parent is not None:
            parent.installEventFilter(self)
        self.resize(1100, 760)
        self.bar.update_enabled()
        ops.filter_choices(ctx).success(self.bar.set_choices).failure(self._show_error).run(
            receiver=self
        )

    @classmethod
    def open_for(cls, ctx: AppContext, parent: QWidget) -> ReportsWindow:
        """Show the parent's Reports window, creating it (and running a report) once."""
        window = parent.findChild(ReportsWindow, "reportsWindow")
        if window is None:
            window = cls(ctx, parent)
            window.run()
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def _build_body(self) -> None:
        self.error = QLabel(self)
        self.error.setObjectName("reportError")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("QLabel { color: palette(bright-text); font-weight: bold; }")
        self.error.hide()
        self.busy = QProgressBar(self)
        self.busy.setObjectName("reportBusy")
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(160)
        self.busy.setAccessibleName("Running the report")
        self.busy.hide()
        self.summary = QLabel(self)
        self.summary.setObjectName("reportSummary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.chart = ReportChart(self)
        self.model = ReportTableModel(self)
        self.proxy = ReportSortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView(self)
        self.view.setObjectName("reportTable")
        self.view.setAccessibleName("Report rows")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.verticalHeader().hide()
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.chart)
        self.splitter.addWidget(self.view)
        self.splitter.setSizes([320, 380])
        status = QHBoxLayout()
        status.addWidget(self.summary, 1)
        status.addWidget(self.busy)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.addWidget(self.bar)
        layout.addWidget(self.error)
        layout.addLayout(status)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(body)

    def _build_actions(self) -> None:
        def action(name: str, text: str, slot: Any, keys: Any = None, icon: str = "") -> QAction:
            made = QAction(text, self)
            made.setObjectName(name)
            if keys is not None:
                made.setShortcut(QKeySequence(keys))
            if icon:
                bind_icon(made, icon)
            made.triggered.connect(lambda _checked=False: slot())
            return made

        self.actions_by_name = {
            "refresh": action("refresh", "&Refresh", self.run, "F5", "refresh"),
            "exportCsv": action("exportCsv", "Export &CSV…", lambda: self.export("csv"),
                                "Ctrl+S", "export"),
            "exportXlsx": action("exportXlsx", "Export &XLSX…", lambda: self.export("xlsx"),
                                 "Ctrl+Shift+S", "export"),
            "copyChart": action("copyChart", "Co&py chart", self.copy_chart, "Ctrl+Shift+C"),
            "requestGap": action("requestGap", ACTION_LABEL, self.request_current, None,
                                 "request"),
        }  # fmt: skip
        toolbar = self.addToolBar("Report")
        toolbar.setObjectName("reportToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for made in self.actions_by_name.values():
            toolbar.addAction(made)
            self.addAction(made)
        self._update_actions()

    # -- running ---------------------------------------------------------------------

    def _schedule(self) -> None:
        self.bar.update_enabled()
        self._timer.start()

    def run(self) -> None:
        """Run the chosen report with the current filters on the worker."""
        self._timer.stop()
        self.bar.update_enabled()
        self._seq += 1
        seq = self._seq
        if self._job is not None:
            self._job.cancel()  # still queued: skipped; already running: result ignored
        self._set_busy(True)
        op = ops.run_report(self.ctx, self.bar.name(), self.bar.filters())
        op.success(lambda report: self._shown(seq, report))
        op.failure(lambda error: self._failed(seq, error))
        self._job = op.run(receiver=self)

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        if busy:
            self.statusBar().showMessage("Running the report…")
        else:
            self.statusBar().clearMessage()

    def is_busy(self) -> bool:
        return self.busy.isVisible()

    def _shown(self, seq: int, report: Report) -> None:
        if seq != self._seq:
            return
        self._job = None
        self._set_busy(False)
        self._show_error(None)
        self.report = report
        gaps = report.name == "search-gaps" and self.ctx.may("REQUEST_MATERIAL")
        header = self.view.horizontalHeader()
        for logical in range(header.count()):  # undo the action column's move, if any
            header.moveSection(header.visualIndex(logical), logical)
        self.model.set_report(report, ACTION_LABEL if gaps else None)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.proxy.sort(-1)
        if self.model.action_column is not None:  # the one-click action first, in view
            header.moveSection(header.visualIndex(self.model.action_column), 0)
        self.view.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            self.view.setColumnWidth(column, min(self.view.columnWidth(column), 320))
        self.chart.set_report(report, self.bar.labels())
        from enablement.reports.export import plain

        facts = [f"{key}: {plain(value) if value is not None else '—'}"
                 for key, value in report.summary]  # fmt: skip
        count = f"{len(report.rows)} row{'s' if len(report.rows) != 1 else ''}"
        self.summary.setText(" · ".join([report.title, count, *facts]))
        self._update_actions()

    def _failed(self, seq: int, error: BaseException) -> None:
        if seq != self._seq:
            return
        self._job = None
        self._set_busy(False)
        self._show_error(error)

    def _show_error(self, error: BaseException | str | None) -> None:
        """The one place this screen shows errors; None clears it."""
        if error is None:
            self.error.clear()
            self.error.hide()
            return
        text = error if isinstance(error, str) else message_for(error)[0]
        self.error.setText(text)
        self.error.show()

    def _changes_applied(self, changes: Changes) -> None:
        affected = {"requests": bool(changes.requests), "coverage": bool(changes.requests),
                    "ratings": changes.ratings}  # fmt: skip
        if self.isVisible() and affected.get(self.bar.name()):
            self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parent() and event.type() == QEvent.Type.Close:
            self.close()
        return super().eventFilter(watched, event)

    # -- actions ---------------------------------------------------------------------

    def _update_actions(self) -> None:
        has_report = self.report is not None
        for name in ("exportCsv", "exportXlsx"):
            self.actions_by_name[name].setEnabled(has_report)
        self.actions_by_name["copyChart"].setEnabled(self.chart.current() is not None)
        gaps = self.model.action_column is not None
        request = self.actions_by_name["requestGap"]
        request.setVisible(gaps)
        request.setEnabled(gaps and self.view.currentIndex().isValid())

    def export(self, fmt: ops.ExportFormat) -> None:
        if self.report is None:
            return
        folder = str(self.ctx.settings.value("reports/folder", str(Path.home())))
        last_day = self.report.filters.last_day if self.report.filters else today_utc()
        suggested = Path(folder) / f"{self.report.name}-{last_day}.{fmt}"
        kinds = "CSV (*.csv)" if fmt == "csv" else "Excel workbook (*.xlsx)"
        chosen, _ = QFileDialog.getSaveFileName(self, "Export report", str(suggested), kinds)
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != f".{fmt}":
            path = path.with_name(f"{path.name}.{fmt}")
        self.ctx.settings.setValue("reports/folder", str(path.parent))
        op = ops.export_report(self.ctx, self.report, path, fmt)
        op.success(lambda done: self.statusBar().showMessage(f"Exported to {done}", 8000))
        op.failure(self._show_error).run(receiver=self)

    def copy_chart(self) -> None:
        if self.chart.current() is None:
            return
        QGuiApplication.clipboard().setImage(self.chart.image())
        self.statusBar().showMessage("Chart copied as an image.", 5000)

    def _clicked(self, index: QModelIndex) -> None:
        source = self.proxy.mapToSource(index)
        if source.column() == self.model.action_column:
            self.request_gap(source.row())

    def request_current(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.request_gap(self.proxy.mapToSource(index).row())

    def request_gap(self, row: int) -> QMessageBox | None:
        """Ask, then file a request for the search gap in (source) `row`."""
        record = self.model.record(row)
        if record is None or self.model.action_column is None:
            return None
        from enablement.reports.searches import gap_request

        draft = gap_request(record)
        where = ", ".join(x for x in (draft.situation, draft.segment) if x) or "any situation"
        box = QMessageBox(QMessageBox.Icon.Question, "Request this",
                          f"File a material request “{draft.title}” ({where})?",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                          self)  # fmt: skip
        box.setObjectName("confirmGapRequest")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText(draft.details)
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(result: int) -> None:
            if result == QMessageBox.StandardButton.Yes:
                op = ops.request_from_gap(self.ctx, record)
                op.success(self._requested).failure(self._show_error).run(receiver=self)

        box.finished.connect(answered)
        box.open()
        self.confirm_box = box
        return box

    def _requested(self, request: RequestInfo) -> None:
        self.statusBar().showMessage(f"Request #{request.id} filed: {request.title}", 8000)
