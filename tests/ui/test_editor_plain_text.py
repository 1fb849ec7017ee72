# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot key/mouse helpers are untyped)
"""The asset editor shows titles, file names and typed text as text, never as markup."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6 import QtGui
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from enablement.library import Library
from ui.widgets.asset_editor import AssetEditor
from ui.widgets.main_window import MainWindow

from .conftest import MARKETER
from .test_marketer_assets import open_editor

TITLE = "<img src='x'> <b>Q3</b> rates &amp; terms"
FILE_NAME = "<b>rates<i>.txt"


def shown_as(text: str) -> str:
    """What Qt shows for `text` where it guesses the format (tooltips, auto labels)."""
    document = QtGui.QTextDocument()
    if QtGui.Qt.mightBeRichText(text):
        document.setHtml(text)
    else:
        document.setPlainText(text)
    return document.toPlainText()


@pytest.fixture
def editor(
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    open_as: Callable[[str], Library],
    tmp_path: Path,
) -> AssetEditor:
    maria = open_as(MARKETER)
    path = tmp_path / FILE_NAME
    path.write_text("Rates and terms for the third quarter.\n")
    [result] = maria.import_files([path])
    assert result.asset_id is not None
    maria.assets.update(result.asset_id, title=TITLE)
    window = make_window(MARKETER)
    return open_editor(qtbot, window, result.asset_id)


def test_title_and_file_name_are_shown_verbatim(editor: AssetEditor) -> None:
    assert editor.windowTitle().endswith(TITLE)
    assert editor.title.text() == TITLE
    assert editor.versions.index(0, 1).data() == FILE_NAME
    assert editor.message.textFormat() == Qt.TextFormat.PlainText
    editor.close()


def test_an_unknown_tag_is_named_verbatim_in_the_tooltip(qtbot: QtBot, editor: AssetEditor) -> None:
    assert editor.tags is not None
    row = editor.tags.rows["situation"]
    typed = "<img src='x'> <b>Bold</b>"
    qtbot.keyClicks(row.entry, typed)
    qtbot.keyClick(row.entry, Qt.Key.Key_Return)
    assert row.labels() == []
    assert shown_as(row.entry.toolTip()) == f"'{typed}' is not a Situation tag"
    editor.close()


def test_the_file_name_tooltip_in_the_history_is_verbatim(editor: AssetEditor) -> None:
    tip = editor.versions.index(0, 1).data(Qt.ItemDataRole.ToolTipRole)
    editor.close()
    assert shown_as(tip) == FILE_NAME
