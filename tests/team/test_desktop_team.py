# mypy: disable-error-code="no-untyped-call"
# (pytest-qt's QtBot key/mouse helpers are untyped)
"""The desktop on a team library: sync rounds, the connection indicator, offline and back.

The window is driven like a person would: typing in the search box, opening
the rating dialog, clicking the connection indicator. The database sits
behind a proxy the test cuts, which is what a laptop sees when the VPN drops.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, make_url, select

from enablement.config import Settings
from enablement.extraction import ExtractionPool
from enablement.ingest import ImportOptions
from enablement.library import open_library
from enablement.models import Rating, UsageEvent
from enablement.offline import OFFLINE_MESSAGE
from ui.tasks import live_managers
from ui.team import TeamState, TeamSyncController
from ui.widgets.main_window import MainWindow
from ui.widgets.status import StatusArea

from .conftest import Opener, TeamDb, World, write_text
from .proxy import Proxy

# Not the shared world's tags: other modules' searches for it must not find these.
TAGS = (("situation", "Closing"), ("segment", "Enterprise"))

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.qt_log_ignore("This plugin does not support"),
]

THREADS = ("team-listener", "enablement-team-sync")


@pytest.fixture(scope="module")
def dana(team_db: TeamDb) -> str:
    """A seller of this module's own, so ratings here meet no other test's."""
    return team_db.own_login("dana", "seller", segments=("enterprise",))


@dataclass
class Laptop:
    proxy: Proxy
    home: Path
    database_url: str
    store_url: str


@pytest.fixture
def laptop(
    team_db: TeamDb,
    dana: str,
    shared_store: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Laptop]:
    """The seller's computer: settings in the environment, the database behind a proxy."""
    url = make_url(team_db.url_for(dana))
    proxy = Proxy(url.host or "127.0.0.1", url.port or 5432)
    proxy.restore()
    through = url.set(host="127.0.0.1", port=proxy.port).render_as_string(False)
    monkeypatch.setenv("ENABLEMENT_DATABASE_URL", through)
    monkeypatch.setenv("ENABLEMENT_STORE_URL", str(shared_store))
    yield Laptop(proxy, tmp_path / "dana-laptop", through, str(shared_store))
    proxy.cut()


@pytest.fixture
def open_window(qtbot: QtBot, laptop: Laptop, tmp_path: Path) -> Iterator[list[MainWindow]]:
    windows: list[MainWindow] = []
    yield windows
    for window in windows:
        window.close()
    left = [t.name for t in threading.enumerate() if t.name in THREADS]
    assert not live_managers() and not left, left


