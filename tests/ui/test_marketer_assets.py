# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot key/mouse helpers and ModelTester.check are untyped)
"""The marketer's desktop: import, edit, publish, bulk edit + undo, suggested tags."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QDate, QItemSelectionModel, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from enablement.ingest import ImportResult
from enablement.library import Library
from enablement.services.assets import VersionInfo
from enablement.services.suggestions import Suggestion
from tests.enablement.factories import write_docx, write_pdf
from ui.models.marketing_models import ImportResultsModel, SuggestionsModel, VersionsModel
from ui.widgets.asset_editor import AssetEditor
from ui.widgets.main_window import MainWindow

from .conftest import MARKETER, OWNER

MARKETER_ACTIONS = ("importFiles", "importFolder", "editAsset", "bulkEdit", "suggestTags")


def drop(window: MainWindow, paths: list[Path]) -> bool:
    """Drop files from outside the application onto the window, as a file manager does."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    centre = QPointF(window.rect().center())
    enter = QDragEnterEvent(
        centre, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(window, enter)
    if not enter.isAccepted():
        return False
    event = QDropEvent(
        centre, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(window, event)
    return True


def select(qtbot: QtBot, window: MainWindow, asset_ids: list[int]) -> None:
    qtbot.waitUntil(lambda: all(window.search.model.row_of(i) >= 0 for i in asset_ids))
    view, model = window.search.view, window.search.model
    view.setFocus()
    selection = view.selectionModel()
    selection.clearSelection()
    flag = QItemSelectionModel.SelectionFlag
    for n, asset_id in enumerate(asset_ids):
        index = model.index(model.row_of(asset_id))
        selection.setCurrentIndex(index, flag.ClearAndSelect if n == 0 else flag.Select)


def ids_by_kind(lib: Library) -> dict[str, int]:
    return {a.kind: a.id for a in lib.assets.list()}


def test_folder_import_with_hostile_files(
    qtbot: QtBot, make_window: Callable[..., MainWindow], open_as: Callable[[str], Library],
    tmp_path: Path,
) -> None:  # fmt: skip
    folder = tmp_path / "campaign"
    folder.mkdir()
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "page.pdf").write_text("<!DOCTYPE html><html><body>not a pdf</body></html>")
    write_docx(folder / "battlecard.docx", "Battle card", ["Win against the incumbent."])
    write_pdf(folder / "<b>rates<i>.pdf", ["Rate card 2026", "Volume discounts"])
    window = make_window(MARKETER)

    assert drop(window, [folder])
    qtbot.waitUntil(lambda: bool(window.marketer.import_dialogs))
    dialog = window.marketer.import_dialogs[-1]
    assert dialog.isVisible() and not dialog.isModal()
    qtbot.keyClicks(dialog.tags.rows["situation"].entry, "discovery")
    qtbot.keyClick(dialog.tags.rows["situation"].entry, Qt.Key.Key_Return)
    assert dialog.tags.rows["situation"].labels() == ["Discovery"]
    assert dialog.isVisible()  # Enter added the tag, it did not start or close anything
    dialog.tags.rows["segment"].add("SMB")
    dialog.publish.setChecked(True)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.finished_run, timeout=30000)

    outcome = {r.name: r for r in dialog.results.rows}
    assert {n: r.status for n, r in outcome.items()} == {
        "battlecard.docx": "imported",
        "<b>rates<i>.pdf": "imported",
        "empty.pdf": "failed",
        "page.pdf": "failed",
    }
    assert "empty" in (outcome["empty.pdf"].reason or "")
    assert "page.pdf" in (outcome["page.pdf"].reason or "")
    assert dialog.table.model().index(1, 0).data() in outcome  # names are plain text
    assert "2 imported" in dialog.summary.text() and "2 failed" in dialog.summary.text()
    assert dialog.progress.value() == 4
    lib = open_as(OWNER)
    imported = {a.title: a for a in lib.assets.list()}
    assert imported["Battle card"].status == "published"
    assert imported["Battle card"].tags["situation"] == ("Discovery",)
    assert imported["Battle card"].owner == MARKETER

    # the same files again: duplicates are reported, nothing new is stored
    again = window.marketer.import_paths([folder / "battlecard.docx"])
    assert again is not None
    qtbot.mouseClick(again.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: again.finished_run, timeout=20000)
    assert [r.status for r in again.results.rows] == ["duplicate"]
    again.close()
    dialog.close()


