# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot key/mouse helpers are untyped)
"""The admin's "Library health" window: check, remove unused files, rebuild, back up."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from content_store import LocalStore
from enablement.backup import MANIFEST, restore
from enablement.library import Library, open_library
from tests.enablement.conftest import settings_for
from ui.widgets.library_health import LibraryHealthDialog
from ui.widgets.main_window import MainWindow

from .conftest import MARKETER, OWNER, SELLER

Open = Callable[[str], Library]
DAY = 86400.0


def open_health(qtbot: QtBot, window: MainWindow) -> LibraryHealthDialog:
    assert window.marketing.actions["libraryHealth"].isVisible()
    dialog = window.marketing.show("libraryHealth")
    assert isinstance(dialog, LibraryHealthDialog)
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def click_and_wait(qtbot: QtBot, dialog: LibraryHealthDialog, button: QPushButton) -> None:
    assert button.isVisible() and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.running, timeout=20000)


def damage_and_orphan(lib: Library) -> tuple[str, Path]:
    """Truncate the stored file of one material and leave an old unused file behind."""
    store = lib.store
    assert isinstance(store, LocalStore)
    asset = lib.assets.get(1)
    damaged = store.blob_path(asset.versions[-1].digest)  # type: ignore[arg-type]
    with open(damaged, "r+b") as handle:
        handle.truncate(20)
    orphan = store.put_bytes(b"stored by an import that crashed before its commit".ljust(5120))
    path = store.blob_path(orphan.digest)
    then = time.time() - 2 * DAY
    os.utime(path, (then, then))
    return asset.title, path


def problem_rows(dialog: LibraryHealthDialog) -> set[tuple[str, str]]:
    return {(p.kind_label, p.title) for p in dialog.model.rows}


def test_admin_finds_damage_and_removes_the_unused_file(
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    open_as: Open,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    title, orphan = damage_and_orphan(open_as(OWNER))
    dialog = open_health(qtbot, make_window(OWNER))

    click_and_wait(qtbot, dialog, dialog.check_button)
    assert problem_rows(dialog) == {("File damaged", title), ("Unused file", "")}
    assert dialog.summary.text() == "2 problems found in 4 files."
    table = dialog.table.model()
    shown = {table.index(r, 0).data() for r in range(table.rowCount())}
    assert shown == {"File damaged", "Unused file"}
    assert any(orphan.name in str(table.index(r, 2).data()) for r in range(table.rowCount()))

    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *_args: Any) -> Any:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    click_and_wait(qtbot, dialog, dialog.clean_button)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Removed"), timeout=20000)
    assert len(asked) == 1 and "Remove 1 unused file (5.0 KB)" in asked[0]
    assert not orphan.exists()
    assert dialog.status.text() == "Removed 1 unused file."
    assert problem_rows(dialog) == {("File damaged", title)}

    click_and_wait(qtbot, dialog, dialog.check_button)  # a fresh check agrees
    assert problem_rows(dialog) == {("File damaged", title)}
    assert dialog.summary.text() == "1 problem found in 4 files."


def test_declining_the_confirmation_removes_nothing(
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    open_as: Open,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _title, orphan = damage_and_orphan(open_as(OWNER))
    dialog = open_health(qtbot, make_window(OWNER))
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *_a: QMessageBox.StandardButton.Cancel)  # fmt: skip
    click_and_wait(qtbot, dialog, dialog.clean_button)
    qtbot.waitUntil(lambda: dialog.status.text() == "Nothing was removed.")
    assert orphan.exists()


def test_a_clean_library_says_every_file_is_intact(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    dialog = open_health(qtbot, make_window(OWNER))
    click_and_wait(qtbot, dialog, dialog.check_button)
    assert dialog.model.rowCount() == 0
    assert dialog.summary.text() == "All 4 files are intact and the search index is complete."


@pytest.mark.parametrize("user", [SELLER, MARKETER])
def test_sellers_and_marketers_do_not_get_the_window(
    make_window: Callable[..., MainWindow], user: str
) -> None:
    window = make_window(user)
    action = window.marketing.actions["libraryHealth"]
    assert not action.isVisible() and not action.isEnabled()
    assert window.marketing.show("libraryHealth") is None


def search_for(qtbot: QtBot, window: MainWindow, text: str) -> None:
    box = window.search.box
    box.clear()
    box.setFocus()
    qtbot.keyClicks(box, text)


def test_rebuild_keeps_search_answering_and_can_be_cancelled(
    qtbot: QtBot, make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    original = Library.reindex

    def held_reindex(lib: Library, progress: Any = None, cancelled: Any = None) -> None:
        # The rebuild waits at its first document until the test lets it go,
        # long enough for a search to run against the half-built index.
        def held() -> bool:
            release.wait(20)
            return bool(cancelled and cancelled())

        original(lib, progress, held)

    monkeypatch.setattr(Library, "reindex", held_reindex)
    window = make_window(OWNER)
    dialog = open_health(qtbot, window)

    qtbot.mouseClick(dialog.rebuild_button, Qt.MouseButton.LeftButton)
    assert dialog.running and dialog.cancel_button.isVisible()
    qtbot.waitUntil(lambda: dialog.rebuild._thread is not None)
    search_for(qtbot, window, "seat")
    qtbot.waitUntil(
        lambda: (
            window.search.outcome is not None
            and window.search.outcome.query == "seat"
            and "rebuilding" in (window.search.outcome.message or "")
        ),
        timeout=20000,
    )
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    release.set()
    qtbot.waitUntil(lambda: not dialog.running, timeout=20000)
    assert dialog.status.text().startswith("The rebuild was stopped")

    qtbot.mouseClick(dialog.rebuild_button, Qt.MouseButton.LeftButton)  # resumes, finishes
    qtbot.waitUntil(lambda: not dialog.running, timeout=20000)
    assert dialog.status.text() == "The search index was rebuilt."
    # The results shown while rebuilding fill in by themselves once it is done.
    qtbot.waitUntil(
        lambda: (
            window.search.outcome is not None
            and window.search.outcome.query == "seat"
            and window.search.outcome.message is None
            and window.search.outcome.total == 1
        ),
        timeout=20000,
    )


def test_backup_makes_a_folder_that_restores(
    qtbot: QtBot, make_window: Callable[..., MainWindow], tmp_path: Path
) -> None:
    dialog = open_health(qtbot, make_window(OWNER))
    chosen = tmp_path / "backups"
    chosen.mkdir()
    dialog.choose_folder = lambda: chosen  # type: ignore[method-assign]
    click_and_wait(qtbot, dialog, dialog.backup_button)
    [folder] = list(chosen.iterdir())
    assert (folder / MANIFEST).exists()
    assert dialog.status.text() == f"Backed up 4 files and the catalogue to {folder}."

    home = tmp_path / "restored"
    restore(folder, home)
    restored = open_library(settings_for(home, OWNER))
    try:
        assert restored.verify() == []
        assert restored.search("seat", log=False).total == 1
    finally:
        restored.close()
        restored.index.close()
        restored.engine.dispose()


def test_cancelling_a_check_and_a_failed_backup(
    qtbot: QtBot,
    make_window: Callable[..., MainWindow],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    release = threading.Event()
    original = Library.verify

    def held_verify(lib: Library, progress: Any = None, cancelled: Any = None) -> Any:
        release.wait(20)  # a big library: still checking when the person cancels
        return original(lib, progress, cancelled)

    monkeypatch.setattr(Library, "verify", held_verify)
    window = make_window(OWNER)
    dialog = open_health(qtbot, window)
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    assert dialog.running and not dialog.backup_button.isEnabled()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    release.set()
    qtbot.waitUntil(lambda: not dialog.running, timeout=20000)
    assert dialog.status.text() == "Checking the library cancelled; nothing was changed."
    assert dialog.report is None and dialog.check_button.isEnabled()

    from enablement.errors import StorageProblem

    def full_disk(*_args: Any, **_kwargs: Any) -> None:
        raise StorageProblem("the backup could not copy a file: no space left on device")

    monkeypatch.setattr("enablement.backup.backup", full_disk)
    dialog.choose_folder = lambda: tmp_path  # type: ignore[method-assign]
    with qtbot.waitSignal(window.ctx.hub.error, timeout=20000) as shown:
        qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    assert shown.args is not None and "no space left" in shown.args[0]
    qtbot.waitUntil(lambda: not dialog.running)
    assert "no space left" in dialog.status.text()
