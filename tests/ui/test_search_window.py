# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot key/mouse helpers and ModelTester.check are untyped)
"""Finding material in the main window, driven with keyboard and mouse like a person."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from enablement.library import Library
from enablement.models import UsageEvent
from ui.models.results import SnippetRole
from ui.widgets.main_window import MainWindow


def type_query(qtbot: QtBot, window: MainWindow, text: str) -> None:
    box = window.search.box
    box.setFocus()
    box.clear()
    qtbot.keyClicks(box, text)
    qtbot.waitUntil(
        lambda: window.search.outcome is not None and window.search.outcome.query == text
    )


def facet_index(window: MainWindow, category: str, label: str) -> QModelIndex:
    model = window.facets.model
    for row in range(model.rowCount()):
        group = model.index(row, 0)
        if model.group_at(group).slug == category:  # type: ignore[union-attr]
            for child in range(model.rowCount(group)):
                index = model.index(child, 0, group)
                if model.child_at(index).label == label:  # type: ignore[union-attr]
                    return index
    return QModelIndex()


def counts(window: MainWindow, category: str) -> dict[str, int]:
    model = window.facets.model
    for row in range(model.rowCount()):
        group = model.index(row, 0)
        if model.group_at(group).slug == category:  # type: ignore[union-attr]
            tags = (model.child_at(model.index(r, 0, group)) for r in range(model.rowCount(group)))
            return {t.label: t.count for t in tags if t is not None}
    return {}


def test_search_box_has_focus_on_start_and_shows_everything(window: MainWindow) -> None:
    assert window.search.box.hasFocus()
    assert window.search.model.rowCount() == 4
    assert counts(window, "situation")["Discovery"] == 1


def test_typing_shows_results_with_snippet_and_page(qtbot: QtBot, window: MainWindow) -> None:
    type_query(qtbot, window, "seat")
    model = window.search.model
    assert model.rowCount() == 1
    [hit] = model.hits
    assert hit.kind == "pdf" and hit.pages == (3,)
    assert "<b>" in model.data(model.index(0), SnippetRole).lower()
    assert "p. 3" in model.data(model.index(0), Qt.ItemDataRole.AccessibleTextRole)
    assert window.search.summary.text().startswith("1 result")
    assert not window.search.view.grab().isNull()  # the delegate paints


def test_stale_answers_are_dropped(qtbot: QtBot, window: MainWindow) -> None:
    search = window.search
    search.box.setText("roadmap")
    search.run(as_you_type=True)
    search.box.setText("seat")
    search.run(as_you_type=True)
    qtbot.waitUntil(lambda: not window.ctx.tasks.busy)
    assert search.outcome is not None and search.outcome.query == "seat"


def test_filter_by_situation_updates_results_and_counts(qtbot: QtBot, window: MainWindow) -> None:
    assert counts(window, "segment") == {"Enterprise": 2, "SMB": 1, "Mid-market": 1}
    index = facet_index(window, "situation", "Discovery")
    tree = window.facets.tree
    tree.setFocus()
    tree.setCurrentIndex(index)
    qtbot.keyClick(tree, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.search.model.rowCount() == 1)
    assert window.search.model.hits[0].kind == "docx"
    assert counts(window, "segment") == {"SMB": 1}
    assert counts(window, "situation")["Proposal & pricing"] == 1  # OR within the category
    qtbot.keyClick(
        window,
        Qt.Key.Key_L,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: window.search.model.rowCount() == 4)


def test_nothing_found_offers_a_request(qtbot: QtBot, window: MainWindow) -> None:
    type_query(qtbot, window, "zebrafish")
    assert window.search.stack.currentWidget() is window.search.empty
    qtbot.mouseClick(window.search.empty_request, Qt.MouseButton.LeftButton)
    dialog = window.request_dialog
    assert dialog.isVisible() and dialog.title.text() == "zebrafish"
    dialog.reject()


def test_typo_offers_did_you_mean(qtbot: QtBot, window: MainWindow) -> None:
    type_query(qtbot, window, "pricng")
    qtbot.keyClick(window.search.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.search.search_key is not None)
    outcome = window.search.outcome
    assert outcome is not None and outcome.suggestion
    button = window.search.suggestion
    assert button.isVisible() and outcome.suggestion in button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.search.outcome.query == outcome.suggestion)  # type: ignore[union-attr]
    assert window.search.box.text() == outcome.suggestion


def test_shortcuts_move_focus(qtbot: QtBot, window: MainWindow) -> None:
    window.search.focus_results()
    assert window.search.view.hasFocus()
    qtbot.keyClick(window.search.view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.search.box.hasFocus()
    window.facets.tree.setFocus()
    qtbot.keyClick(window.facets.tree, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search.box.hasFocus()
    qtbot.keyClick(window.search.box, Qt.Key.Key_Down)
    assert window.search.view.hasFocus() and window.search.view.currentIndex().row() == 0


def test_click_is_recorded_with_search_key_and_rank(
    qtbot: QtBot, window: MainWindow, open_as: Callable[[str], Library]
) -> None:
    type_query(qtbot, window, "seat")
    qtbot.keyClick(window.search.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.search.search_key is not None)
    view = window.search.view
    rect = view.visualRect(window.search.model.index(0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.preview.data is not None)
    qtbot.waitUntil(lambda: not window.ctx.tasks.busy)
    lib = open_as("olivia")

    def recorded() -> set[tuple[str, int | None, str | None]]:
        with lib.session() as session:
            return {
                (e.kind, e.rank, e.search_key)
                for e in session.query(UsageEvent).filter(UsageEvent.kind.in_(("click", "view")))
            }

    # Usage is written in batches off the caller's path; it arrives shortly.
    qtbot.waitUntil(lambda: ("click", 1, window.search.search_key) in recorded(), timeout=10000)
    assert any(kind == "view" for kind, _rank, _key in recorded())


def test_sort_and_filters_are_remembered(
    qtbot: QtBot, make_window: Callable[..., MainWindow], qsettings: object
) -> None:
    first = make_window()
    first.search.sort_group.actions()[1].trigger()  # newest
    enterprise = facet_index(first, "segment", "Enterprise")
    first.facets.model.setData(
        enterprise, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
    )
    qtbot.waitUntil(lambda: first.search.model.rowCount() == 2)
    first.close()
    second = make_window()
    assert second.search.sort_key() == "newest"
    assert second.facets.model.filters() == {"segment": ("Enterprise",)}
    qtbot.waitUntil(lambda: second.search.model.rowCount() == 2)
