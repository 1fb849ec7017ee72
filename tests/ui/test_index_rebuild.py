"""A lost search index is rebuilt in the background while the window stays usable."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from ui.widgets.main_window import MainWindow


def test_window_searches_while_the_index_is_rebuilt(
    qtbot: QtBot, library_home: Path, make_window: Callable[..., MainWindow]
) -> None:
    shutil.rmtree(library_home / "index")
    window = make_window()
    box = window.search.box
    box.setFocus()
    qtbot.keyClicks(box, "seat")
    # Results fill in by themselves once the background rebuild is done.
    qtbot.waitUntil(
        lambda: window.search.outcome is not None
        and window.search.outcome.query == "seat"
        and window.search.outcome.message is None
        and window.search.outcome.total == 1,
        timeout=30000,
    )
    assert "1 result" in window.search.summary.text()
    assert (library_home / "index").is_dir()
