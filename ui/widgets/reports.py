"""The Reports screen (marketers and admins): pick a report, filter, read, export.

A report runs on the library worker whenever the report or a filter changes
(debounced), with a busy bar meanwhile; only the newest run is shown. Only
the filters the report's spec honours are enabled and sent. The table sorts
numbers as numbers; the chart sits above it. Errors of this screen appear in
one banner above the table. On "Search gaps", "Request this…" turns a gap
into a material request after the person confirms.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..app import bind_icon
from ..errors import message_for
from ..models.report_table import ReportSortProxy, ReportTableModel
from ..models.results import kind_label
from ..operations import reports as ops
from .report_chart import ReportChart

if TYPE_CHECKING:
    from enablement.changes import Changes
    from enablement.reports import Report, ReportFilters, ReportSpec
    from enablement.services.requests import RequestInfo

    from ..context import AppContext
    from ..tasks import Job

DEBOUNCE_MS = 250
ACTION_LABEL = "Request this…"


def _today() -> date:
    return datetime.now(UTC).date()


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class FilterBar(QWidget):
    """The report picker and the filters; `filters()` builds what the spec honours."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from enablement.reports import REPORTS

        self.specs: dict[str, ReportSpec] = dict(REPORTS)
        self.report = QComboBox(self)
        self.report.setObjectName("reportPicker")
        for spec in self.specs.values():
            self.report.addItem(spec.title, spec.name)
            self.report.setItemData(self.report.count() - 1, spec.description,
                                    Qt.ItemDataRole.ToolTipRole)  # fmt: skip
        self.description = QLabel(self)
        self.description.setTextFormat(Qt.TextFormat.PlainText)
        self.description.setWordWrap(True)
        today = _today()
        self.since = self._date_edit("since", today - timedelta(days=89))
        self.until = self._date_edit("until", today)
        opened = ctx.opened
        self.segment = self._combo("segment", "Any segment",
                                   self._tags(opened, "segment"))  # fmt: skip
        self.situation = self._combo("situation", "Any situation",
                                     self._tags(opened, "situation"))  # fmt: skip
        self.owner = self._combo("owner", "Any owner", [])
        self.type = self._combo("type", "Any type", [])
        self.days = QSpinBox(self)
        self.days.setObjectName("days")
        self.days.setRange(1, 3650)
        self.days.setValue(90)
        self.days.setSuffix(" days")
        self.widgets: dict[str, QWidget] = {
            "since": self.since, "until": self.until, "segment": self.segment,
            "situation": self.situation, "owner": self.owner, "type": self.type,
            "days": self.days,
        }  # fmt: skip
        self._layout()

    def _layout(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        cells: list[tuple[str, QWidget]] = [
            ("&Report:", self.report),
            ("&From:", self.since),
            ("&To:", self.until),
            ("Se&gment:", self.segment),
            ("S&ituation:", self.situation),
            ("&Owner:", self.owner),
            ("T&ype:", self.type),
            ("&Unused for:", self.days),
        ]
        for i, (text, widget) in enumerate(cells):
            label = QLabel(text, self)
            label.setBuddy(widget)
            row, column = (0, 0) if i == 0 else (1 + (i - 1) // 4, ((i - 1) % 4) * 2)
            grid.addWidget(label, row, column)
            grid.addWidget(widget, row, column + 1)
        grid.addWidget(self.description, 0, 2, 1, 6)

    def _date_edit(self, name: str, day: date) -> QDateEdit:
        edit = QDateEdit(_qdate(day), self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    def _combo(self, name: str, anything: str, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.addItem(anything, None)
        for value, text in items:
            combo.addItem(text, value)
        return combo

    @staticmethod
    def _tags(opened: Any, category: str) -> list[tuple[str, str]]:
        for found in opened.taxonomy if opened is not None else ():
            if found.slug == category:
                return [(t.slug, t.label) for t in found.tags if not t.retired]
        return []

    def set_choices(self, choices: ops.FilterChoices) -> None:
        for combo, items in ((self.owner, list(choices.owners)),
                             (self.type, [(k, kind_label(k)) for k in choices.types])):  # fmt: skip
            current = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for value, text in items:
                combo.addItem(text, value)
            combo.setCurrentIndex(max(combo.findData(current), 0))
            combo.blockSignals(False)

    def labels(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for combo in (self.segment, self.situation):
            for i in range(1, combo.count()):
                out[str(combo.itemData(i))] = combo.itemText(i)
        return out

    def name(self) -> str:
        return str(self.report.currentData())

    def spec(self) -> ReportSpec:
        return self.specs[self.name()]

    def honoured(self) -> set[str]:
        names = {"until", *self.spec().filters}
        if self.name() != "unused":  # "unused" looks back N days from `until`
            names.add("since")
        return names

    def update_enabled(self) -> None:
        self.description.setText(self.spec().description)
        honoured = self.honoured()
        for name, widget in self.widgets.items():
            widget.setEnabled(name in honoured)
            widget.setToolTip("" if name in honoured else "This report does not use this filter")

    def filters(self) -> ReportFilters:
        from enablement.reports import ReportFilters

        on = self.honoured()

        def pick(name: str) -> str | None:
            combo: QComboBox = self.widgets[name]  # type: ignore[assignment]
            value = combo.currentData()
            return str(value) if name in on and value else None

        return ReportFilters(
            since=_pydate(self.since.date()) if "since" in on else None,
            until=_pydate(self.until.date()),
            segment=pick("segment"),
            situation=pick("situation"),
            owner=pick("owner"),
            type=pick("type"),
            days=self.days.value() if "days" in on else 90,
        )

    def connect_changes(self, slot: Any) -> None:
        self.report.currentIndexChanged.connect(lambda _i: slot())
        for edit in (self.since, self.until):
            edit.dateChanged.connect(lambda _d: slot())
        for combo in (self.segment, self.situation, self.owner, self.type):
            combo.currentIndexChanged.connect(lambda _i: slot())
        self.days.valueChanged.connect(lambda _v: slot())


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
        ops.filter_choices(ctx).success(self.bar.set_choices).failure(self._show_error).run()

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
        self._job = op.run()

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
        last_day = self.report.filters.last_day if self.report.filters else _today()
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
        op.failure(self._show_error).run()

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
                op.success(self._requested).failure(self._show_error).run()

        box.finished.connect(answered)
        box.open()
        self.confirm_box = box
        return box

    def _requested(self, request: RequestInfo) -> None:
        self.statusBar().showMessage(f"Request #{request.id} filed: {request.title}", 8000)
