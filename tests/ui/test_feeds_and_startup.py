# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot key/mouse helpers and ModelTester.check are untyped)
"""Call prep, "New for me", first-run demo building, and errors shown in one place."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from enablement.ingest import ImportOptions
from enablement.library import open_library
from resources.demo.build import DemoCancelled
from resources.demo.place import STAGING_PREFIX
from tests.enablement.conftest import settings_for
from ui.operations import library as library_ops
from ui.widgets.main_window import MainWindow


def test_call_prep_assembles_material_grouped_by_type(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(window, "choose_folder", lambda _title: tmp_path)
    qtbot.keyClick(
        window,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = window.call_prep_dialog
    dialog.situation.setCurrentIndex(dialog.situation.findData("Proposal & pricing"))
    dialog.segment.setCurrentIndex(dialog.segment.findData("Enterprise"))
    qtbot.mouseClick(dialog.prepare, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    group = dialog.model.index(0, 0)
    assert group.data().startswith("PDF") and dialog.model.rowCount(group) == 1
    assert len(dialog.model.checked_ids()) == 1
    qtbot.mouseClick(
        dialog.findChild(type(dialog.prepare), "prepExport"), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: (tmp_path / "enterprise-pricing.pdf").is_file())
    dialog.close()


def test_new_for_me_lists_fresh_material_for_my_segments(qtbot: QtBot, window: MainWindow) -> None:
    assert set(window.ctx.opened.segments) == {"Enterprise", "SMB"}  # type: ignore[union-attr]
    qtbot.keyClick(
        window,
        Qt.Key.Key_W,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = window.new_for_me_dialog
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 3)
    assert all(hit.is_new for hit in dialog.model.hits)
    assert {hit.kind for hit in dialog.model.hits} == {
        "pdf",
        "docx",
        "text",
    }  # not the mid-market deck
    dialog.close()


def test_first_run_builds_the_demo_library_with_progress(
    qtbot: QtBot, tmp_path: Path, bare_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fake_build_demo(
        home: Path,
        progress: Callable[..., Any],
        *,
        force: bool,
        owner: str,
        cancelled: Callable[[], bool],
    ) -> None:
        assert force and owner == "olivia" and not cancelled()
        source = tmp_path / "welcome.txt"
        source.write_text("Welcome to the demo library")
        for step in range(3):
            progress("Rendering", step, 3)
        lib = open_library(settings_for(home, owner))
        try:
            lib.import_files(
                [source],
                ImportOptions(tags=(("situation", "Discovery"), ("segment", "SMB")), publish=True),
            )
        finally:
            lib.close()
            lib.index.close()
            lib.engine.dispose()

    monkeypatch.setattr(library_ops, "_demo_builder", lambda: fake_build_demo)
    window = bare_window
    seen: list[str] = []
    window.ctx.tasks.progressed.connect(lambda _job, _done, _total, text: seen.append(text))
    window.start(tmp_path / "fresh", "olivia")
    qtbot.waitUntil(lambda: window.search.model.rowCount() == 1, timeout=20000)
    assert seen == ["Rendering"] * 3
    assert window.ctx.opened is not None and window.ctx.opened.demo_built
    assert "demo library" in window.statusBar().currentMessage()


def test_errors_are_shown_once_without_traceback(
    qtbot: QtBot, library_home: Path, bare_window: MainWindow
) -> None:
    window = bare_window
    window.start(library_home, "nobody")
    qtbot.waitUntil(lambda: "nobody" in window.statusBar().currentMessage())
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert len(boxes) == 1 and "there is no user 'nobody'" in boxes[0].text()
    assert "Traceback" not in boxes[0].text()
    boxes[0].accept()


def test_long_work_shows_progress_and_can_be_cancelled(
    qtbot: QtBot, tmp_path: Path, bare_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    go_on = threading.Event()
    steps: list[int] = []

    def slow_build_demo(
        home: Path, progress: Callable[..., Any], *, cancelled: Callable[[], bool], **_: Any
    ) -> None:
        for step in range(3):
            if cancelled():
                raise DemoCancelled()
            progress("Rendering", step, 3)
            steps.append(step)
            go_on.wait(10)

    monkeypatch.setattr(library_ops, "_demo_builder", lambda: slow_build_demo)
    window = bare_window
    window.start(tmp_path / "fresh", "olivia")
    qtbot.waitUntil(window.cancel_button.isVisible)
    assert window.progress.isVisible() and "Rendering" in window.progress.format()
    qtbot.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)
    go_on.set()
    qtbot.waitUntil(lambda: window.ctx.opened is not None and not window.progress.isVisible())
    assert steps == [0] and not window.ctx.opened.demo_built  # type: ignore[union-attr]


def test_cancelling_the_real_demo_build_leaves_the_empty_library(
    qtbot: QtBot, tmp_path: Path, bare_window: MainWindow
) -> None:
    home = tmp_path / "fresh"
    stages: list[str] = []
    window = bare_window
    window.ctx.tasks.progressed.connect(lambda _job, _done, _total, text: stages.append(text))
    window.start(home, "olivia")
    qtbot.waitUntil(lambda: "Importing" in stages, timeout=60000)
    assert any(p.name.startswith(STAGING_PREFIX) for p in home.iterdir())  # built aside
    qtbot.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: window.ctx.opened is not None and not window.progress.isVisible(), timeout=60000
    )
    opened = window.ctx.opened
    assert opened is not None and not opened.demo_built and opened.empty
    assert not [p for p in home.iterdir() if p.name.startswith(STAGING_PREFIX)]
    lib = open_library(settings_for(home, "olivia"), create=False)
    try:
        assert lib.assets.count() == 0 and lib.users.count() == 1
        stored = [p for p in (home / "blobs").rglob("*") if p.is_file()]
        assert not stored  # no collateral reached the library's store
    finally:
        lib.close()
        lib.index.close()
        lib.engine.dispose()