def test_cancelling_an_import_keeps_what_was_imported(
    qtbot: QtBot, make_window: Callable[..., MainWindow], tmp_path: Path
) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(12):
        (folder / f"note-{n:02d}.txt").write_text(f"Talking point number {n} for sellers.\n")
    window = make_window(MARKETER)
    dialog = window.marketer.import_paths([folder])
    assert dialog is not None
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.results.rowCount() > 0, timeout=20000)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.finished_run, timeout=20000)
    assert dialog.cancelled and dialog.results.rowCount() < 12
    assert "cancelled" in dialog.current.text()
    dialog.close()


def open_editor(qtbot: QtBot, window: MainWindow, asset_id: int) -> AssetEditor:
    select(qtbot, window, [asset_id])
    qtbot.keyClick(window.search.view, Qt.Key.Key_Return)  # Enter opens the editor
    qtbot.waitUntil(lambda: asset_id in window.marketer.editors)
    editor = window.marketer.editors[asset_id]
    qtbot.waitUntil(lambda: editor.info is not None and editor.save_button.isEnabled())
    return editor


def test_editor_saves_refuses_and_then_publishes(
    qtbot: QtBot, make_window: Callable[..., MainWindow], open_as: Callable[[str], Library],
    tmp_path: Path,
) -> None:  # fmt: skip
    maria = open_as(MARKETER)
    [draft] = maria.import_files([write_pdf(tmp_path / "roi.pdf", ["ROI for hospitals"])])
    assert draft.asset_id is not None
    asset_id = draft.asset_id
    window = make_window(MARKETER)
    editor = open_editor(qtbot, window, asset_id)
    assert editor.status.currentData() == "draft"
    assert editor.owner.currentData() == MARKETER and editor.review_by.text() == "none"

    editor.title.selectAll()
    qtbot.keyClicks(editor.title, "ROI calculator")
    editor.status.setCurrentIndex(editor.status.findData("published"))
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "cannot be published yet" in editor.message.text())
    assert "situation and one segment tag" in editor.message.text()
    assert maria.assets.get(asset_id).title != "ROI calculator"  # nothing half-saved

    assert editor.tags is not None
    situation = editor.tags.rows["situation"]
    qtbot.keyClicks(situation.entry, "discov")
    completer = situation.entry.completer()
    qtbot.waitUntil(lambda: completer.completionCount() == 1)
    assert completer.currentCompletion() == "Discovery"
    situation.add(completer.currentCompletion())
    editor.tags.rows["segment"].add("enterprise")
    editor.audience.setCurrentIndex(editor.audience.findData("customer-facing"))
    editor.review_by.setDate(QDate(2030, 6, 30))
    editor.owner.setCurrentIndex(editor.owner.findData(OWNER))
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.message.text().startswith("Saved"))

    info = maria.assets.get(asset_id)
    assert (info.title, info.status, info.audience, info.owner) == (
        "ROI calculator", "published", "customer-facing", OWNER,
    )  # fmt: skip
    assert info.review_by == date(2030, 6, 30)
    assert info.tags == {"situation": ("Discovery",), "segment": ("Enterprise",)}

    # a new version with a change note, listed newest first
    newer = write_pdf(tmp_path / "roi-v2.pdf", ["ROI for hospitals", "Updated 2026 figures"])
    editor.replace_with(newer, "2026 figures")
    qtbot.waitUntil(lambda: editor.versions.rowCount() == 2)
    assert [editor.versions.index(0, c).data() for c in (0, 1, 3)] == [
        "2", "roi-v2.pdf", "2026 figures",
    ]  # fmt: skip
    assert maria.assets.get(asset_id).current.filename == "roi-v2.pdf"  # type: ignore[union-attr]

    # someone else saves meanwhile: no overwrite, Reload shows their version
    open_as(OWNER).assets.update(asset_id, description="Checked by legal")
    editor.description.setPlainText("My description")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.reload_button.isVisible())
    assert "changed by someone else" in editor.message.text()
    qtbot.mouseClick(editor.reload_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.description.toPlainText() == "Checked by legal")
    editor.close()


