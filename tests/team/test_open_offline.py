# mypy: disable-error-code="no-untyped-call"
"""Opening a team library while the database is already unreachable.

What the client saved at its last good open (who the person is, the
taxonomy, the index, the asset details) is enough to open, search, preview
and queue; a computer that never opened the library gets a plain message.
Also here: the cached details follow the change sequence incrementally.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, make_url, select

from enablement.config import Settings
from enablement.extraction import ExtractionPool
from enablement.ingest import ImportOptions
from enablement.library import Library, open_library
from enablement.models import Rating
from enablement.offline import OFFLINE_MESSAGE, NothingCached
from enablement.team.sync import TeamSync
from ui.tasks import live_managers
from ui.widgets.main_window import MainWindow

from .conftest import Opener, TeamDb, World, write_text
from .proxy import Proxy

# Not the shared world's tags: other modules' searches for it must not find these.
TAGS = (("situation", "Closing"), ("segment", "Enterprise"))

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.qt_log_ignore("This plugin does not support"),
]


@pytest.fixture(scope="module")
def otto(team_db: TeamDb) -> str:
    """A seller of this module's own."""
    return team_db.own_login("otto", "seller", segments=("enterprise",))


@dataclass
class Client:
    proxy: Proxy
    settings: Settings
    pool: ExtractionPool

    def open(self, **options: bool) -> Library:
        return open_library(self.settings, pool=self.pool, **options)


@pytest.fixture
def client(
    team_db: TeamDb,
    otto: str,
    shared_store: Path,
    extraction_pool: ExtractionPool,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Client]:
    url = make_url(team_db.url_for(otto))
    proxy = Proxy(url.host or "127.0.0.1", url.port or 5432)
    proxy.restore()
    through = url.set(host="127.0.0.1", port=proxy.port).render_as_string(False)
    monkeypatch.setenv("ENABLEMENT_DATABASE_URL", through)
    monkeypatch.setenv("ENABLEMENT_STORE_URL", str(shared_store))
    settings = Settings(
        home=tmp_path / "otto-laptop",
        database_url=through,
        store_url=str(shared_store),
        user="ignored",
        client="laptop",
    )
    yield Client(proxy, settings, extraction_pool)
    proxy.cut()


def _close(library: Library) -> None:
    library.close()
    library.index.close()
    library.engine.dispose()


def _ratings(team_open: Opener, asset_id: int, comment: str) -> int:
    with team_open("maria").reader() as session:
        found = session.scalar(
            select(func.count())
            .select_from(Rating)
            .where(Rating.asset_id == asset_id, Rating.comment == comment)
        )
    return int(found or 0)


def test_opens_from_the_last_good_open_and_delivers_when_back(
    client: Client, team_open: Opener, world: World
) -> None:
    first = client.open()
    assert first.offline is not None and first.offline.online
    assert first.catch_up_index() == -1  # a new laptop builds its index
    preview = first.assets.file_path(world.published)
    actor = first.actor
    _close(first)

    client.proxy.cut()
    library = client.open()  # no database: from this computer's cache
    try:
        assert library.offline is not None and not library.offline.online
        assert (library.actor.user_id, library.actor.role) == (actor.user_id, "seller")
        assert library.catch_up_index() == 0  # keeps the index it has, no waiting
        found = library.search("publishedword")
        assert [h.asset_id for h in found.hits] == [world.published]
        assert found.message == OFFLINE_MESSAGE
        assert library.assets.file_path(world.published) == preview
        assert library.ratings.rate(world.published, 4, comment="offline open").stars == 4
        assert TeamSync(library).run_once().online is False
    finally:
        _close(library)  # the usage batch goes to the outbox too
    assert _ratings(team_open, world.published, "offline open") == 0

    client.proxy.restore()
    again = client.open()  # delivers at open
    try:
        assert again.offline is not None and again.offline.online
        assert again.offline.outbox.pending() == 0
        assert _ratings(team_open, world.published, "offline open") == 1
        assert TeamSync(again).run_once().delivered == 0
        assert _ratings(team_open, world.published, "offline open") == 1
    finally:
        _close(again)


