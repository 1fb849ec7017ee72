"""The connection indicator belongs to team libraries; a solo library shows none of it."""

from __future__ import annotations

import threading

from ui.team import TeamState
from ui.widgets.main_window import MainWindow
from ui.widgets.status import connection_text


def test_a_solo_library_has_no_sync_indicator_or_banner(window: MainWindow) -> None:
    assert window.ctx.opened is not None and not window.ctx.opened.team
    assert window.team is None
    assert not window.status_area.connection.isVisible()
    assert not window.banner.isVisible()
    window.sync_now()  # the action is harmless without a team library
    assert not [t for t in threading.enumerate() if t.name == "team-listener"]


def test_the_indicator_says_what_is_going_on() -> None:
    assert connection_text(TeamState(online=True, queued=0)) == "● Online"
    assert connection_text(TeamState(online=False, queued=3)) == "○ Offline · 3 waiting to send"
    catching_up = TeamState(online=True, queued=0, catching_up=(1200, 20000))
    assert connection_text(catching_up) == "Catching up 1,200 of 20,000"
