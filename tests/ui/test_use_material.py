# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot key/mouse helpers and ModelTester.check are untyped)
"""Previewing, opening, rating, requesting and kits, as a seller would do them."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QModelIndex, QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from pytestqt.qtbot import QtBot

from enablement.library import Library
from ui.widgets.kits import NewKitDialog
from ui.widgets.main_window import MainWindow

from .test_search_window import type_query


def preview_first(qtbot: QtBot, window: MainWindow, query: str) -> None:
    type_query(qtbot, window, query)
    qtbot.keyClick(window.search.box, Qt.Key.Key_Down)
    hit = window.search.model.hits[0]
    qtbot.waitUntil(
        lambda: window.preview.data is not None and window.preview.data.info.id == hit.asset_id
    )


def test_pdf_preview_opens_at_the_matching_page(qtbot: QtBot, window: MainWindow) -> None:
    preview_first(qtbot, window, "seat")
    assert window.preview.data is not None and window.preview.data.info.kind == "pdf"
    assert window.preview.current_page() == 2  # page 3, counted from 0
    assert window.preview.title.textFormat() == Qt.TextFormat.PlainText
    search = window.preview.pdf_search_model()
    qtbot.waitUntil(lambda: search.rowCount(QModelIndex()) > 0)
    qtbot.keyClick(window, Qt.Key.Key_F3)
    assert "match 1 of" in window.preview.hit_label.text()


def test_docx_preview_shows_highlighted_text(qtbot: QtBot, window: MainWindow) -> None:
    preview_first(qtbot, window, "compliance")
    html = window.preview.text.toHtml()
    assert "compliance" in window.preview.text.toPlainText()
    assert "font-weight" in html and window.preview.stack.currentWidget() is window.preview.text


class _Opened(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def handle(self, url: QUrl) -> None:
        self.urls.append(url)


def test_open_in_application_hands_over_a_temp_copy(qtbot: QtBot, window: MainWindow) -> None:
    opened = _Opened()
    QDesktopServices.setUrlHandler("file", opened, "handle")  # type: ignore[arg-type]  # stub says bytes
    try:
        preview_first(qtbot, window, "seat")
        qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: bool(opened.urls))
    finally:
        QDesktopServices.unsetUrlHandler("file")
    path = Path(opened.urls[0].toLocalFile())
    assert path.name == "enterprise-pricing.pdf" and path.read_bytes().startswith(b"%PDF")
    mime = window.search.view.mime_for(window.search.model.hits[0].asset_id)
    assert mime is not None and Path(mime.urls()[0].toLocalFile()).is_file()  # drag-out copy


def test_rating_is_stored_and_shown(
    qtbot: QtBot, window: MainWindow, open_as: Callable[[str], Library]
) -> None:
    preview_first(qtbot, window, "seat")
    asset_id = window.search.model.hits[0].asset_id
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: getattr(window, "rate_dialog", None) is not None and window.rate_dialog.isVisible()
    )
    dialog = window.rate_dialog
    qtbot.keyClick(dialog.stars, Qt.Key.Key_4)
    qtbot.keyClicks(dialog.comment, "Closed the deal")
    dialog.situation.setCurrentIndex(dialog.situation.findData("Proposal & pricing"))
    qtbot.mouseClick(dialog.helped, Qt.MouseButton.LeftButton)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.search.model.hits[0].rating == 4.0)
    mine = open_as("sam").ratings.mine(asset_id)
    assert mine is not None and (mine.stars, mine.comment, mine.outcome) == (
        4,
        "Closed the deal",
        "helped",
    )
    assert mine.situation == "Proposal & pricing"
    assert "★★★★☆" in window.preview.meta.text()

    # a second rating edits the first, prefilled
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.rate_dialog is not dialog and window.rate_dialog.isVisible())
    again = window.rate_dialog
    assert again.stars.value() == 4 and again.helped.isChecked()
    again.reject()


def test_request_with_deflection_adds_a_vote_instead_of_a_duplicate(
    qtbot: QtBot, window: MainWindow, open_as: Callable[[str], Library]
) -> None:
    qtbot.keyClick(
        window,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = window.request_dialog
    assert dialog.isVisible()
    dialog.title.clear()
    qtbot.keyClicks(dialog.title, "ROI calculator for hospitals")
    qtbot.waitUntil(lambda: dialog.requests.count() == 1)
    dialog.requests.setCurrentRow(0)
    assert dialog.vote_button.isEnabled()
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.vote_button, Qt.MouseButton.LeftButton)
    requests = open_as("olivia").requests.list()
    assert len(requests) == 1 and requests[0].votes == 1
    assert open_as("sam").requests.list()[0].voted_by_me


def test_filing_a_new_request_and_following_it(
    qtbot: QtBot, make_window: Callable[..., MainWindow], open_as: Callable[[str], Library]
) -> None:
    window = make_window()
    window.request_material("Case study for logistics", {"segment": ["SMB"]})
    dialog = window.request_dialog
    assert dialog.segment.currentData() == "SMB"
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.submit, Qt.MouseButton.LeftButton)
    [mine] = open_as("sam").requests.list(mine=True)
    assert mine.title == "Case study for logistics" and mine.segment == "SMB"
    admin = open_as("olivia")
    asset_id = admin.assets.list()[0].id
    admin.requests.fulfil(mine.id, asset_id, "Use this one")

    window.show_my_requests()
    requests = window.my_requests_dialog
    qtbot.waitUntil(lambda: requests.model.rowCount() == 1)
    assert requests.model.index(0, 0).data().startswith("● ")
    assert requests.model.index(0, 1).data() == "Fulfilled"
    assert requests.model.index(0, 3).data() == "Use this one"
    requests.table.setCurrentIndex(requests.model.index(0, 0))
    qtbot.mouseClick(requests.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: window.preview.data is not None and window.preview.data.info.id == asset_id
    )
    requests.close()


def test_kit_collects_reorders_and_exports_a_zip(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    window.search.focus_results()
    window.search.view.selectAll()
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    dialog = window.kits.findChild(NewKitDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.name, "Acme discovery")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    kits = window.kits
    qtbot.waitUntil(lambda: kits.model.rowCount() == 4)
    first = kits.model.asset_ids[0]
    kits.items.setFocus()
    kits.items.setCurrentIndex(kits.model.index(0))
    qtbot.mouseClick(kits.tools["down"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: kits.kit is not None and kits.kit.kit.asset_ids[1] == first)
    target = tmp_path / "kit.zip"
    kits.export(as_zip=True, target=target)
    qtbot.waitUntil(target.exists)
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
    assert len(names) == 4 and all("/" not in n and not n.startswith(".") for n in names)
    assert names[1].startswith("02 ")


def test_showing_my_requests_marks_them_seen(
    qtbot: QtBot, window: MainWindow, open_as: Callable[[str], Library]
) -> None:
    sam = open_as("sam")
    request = sam.requests.create("Case study for logistics")
    admin = open_as("olivia")
    admin.requests.decline(request.id, "We have one already")
    window.show_my_requests()
    dialog = window.my_requests_dialog
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    assert dialog.model.index(0, 0).data().startswith("● ")
    qtbot.waitUntil(lambda: not window.ctx.tasks.busy)
    dialog.close()
    assert not sam.requests.list(mine=True)[0].changed_since_seen