def _start(qtbot: QtBot, windows: list[MainWindow], laptop: Laptop, tmp_path: Path) -> MainWindow:
    settings = QSettings(str(tmp_path / "ui-settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings)
    windows.append(window)
    window.resize(1200, 800)
    window.show()
    window.start(laptop.home, None, build_demo=False)
    qtbot.waitUntil(lambda: window.ctx.opened is not None, timeout=30000)
    return window


def _state(window: MainWindow) -> TeamState:
    assert window.team is not None
    return window.team.state


def _search(qtbot: QtBot, window: MainWindow, text: str) -> None:
    box = window.search.box
    box.clear()
    box.setFocus()
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: window.search.outcome is not None and window.search.outcome.query == text,
        timeout=15000,
    )


def _ratings(team_open: Opener, asset_id: int, comment: str) -> int:
    with team_open("maria").reader() as session:
        return int(
            session.scalar(
                select(func.count())
                .select_from(Rating)
                .where(Rating.asset_id == asset_id, Rating.comment == comment)
            )
            or 0
        )


def test_working_offline_in_the_window_then_delivering_once(
    qtbot: QtBot,
    laptop: Laptop,
    open_window: list[MainWindow],
    tmp_path: Path,
    team_open: Opener,
    world: World,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown: list[str] = []
    original = StatusArea.show_team_state

    def recording(area: StatusArea, state: TeamState) -> None:
        original(area, state)
        shown.append(area.connection.text())

    monkeypatch.setattr(StatusArea, "show_team_state", recording)
    window = _start(qtbot, open_window, laptop, tmp_path)
    assert window.ctx.opened is not None and window.ctx.opened.team
    # The round at open builds this new laptop's index and fills the offline cache.
    qtbot.waitUntil(lambda: _state(window).rounds >= 1 and _state(window).online, timeout=30000)
    indicator = window.status_area.connection
    assert indicator.isVisible() and indicator.text() == "● Online"
    assert any(text.startswith("Catching up") for text in shown), shown
    assert not window.banner.isVisible()

    _search(qtbot, window, "publishedword")
    qtbot.waitUntil(lambda: [h.asset_id for h in window.search.model.hits] == [world.published])
    window.search.view.setCurrentIndex(window.search.model.index(0))
    qtbot.waitUntil(
        lambda: window.preview.data is not None and window.preview.data.info.id == world.published,
        timeout=15000,
    )

    # The VPN drops; the next round finds out (the person may click to check).
    laptop.proxy.cut()
    qtbot.mouseClick(indicator, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not _state(window).online, timeout=20000)
    assert indicator.text().startswith("○ Offline")
    assert window.banner.isVisible() and "Working offline" in window.banner.text()

    _search(qtbot, window, "publishedword guide")  # the local index, cached details
    outcome = window.search.outcome
    assert outcome is not None and outcome.message == OFFLINE_MESSAGE
    assert [h.asset_id for h in outcome.hits] == [world.published]
    assert OFFLINE_MESSAGE in window.search.summary.text()
    window.search.view.setCurrentIndex(window.search.model.index(0))
    qtbot.waitUntil(
        lambda: window.preview.data is not None and window.preview.data.info.id == world.published
    )
    assert window.preview.data is not None and window.preview.data.path.is_file()

    # Rate while offline: kept on this computer, counted in the indicator.
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: getattr(window, "rate_dialog", None) is not None and window.rate_dialog.isVisible(),
        timeout=15000,
    )
    dialog = window.rate_dialog
    qtbot.keyClick(dialog.stars, Qt.Key.Key_3)
    qtbot.keyClicks(dialog.comment, "rated on the train")
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "kept on this computer" in window.statusBar().currentMessage())
    qtbot.waitUntil(lambda: _state(window).queued >= 1, timeout=20000)
    assert "waiting to send" in indicator.text()
    assert _ratings(team_open, world.published, "rated on the train") == 0

    # Back online: the click's round delivers everything, once.
    laptop.proxy.restore()
    qtbot.mouseClick(indicator, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _state(window).online and _state(window).queued == 0, timeout=30000)
    assert indicator.text() == "● Online" and not window.banner.isVisible()
    assert _ratings(team_open, world.published, "rated on the train") == 1
    rounds = _state(window).rounds
    window.sync_now()
    qtbot.waitUntil(lambda: _state(window).rounds > rounds, timeout=20000)
    assert _ratings(team_open, world.published, "rated on the train") == 1
    assert window.ctx.opened is not None
    with team_open("maria").reader() as session:
        rates = session.scalar(
            select(func.count())
            .select_from(UsageEvent)
            .where(UsageEvent.kind == "rate", UsageEvent.asset_id == world.published)
            .where(UsageEvent.user_id == window.ctx.opened.actor.user_id)
        )
    assert rates == 1


def test_a_publish_elsewhere_reaches_the_open_window_by_notify(
    qtbot: QtBot,
    laptop: Laptop,
    open_window: list[MainWindow],
    tmp_path: Path,
    team_open: Opener,
    world: World,
) -> None:
    window = _start(qtbot, open_window, laptop, tmp_path)
    qtbot.waitUntil(lambda: _state(window).rounds >= 1 and _state(window).online, timeout=30000)
    assert window.team is not None
    qtbot.waitUntil(window.team.listener.listening.is_set, timeout=10000)
    _search(qtbot, window, "zanzibarword")
    assert window.search.outcome is not None and window.search.outcome.total == 0

    # The timer is a minute away: only the listener can bring this in time.
    maria = team_open("maria")
    folder = tmp_path / "new"
    folder.mkdir()
    path = write_text(folder, "zanzibar.txt", "Zanzibar expansion brief. zanzibarword")
    [result] = maria.import_files([path], ImportOptions(tags=TAGS))
    assert result.asset_id is not None
    maria.assets.publish(result.asset_id)
    qtbot.waitUntil(
        lambda: [h.asset_id for h in window.search.model.hits] == [result.asset_id],
        timeout=20000,
    )


def test_a_new_laptop_shows_catch_up_progress_and_stops_cleanly(
    qtbot: QtBot, laptop: Laptop, extraction_pool: ExtractionPool, world: World
) -> None:
    settings = Settings(
        home=laptop.home,
        database_url=laptop.database_url,
        store_url=laptop.store_url,
        user="ignored",
        client="desktop",
    )
    library = open_library(settings, pool=extraction_pool, refresh_cache=False)
    try:
        assert library.index.needs_rebuild  # nothing indexed on this computer yet
        controller = TeamSyncController(library, online=True, queued=0)
        seen: list[TeamState] = []
        controller.state_changed.connect(seen.append)
        controller.start()
        try:
            qtbot.waitUntil(lambda: controller.state.rounds >= 1, timeout=30000)
        finally:
            controller.stop()
        progress = [s.catching_up for s in seen if s.catching_up is not None]
        assert progress, seen
        done, total = progress[-1]
        assert 0 < done <= total
        assert controller.state.catching_up is None and controller.state.online
        assert not library.index.needs_rebuild
        assert not controller.running and not controller.listener._thread.is_alive()
        assert library.catch_up_progress is None
        found = library.search("publishedword", log=False)
        assert [h.asset_id for h in found.hits] == [world.published]
    finally:
        library.close()
        library.index.close()
        library.engine.dispose()