def test_the_command_line_searches_offline_too(
    client: Client, world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    from enablement.cli import main

    home = str(client.settings.home)
    assert main(["--library", home, "search", "publishedword"]) == 0  # the last good open
    capsys.readouterr()
    client.proxy.cut()
    assert main(["--library", home, "search", "publishedword"]) == 0
    out = capsys.readouterr().out
    assert f"[{world.published}] published" in out and "working offline" in out


def test_first_open_ever_while_offline_says_so(client: Client) -> None:
    client.proxy.cut()
    with pytest.raises(NothingCached) as raised:
        client.open()
    assert "has not opened this library before" in raised.value.message
    assert "Traceback" not in raised.value.message


def test_the_window_opens_offline_and_says_so(
    qtbot: QtBot, client: Client, tmp_path: Path, world: World
) -> None:
    first = client.open()  # the last good open, from this computer
    first.catch_up_index()
    _close(first)
    client.proxy.cut()

    window = MainWindow(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    try:
        window.show()
        window.start(client.settings.home, None, build_demo=False)
        qtbot.waitUntil(lambda: window.ctx.opened is not None, timeout=30000)
        assert window.ctx.opened is not None and not window.ctx.opened.online
        assert window.banner.isVisible()
        assert window.status_area.connection.text().startswith("○ Offline")
        assert "offline" in window.statusBar().currentMessage()
        assert window.team is not None
        qtbot.waitUntil(lambda: window.team is not None and window.team.state.rounds >= 1)
        assert not window.team.state.online  # the round at open confirms it
        qtbot.keyClicks(window.search.box, "publishedword")
        qtbot.waitUntil(
            lambda: [h.asset_id for h in window.search.model.hits] == [world.published],
            timeout=15000,
        )
        assert OFFLINE_MESSAGE in window.search.summary.text()
    finally:
        window.close()
    assert not live_managers()
    assert not [t for t in threading.enumerate() if t.name == "team-listener"]


def test_first_open_ever_offline_in_the_window_is_a_message(
    qtbot: QtBot, client: Client, tmp_path: Path
) -> None:
    client.proxy.cut()
    window = MainWindow(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    try:
        window.show()
        window.start(client.settings.home, None, build_demo=False)
        qtbot.waitUntil(
            lambda: "could not be opened" in window.statusBar().currentMessage(), timeout=30000
        )
        assert window.ctx.opened is None and window.team is None
        box = window.findChild(QMessageBox, "errorBox")
        assert box is not None and "has not opened this library before" in box.text()
        assert "went wrong" not in box.text()  # a known situation, not a bug report
    finally:
        window.close()
    assert not live_managers()


def test_the_cache_refresh_reads_only_what_changed(
    client: Client, team_open: Opener, world: World, tmp_path: Path
) -> None:
    library = client.open(refresh_cache=False)
    try:
        offline = library.offline
        assert offline is not None
        everything = offline.refresh()  # the first refresh reads all this person sees
        assert everything >= 1 and world.published in offline.outbox.cached_ids()
        assert world.draft not in offline.outbox.cached_ids()
        assert offline.refresh() == 0  # nothing changed: nothing read

        maria = team_open("maria")
        files = [
            write_text(tmp_path, f"{n}.txt", f"Refresh check {n}. refreshword{n}")
            for n in ("kept", "gone")
        ]
        kept, gone = (r.asset_id or 0 for r in maria.import_files(files, ImportOptions(tags=TAGS)))
        maria.assets.publish(kept)
        maria.assets.publish(gone)
        assert offline.refresh() == 2  # the two new ones, nothing else
        assert {kept, gone} <= offline.outbox.cached_ids()

        maria.assets.update(kept, title="Refresh check, renamed")
        maria.assets.archive(gone)
        assert offline.refresh() == 2
        assert gone not in offline.outbox.cached_ids()  # archived: no longer for sellers
        assert offline.outbox.recall([kept])[kept].title == "Refresh check, renamed"
    finally:
        _close(library)
