"""The window merges the index's small segments once the person has been quiet."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

import ui.idle
from enablement.library import Library
from ui.widgets.main_window import MainWindow

from .test_search_window import type_query


def test_a_quiet_spell_merges_what_commits_left(
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    open_as: Callable[[str], Library],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lib = open_as("olivia")
    assert lib.index.small_segments() >= 4  # the test library was imported file by file
    monkeypatch.setattr(ui.idle, "IDLE_MS", 300)
    window = make_window()
    type_query(qtbot, window, "pricing")
    before = [h.asset_id for h in window.search.model.hits]
    assert before

    assert window.upkeep is not None
    qtbot.waitUntil(lambda: window.upkeep is not None and window.upkeep.merged >= 4, timeout=15000)

    assert lib.index.small_segments() == 1
    window.search.box.clear()
    type_query(qtbot, window, "pricing")
    assert [h.asset_id for h in window.search.model.hits] == before


def test_typing_puts_the_merge_off(
    qtbot: QtBot, make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ui.idle, "IDLE_MS", 3000)
    window = make_window()
    upkeep = window.upkeep
    assert upkeep is not None
    for char in "roi calculator 2":  # a keystroke every quarter second, 4 s in all
        qtbot.keyClicks(window.search.box, char)
        qtbot.wait(250)
        assert upkeep.merged == 0
    qtbot.waitUntil(lambda: upkeep.merged > 0, timeout=20000)  # once typing stopped
