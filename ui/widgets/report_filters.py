"""The Reports screen's filter bar: which report, and the filters its spec honours.

`FilterBar` holds the report picker and the date, segment, situation, owner,
type and days filters; only the filters the chosen report's spec honours are
enabled, and `filters()` builds the `ReportFilters` sent to the worker.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QDateEdit, QGridLayout, QLabel, QSpinBox, QWidget

from ..models.results import kind_label
from ..operations import reports as ops

if TYPE_CHECKING:
    from enablement.reports import ReportFilters, ReportSpec

    from ..context import AppContext


def today_utc() -> date:
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
        today = today_utc()
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