def test_bulk_edit_and_undo(
    qtbot: QtBot, make_window: Callable[..., MainWindow], open_as: Callable[[str], Library]
) -> None:
    lib = open_as(OWNER)
    ids = ids_by_kind(lib)
    chosen = [ids["text"], ids["docx"]]
    before = {i: lib.assets.get(i) for i in chosen}
    window = make_window(MARKETER)
    select(qtbot, window, chosen)
    assert sorted(window.search.selected_ids()) == sorted(chosen)

    window.marketer.bulk.trigger()
    dialog = window.marketer.bulk_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.apply_button.isEnabled())
    assert dialog.add_tags is not None and dialog.remove_tags is not None
    assert dialog.add_tags.rows["industry"].add("Logistics")
    assert dialog.remove_tags.rows["situation"].add("Discovery")
    dialog.owner.setCurrentIndex(dialog.owner.findData(MARKETER))
    assert not dialog.review_by.isEnabled()
    dialog.review_mode.setCurrentIndex(dialog.review_mode.findData("set"))
    assert dialog.review_by.isEnabled() and dialog.review_by.date() == QDate.currentDate()
    dialog.review_by.setDate(QDate(2031, 1, 31))
    with qtbot.waitSignal(window.marketer.undo_changed, timeout=10000):
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)

    for asset_id in chosen:
        info = lib.assets.get(asset_id)
        assert "Logistics" in info.tags["industry"]
        assert "Discovery" not in info.tags.get("situation", ())
        assert info.owner == MARKETER and info.review_by == date(2031, 1, 31)
    undo = window.actions_by_name["undoBulk"]
    assert undo.isEnabled() and "2 materials" in undo.text()

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.search.view.setFocus()
    with qtbot.waitSignal(window.ctx.hub.changes_applied, timeout=10000):
        qtbot.keyClick(window.search.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    for asset_id in chosen:
        info = lib.assets.get(asset_id)
        old = before[asset_id]
        assert (info.tags, info.owner, info.review_by) == (old.tags, old.owner, old.review_by)
    assert not undo.isEnabled()


def test_bulk_edit_clears_review_dates_and_undo_restores_each(
    qtbot: QtBot, make_window: Callable[..., MainWindow], open_as: Callable[[str], Library]
) -> None:
    lib = open_as(OWNER)
    ids = ids_by_kind(lib)
    dated = {ids["pdf"]: date(2030, 3, 1), ids["pptx"]: date(2032, 7, 15)}
    for asset_id, when in dated.items():
        lib.assets.update(asset_id, review_by=when)
    chosen = [*dated, ids["text"]]  # one without a date: undo must leave it without
    window = make_window(MARKETER)
    select(qtbot, window, chosen)

    window.marketer.bulk.trigger()
    dialog = window.marketer.bulk_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.apply_button.isEnabled())
    dialog.review_mode.setFocus()
    # keyboard only: the third choice of the review-by box is "Clear"
    qtbot.keyClick(dialog.review_mode, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.review_mode, Qt.Key.Key_Down)
    assert dialog.review_mode.currentData() == "clear"
    assert not dialog.review_by.isEnabled()
    with qtbot.waitSignal(window.marketer.undo_changed, timeout=10000):
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert {i: lib.assets.get(i).review_by for i in chosen} == dict.fromkeys(chosen)

    with qtbot.waitSignal(window.ctx.hub.changes_applied, timeout=10000):
        window.actions_by_name["undoBulk"].trigger()
    restored = {i: lib.assets.get(i).review_by for i in chosen}
    assert restored == {**dated, ids["text"]: None}


def test_bulk_edit_asks_for_a_date_when_setting_none(
    qtbot: QtBot, make_window: Callable[..., MainWindow], open_as: Callable[[str], Library]
) -> None:
    lib = open_as(OWNER)
    chosen = [ids_by_kind(lib)["docx"]]
    window = make_window(MARKETER)
    select(qtbot, window, chosen)
    window.marketer.bulk.trigger()
    dialog = window.marketer.bulk_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.apply_button.isEnabled())
    dialog.review_mode.setCurrentIndex(dialog.review_mode.findData("set"))
    dialog.review_by.setDate(dialog.review_by.minimumDate())  # reads "none"
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert "Pick a review-by date" in dialog.message.text()
    assert dialog.isVisible() and dialog.apply_button.isEnabled()
    dialog.reject()


