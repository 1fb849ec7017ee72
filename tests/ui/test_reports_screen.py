# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot key/mouse helpers and ModelTester.check are untyped)
"""The Reports screen, as a marketer uses it: pick, filter, read, chart, export, request.

The library is the UI test library plus some activity by the seller (views,
searches with and without results, ratings, a request) and one asset with a
hostile title, built once for this module.
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from enablement.library import Library, open_library
from enablement.reports import REPORTS, Chart, Column, Report
from tests.enablement.conftest import settings_for
from ui.models.report_table import HeatmapModel, RawRole, ReportSortProxy, ReportTableModel
from ui.widgets.main_window import MainWindow
from ui.widgets.reports import ReportsWindow

from .conftest import MARKETER, OWNER, SELLER

HOSTILE = "=cmd|' /C calc'!A0 Pricing"
GAP_QUERY = "blockchain onboarding"


def _close(lib: Library) -> None:
    lib.close()
    lib.index.close()
    lib.engine.dispose()


@pytest.fixture(scope="module")
def reports_template(ui_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("reports") / "library"
    shutil.copytree(ui_template, home)
    owner = open_library(settings_for(home, OWNER))
    try:
        assets = sorted(owner.assets.list(), key=lambda a: a.id)
        pdf = next(a.id for a in assets if a.kind == "pdf")
        owner.assets.update(pdf, title=HOSTILE)
    finally:
        _close(owner)
    seller = open_library(settings_for(home, SELLER))
    try:
        for n, asset in enumerate(assets):
            for _ in range(n + 1):
                seller.usage.record("view", asset_id=asset.id)
        seller.usage.record("open", asset_id=pdf)
        seller.usage.record("export", asset_id=pdf)
        seller.search("pricing")
        for _ in range(2):
            seller.search(GAP_QUERY, filters={"situation": ["Discovery"], "segment": ["SMB"]})
        seller.ratings.rate(assets[0].id, 2, comment="Too long for a first call")
        seller.ratings.rate(assets[1].id, 5, comment="Great")
        seller.requests.create("Battlecard against Acme", situation="discovery", segment="smb")
    finally:
        _close(seller)
    return home


@pytest.fixture
def library_home(reports_template: Path, tmp_path: Path) -> Path:
    home = tmp_path / "library"
    shutil.copytree(reports_template, home)
    return home


def open_reports(qtbot: QtBot, window: MainWindow) -> ReportsWindow:
    action = window.actions_by_name["reports"]
    assert action.isVisible() and action.isEnabled()
    assert action.shortcut() == QKeySequence("Ctrl+Shift+R")
    qtbot.keyClick(
        window,
        Qt.Key.Key_R,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    screen = window.findChild(ReportsWindow, "reportsWindow")
    assert screen is not None and screen.isVisible()
    wait_for(qtbot, screen, "usage")
    return screen


def wait_for(qtbot: QtBot, screen: ReportsWindow, name: str) -> Report:
    qtbot.waitUntil(
        lambda: screen.report is not None and screen.report.name == name and not screen.is_busy(),
        timeout=15000,
    )
    assert screen.report is not None
    return screen.report


def pick(qtbot: QtBot, screen: ReportsWindow, name: str) -> Report:
    screen.bar.report.setCurrentIndex(screen.bar.report.findData(name))
    return wait_for(qtbot, screen, name)


def shown_rows(screen: ReportsWindow) -> list[tuple[object, ...]]:
    model = screen.model
    columns = len(screen.report.columns) if screen.report else 0
    return [
        tuple(model.index(r, c).data(RawRole) for c in range(columns))
        for r in range(model.rowCount())
    ]


def test_a_marketer_reads_every_report_with_a_chart(
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    open_as: Callable[[str], Library],
    qtmodeltester: ModelTester,
) -> None:
    screen = open_reports(qtbot, make_window(MARKETER))
    lib = open_as(MARKETER)
    assert [screen.bar.report.itemText(i) for i in range(screen.bar.report.count())] == [
        spec.title for spec in REPORTS.values()
    ]
    for name in REPORTS:
        report = pick(qtbot, screen, name)
        expected = lib.reports.run(name, screen.bar.filters())
        assert report.rows == expected.rows and shown_rows(screen) == list(expected.rows), name
        assert screen.view.model().rowCount() == len(expected.rows)
        qtmodeltester.check(screen.model)
        chart = screen.chart.current()
        if name == "coverage":
            assert chart is not None and chart.chart.kind == "heatmap"
            grid = screen.chart.heatmap_model
            qtmodeltester.check(grid)
            assert screen.chart.stack.currentWidget() is screen.chart.heatmap
            assert grid.rowCount() > 1 and grid.columnCount() > 1
            total = sum(
                float(grid.index(r, c).data(RawRole))
                for r in range(grid.rowCount())
                for c in range(grid.columnCount())
            )
            assert total == sum(expected.column("assets"))  # type: ignore[arg-type]
            assert grid.index(0, 0).data() is not None  # every cell is labelled
        else:
            assert chart is not None, name
            assert screen.chart.series_count() > 0, name
            assert screen.chart.stack.currentWidget() is screen.chart.view
    assert len(screen.findChildren(QMessageBox)) == 0 and not screen.error.isVisible()


def test_usage_top_assets_bar_and_numeric_sort(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    screen = open_reports(qtbot, make_window(MARKETER))
    first = screen.chart.current()
    assert first is not None and first.chart.kind == "line"
    screen.chart.picker.setCurrentIndex(1)
    choice = screen.chart.current()
    assert choice is not None and choice.label == "Top assets" and choice.chart.kind == "bar"
    assert screen.chart.series_count() == 1
    total = [c.key for c in screen.report.columns].index("total")  # type: ignore[union-attr]
    header = screen.view.horizontalHeader()
    x = header.sectionViewportPosition(total) + header.sectionSize(total) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    proxy = screen.view.model()
    values = [proxy.index(r, total).data(RawRole) for r in range(proxy.rowCount())]
    assert values in (sorted(values), sorted(values, reverse=True)) and len(set(values)) > 1


def test_only_the_filters_a_report_honours_are_enabled_and_sent(
    qtbot: QtBot, make_window: Callable[..., MainWindow], open_as: Callable[[str], Library]
) -> None:
    screen = open_reports(qtbot, make_window(MARKETER))
    bar = screen.bar
    pick(qtbot, screen, "unused")
    assert bar.days.isEnabled() and not bar.since.isEnabled() and bar.owner.isEnabled()
    qtbot.waitUntil(lambda: bar.owner.findData(OWNER) > 0)
    bar.owner.setCurrentIndex(bar.owner.findData(OWNER))
    bar.days.setValue(3)
    qtbot.waitUntil(lambda: screen.report is not None and "3 days" in screen.report.title)
    qtbot.waitUntil(lambda: not screen.is_busy())
    filters = bar.filters()
    assert (filters.owner, filters.days, filters.since) == (OWNER, 3, None)
    assert shown_rows(screen) == list(open_as(MARKETER).reports.run("unused", filters).rows)

    pick(qtbot, screen, "adoption")
    assert bar.segment.isEnabled() and bar.since.isEnabled()
    assert not any(w.isEnabled() for w in (bar.owner, bar.type, bar.situation, bar.days))
    filters = bar.filters()
    assert filters.owner is None and filters.days == 90


def test_errors_show_in_the_banner(qtbot: QtBot, make_window: Callable[..., MainWindow]) -> None:
    screen = open_reports(qtbot, make_window(MARKETER))
    screen.bar.since.setDate(screen.bar.until.date().addDays(5))
    qtbot.waitUntil(screen.error.isVisible, timeout=15000)
    assert "--since must be on or before --until" in screen.error.text()
    assert not screen.is_busy()
    screen.bar.since.setDate(screen.bar.until.date().addDays(-30))
    qtbot.waitUntil(lambda: not screen.error.isVisible(), timeout=15000)


def test_export_csv_and_xlsx_neutralise_hostile_cells(
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    screen = open_reports(qtbot, make_window(MARKETER))
    assert HOSTILE in screen.report.column("title")  # type: ignore[union-attr]
    target = tmp_path / "usage"
    monkeypatch.setattr(
        "ui.widgets.reports.QFileDialog.getSaveFileName", lambda *_args, **_kw: (str(target), "")
    )
    screen.actions_by_name["exportCsv"].trigger()
    csv_file = tmp_path / "usage.csv"
    qtbot.waitUntil(csv_file.exists, timeout=10000)
    with csv_file.open(encoding="utf-8", newline="") as stream:
        cells = [cell for row in csv.reader(stream) for cell in row]
    assert f"'{HOSTILE}" in cells and HOSTILE not in cells

    screen.actions_by_name["exportXlsx"].trigger()
    xlsx_file = tmp_path / "usage.xlsx"
    qtbot.waitUntil(xlsx_file.exists, timeout=10000)
    import openpyxl  # type: ignore[import-untyped]  # no stubs installed

    sheet = openpyxl.load_workbook(xlsx_file)["Report"]
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert f"'{HOSTILE}" in values and HOSTILE not in values
    assert not list(tmp_path.glob(".*.part"))


def test_copy_chart_as_image(qtbot: QtBot, make_window: Callable[..., MainWindow]) -> None:
    screen = open_reports(qtbot, make_window(MARKETER))
    QGuiApplication.clipboard().clear()
    screen.actions_by_name["copyChart"].trigger()
    image = QGuiApplication.clipboard().image()
    assert not image.isNull() and image.width() > 50


def test_a_search_gap_becomes_a_request(
    qtbot: QtBot, make_window: Callable[..., MainWindow], open_as: Callable[[str], Library]
) -> None:
    screen = open_reports(qtbot, make_window(MARKETER))
    report = pick(qtbot, screen, "search-gaps")
    row = report.column("query").index(GAP_QUERY)
    action_column = screen.model.action_column
    assert action_column is not None
    index = screen.proxy.mapFromSource(screen.model.index(row, action_column))
    assert index.data() == "Request this…"
    screen.view.scrollTo(index)
    qtbot.mouseClick(
        screen.view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=screen.view.visualRect(index).center(),
    )
    box = screen.findChild(QMessageBox, "confirmGapRequest")
    assert box is not None and box.isVisible() and GAP_QUERY in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    lib = open_as(MARKETER)
    qtbot.waitUntil(lambda: any(r.title == GAP_QUERY for r in lib.requests.list()), timeout=10000)
    [made] = [r for r in lib.requests.list() if r.title == GAP_QUERY]
    assert made.requester == MARKETER and "Searched 2 times" in made.details
    assert made.situation is not None and made.segment is not None
    qtbot.waitUntil(lambda: "filed" in screen.statusBar().currentMessage())


def test_a_seller_has_no_reports_entry(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window = make_window(SELLER)
    action = window.actions_by_name["reports"]
    assert not action.isVisible() and not action.isEnabled()
    menus = [m.menu() for m in window.menuBar().actions()]
    visible = [
        a.text() for m in menus if isinstance(m, QMenu) for a in m.actions() if a.isVisible()
    ]
    assert not any("Reports" in text for text in visible)
    window.show_reports()
    assert window.findChild(ReportsWindow) is None


# -- models, without a library ------------------------------------------------------


def _report() -> Report:
    columns = (
        Column("title", "Title"),
        Column("n", "Uses", "int"),
        Column("share", "Share", "percent"),
        Column("day", "Day", "date"),
    )
    rows = (("b", 9, 0.5, date(2024, 1, 2)), ("=a", 10, None, None), ("c", 100, 0.25, None))
    return Report(name="t", title="T", columns=columns, rows=rows)


def test_report_table_model_sorts_numbers_as_numbers(qtmodeltester: ModelTester) -> None:
    model = ReportTableModel()
    model.set_report(_report(), "Request this…")
    qtmodeltester.check(model)
    proxy = ReportSortProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    proxy.sort(1, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, 1).data() for r in range(3)] == ["9", "10", "100"]
    assert model.index(1, 0).data() == "=a"  # shown as typed; neutralised only in exports
    assert model.index(0, 2).data() == "50.0 %" and model.index(1, 2).data() == ""
    assert model.record(1) == {"title": "=a", "n": 10, "share": None, "day": None}
    model.set_report(None)
    qtmodeltester.check(model)
    assert model.rowCount(QModelIndex()) == 0


def test_heatmap_model_colours_cells_by_value(qtmodeltester: ModelTester) -> None:
    columns = (
        Column("situation", "Situation"),
        Column("segment", "Segment"),
        Column("assets", "Assets", "int"),
        Column("uses", "Uses", "int"),
    )
    rows = (
        ("demo", "smb", 0, 3),
        ("demo", "ent", 4, 1),
        ("close", "smb", 2, 0),
        ("close", "ent", 1, 9),
    )
    chart = Chart(
        kind="heatmap", x="segment", y=("situation",), columns=columns, rows=rows, value="assets"
    )
    model = HeatmapModel()
    model.set_chart(chart, {"smb": "SMB", "demo": "Demo"})
    qtmodeltester.check(model)
    assert (model.rowCount(), model.columnCount()) == (2, 2)
    assert model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) == "SMB"
    assert model.index(0, 1).data() == "4" and model.index(0, 0).data() == "0"
    light = model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole)
    dark = model.index(0, 1).data(Qt.ItemDataRole.BackgroundRole)
    assert dark.lightness() < light.lightness()
    model.set_chart(chart, metric="uses")
    assert model.index(1, 1).data() == "9"
