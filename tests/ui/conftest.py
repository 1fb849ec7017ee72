# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot key/mouse helpers and ModelTester.check are untyped)
"""UI test set-up: a small real library (imported files), a window driven like a person.

The library is built once per session from files written here (PDF, DOCX, PPTX,
text) and copied for each test. QSettings go to a temporary INI file so tests
never touch the user's settings. After each test no library worker may still
run (napari's leak check).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from enablement.ingest import ImportOptions
from enablement.library import Library, open_library
from tests.enablement.conftest import settings_for
from tests.enablement.factories import write_docx, write_pdf, write_pptx
from ui.tasks import live_managers
from ui.widgets.main_window import MainWindow

OWNER, MARKETER, SELLER = "olivia", "maria", "sam"

# Messages of Qt's headless "offscreen" platform plugin, not of our code.
OFFSCREEN_NOISE = ("This plugin does not support",)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/ui/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE))


def _import(lib: Library, path: Path, tags: list[tuple[str, str]]) -> int:
    [result] = lib.import_files([path], ImportOptions(tags=tuple(tags), publish=True))
    assert result.status == "imported", result
    assert result.asset_id is not None
    return result.asset_id


@pytest.fixture(scope="session")
def ui_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("ui-library")
    files = tmp_path_factory.mktemp("ui-files")
    lib = open_library(settings_for(home, OWNER))
    try:
        lib.users.add(MARKETER, "marketer", segments=("enterprise",))
        lib.users.add(SELLER, "seller", segments=("enterprise", "smb"))
        pdf = write_pdf(
            files / "enterprise-pricing.pdf",
            ["Welcome to Northwind", "Product overview and roadmap", "Enterprise pricing per seat"],
        )
        _import(lib, pdf, [("situation", "Proposal & pricing"), ("segment", "Enterprise")])
        docx = write_docx(
            files / "discovery-guide.docx",
            "Discovery call guide",
            ["Ask about the budget before the demo.", "Healthcare buyers care about compliance."],
        )
        _import(
            lib, docx, [("situation", "Discovery"), ("segment", "SMB"), ("industry", "Healthcare")]
        )
        pptx = write_pptx(
            files / "pitch-deck.pptx",
            "Mid-market pitch deck",
            ["Why us. Fast onboarding", "Security. Certified hosting", "Roadmap. Integrations"],
        )
        _import(lib, pptx, [("situation", "Demo/Presentation"), ("segment", "Mid-market")])
        text = files / "objections.txt"
        text.write_text(
            "Objection handling: when the buyer says the price is too high, show ROI.\n"
        )
        _import(lib, text, [("situation", "Objection handling"), ("segment", "Enterprise")])
        lib.as_user(MARKETER).requests.create(
            "ROI calculator for hospitals", details="healthcare ROI"
        )
    finally:
        _close(lib)
    return home


def _close(lib: Library) -> None:
    lib.close()
    lib.index.close()
    lib.engine.dispose()


@pytest.fixture
def library_home(ui_template: Path, tmp_path: Path) -> Path:
    home = tmp_path / "library"
    shutil.copytree(ui_template, home)
    return home


@pytest.fixture
def open_as(library_home: Path) -> Iterator[Callable[[str], Library]]:
    """Open the test library directly (to check what the UI stored)."""
    opened: list[Library] = []

    def opener(user: str = OWNER) -> Library:
        lib = open_library(settings_for(library_home, user))
        opened.append(lib)
        return lib

    yield opener
    for lib in opened:
        _close(lib)


@pytest.fixture
def qsettings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "ui-settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture(autouse=True)
def no_workers_left() -> Iterator[None]:
    yield
    left = live_managers()
    for manager in left:  # stop them anyway, so one failure does not cascade
        manager.shutdown()
    assert not left, "a library worker thread is still running after the test"


@pytest.fixture
def make_window(
    qtbot: QtBot, library_home: Path, qsettings: QSettings
) -> Iterator[Callable[..., MainWindow]]:
    windows: list[MainWindow] = []

    def make(user: str = SELLER, *, settings: QSettings | None = None) -> MainWindow:
        window = MainWindow(settings or qsettings)
        windows.append(window)
        window.resize(1200, 800)
        window.show()
        window.start(library_home, user, build_demo=False)
        qtbot.waitUntil(
            lambda: window.ctx.opened is not None and window.search.outcome is not None,
            timeout=20000,
        )
        return window

    yield make
    for window in windows:
        window.close()


@pytest.fixture
def bare_window(qsettings: QSettings) -> Iterator[MainWindow]:
    """A shown window whose library the test opens itself."""
    window = MainWindow(qsettings)
    window.show()
    yield window
    window.close()


@pytest.fixture
def window(make_window: Callable[..., MainWindow]) -> MainWindow:
    return make_window()