def test_suggested_tags_are_accepted_or_rejected(
    qtbot: QtBot, make_window: Callable[..., MainWindow], open_as: Callable[[str], Library]
) -> None:
    lib = open_as(OWNER)
    pricing = ids_by_kind(lib)["pdf"]
    window = make_window(MARKETER)
    select(qtbot, window, [pricing])
    window.marketer.suggest.trigger()
    dialog = window.marketer.suggestions_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.loaded)
    assert dialog.model.rowCount() == 0  # no rule matches yet

    # teach two tags a keyword each, in the rules editor
    qtbot.mouseClick(dialog.rules_button, Qt.MouseButton.LeftButton)
    rules = dialog.rules_dialog
    assert rules is not None
    qtbot.waitUntil(lambda: rules.save_button.isEnabled())
    for category, tag, words in (("funnel-stage", "Awareness", "overview\nwelcome"),
                                 ("persona", "Finance", "per seat")):  # fmt: skip
        rules.select(category, tag)
        rules.lines.setPlainText(words)
        with qtbot.waitSignal(rules.saved):
            qtbot.mouseClick(rules.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.loaded)
    rules.close()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2)
    by_tag = {s.tag: (row, s) for row, s in enumerate(dialog.model.rows)}
    assert by_tag["Awareness"][1].reason == (
        "mentions 'overview' once on page 2 and 'welcome' once on page 1"
    )

    # accept one (checked), reject the other (selected)
    model = dialog.model
    model.setData(model.index(by_tag["Awareness"][0], 0), Qt.CheckState.Checked.value,
                  Qt.ItemDataRole.CheckStateRole)  # fmt: skip
    with qtbot.waitSignal(window.ctx.hub.changes_applied, timeout=10000):
        qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    assert lib.assets.get(pricing).tags["funnel-stage"] == ("Awareness",)
    dialog.table.selectRow(0)
    with qtbot.waitSignal(window.ctx.hub.changes_applied, timeout=10000) as saved:
        qtbot.mouseClick(dialog.reject_button, Qt.MouseButton.LeftButton)
        assert model.rowCount() == 0  # hidden at once, before the library has saved it
    assert saved.args is not None and saved.args[0].suggestions == {pricing}
    assert "persona" not in lib.assets.get(pricing).tags  # rejected: never applied
    dialog.refresh()
    qtbot.waitUntil(lambda: dialog.loaded)
    assert model.rowCount() == 0  # rejected stays hidden, accepted is on the asset now
    dialog.close()

    # the rejection is kept: a new window (a restart) does not propose it again
    window.close()
    again = make_window(MARKETER)
    assert not again.marketer.rejected_suggestions
    select(qtbot, again, [pricing])
    again.marketer.suggest.trigger()
    fresh = again.marketer.suggestions_dialog
    assert fresh is not None
    qtbot.waitUntil(lambda: fresh.loaded)
    assert fresh.model.rowCount() == 0
    fresh.close()


def test_sellers_do_not_see_marketer_actions(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    for name in (*MARKETER_ACTIONS, "undoBulk"):
        action = window.actions_by_name[name]
        assert not action.isVisible() and not action.isEnabled(), name
    menus = [m for a in window.menuBar().actions() if isinstance(m := a.menu(), QMenu)]
    shown = {x.objectName() for m in menus for x in m.actions() if x.isVisible()}
    assert not shown & set(MARKETER_ACTIONS)
    assert not window.acceptDrops()
    assert not drop(window, [tmp_path])
    select(qtbot, window, [window.search.model.hits[0].asset_id])
    qtbot.keyClick(window.search.view, Qt.Key.Key_Return)
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert not window.marketer.editors and not window.marketer.import_dialogs
    assert window.marketer.import_paths([tmp_path]) is None


def test_marketer_sees_the_actions(make_window: Callable[..., MainWindow]) -> None:
    window = make_window(MARKETER)
    for name in MARKETER_ACTIONS:
        assert window.actions_by_name[name].isVisible(), name
    assert window.acceptDrops()
    assert window.actions_by_name["editAsset"] in window.search.view.actions()


def test_marketing_models(qtmodeltester: ModelTester) -> None:
    results = ImportResultsModel()
    results.append_rows([
        ImportResult("/x/a.pdf", "a.pdf", "imported", 1, ("1 page has no text",), title="A"),
        ImportResult("/x/<i>b.pdf", "<i>b.pdf", "failed", reason="'<i>b.pdf' is empty"),
    ])  # fmt: skip
    qtmodeltester.check(results)
    assert results.index(1, 0).data() == "<i>b.pdf"
    assert results.counts() == {"imported": 1, "duplicate": 0, "failed": 1}
    now = datetime(2026, 1, 2, 3, 4)
    versions = VersionsModel()
    versions.set_rows([VersionInfo(1, 1, "a.pdf", "application/pdf", "pdf", 10, 1, "0" * 64,
                                   (), "first", now)])  # fmt: skip
    qtmodeltester.check(versions)
    suggestions = SuggestionsModel()
    suggestions.set_rows([
        Suggestion(1, "A", "segment", "Segment", "SMB", 2, (1,), "mentions 'SMB' twice on page 1"),
        Suggestion(2, "B", "segment", "Segment", "SMB", 1, (3,), "mentions 'SMB' once on page 3"),
    ])  # fmt: skip
    qtmodeltester.check(suggestions)
    suggestions.setData(suggestions.index(1, 0), Qt.CheckState.Checked.value,
                        Qt.ItemDataRole.CheckStateRole)  # fmt: skip
    assert suggestions.checked_rows() == [1]
    suggestions.remove_rows([0])
    assert suggestions.checked_rows() == [0]
    qtmodeltester.check(suggestions)
