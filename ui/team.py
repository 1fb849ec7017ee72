"""Keeping a team library up to date from the desktop, and saying whether it is online.

`TeamSyncController` runs `TeamSync.run_once` rounds on a thread of its own
(never the UI thread, never the library worker, so a search never waits
behind a catch-up): one when the window opens, one per timer period, and one
whenever the `Listener` (its own thread) hears that a change was committed,
or the person asks. Each round's outcome becomes a `TeamState` the status bar
and the offline banner show. A round that rebuilds the local index (a new
laptop) reports "catching up N of M" while it runs; searches meanwhile answer
from what is indexed so far. `stop` ends the timer, the listener and the
round thread (a rebuild in progress is cancelled) before the library closes.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from .qtcompat import emit

if TYPE_CHECKING:
    from enablement.library import Library
    from enablement.team.sync import SyncStatus

log = logging.getLogger("enablement.ui")


@dataclass(frozen=True)
class TeamState:
    online: bool
    queued: int  # ratings, requests and usage events waiting to be sent
    message: str | None = None  # why the last round could not reach the database
    catching_up: tuple[int, int] | None = None  # (done, total) while the index is built
    rounds: int = 0  # sync rounds finished since the window opened


class _Rounds:
    """A thread that runs one round each time it is woken; wake-ups while busy make one round.

    A plain daemon thread rather than a QThread: if a round is stuck on the
    network when the window closes, quitting must not wait for it or abort.
    """

    def __init__(self, library: Library, done: Callable[[SyncStatus | None], None]) -> None:
        from enablement.team.sync import TeamSync

        self._sync = TeamSync(library)
        self._library = library
        self._done = done
        self._wake = threading.Event()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name="enablement-team-sync", daemon=True)

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float) -> bool:
        """Ask the thread to end after the current round; whether it ended in time."""
        self.stopping.set()
        self._wake.set()
        if self.thread.is_alive():
            self.thread.join(timeout)
        return not self.thread.is_alive()

    def _run(self) -> None:
        while True:
            self._wake.wait()
            if self.stopping.is_set():
                return
            self._wake.clear()
            status: SyncStatus | None
            try:
                status = self._sync.run_once()
            except Exception:  # a bug, not an outage: logged, and the next round tries again
                log.exception("team sync round failed")
                status = None
            if self.stopping.is_set():
                return
            self._done(status)


class TeamSyncController(QObject):
    state_changed = Signal(object)  # TeamState
    synced = Signal(object)  # SyncStatus of a finished round
    _progressed = Signal(int, int)  # from the round thread
    _finished = Signal(object)  # from the round thread: SyncStatus | None

    def __init__(
        self,
        library: Library,
        *,
        online: bool,
        queued: int,
        period_seconds: float | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        from enablement.team.sync import PERIOD_SECONDS, Listener

        self.state = TeamState(online=online, queued=queued)
        self._library = library
        self._rounds = _Rounds(library, lambda status: self._post(self._finished, status))
        self._finished.connect(self._round_done)
        self._progressed.connect(self._show_progress)
        # The round thread reports a rebuild's progress here and stops it on quit.
        library.catch_up_progress = lambda done, total: self._post(self._progressed, done, total)
        library.catch_up_cancelled = self._rounds.stopping.is_set
        self.timer = QTimer(self)
        self.timer.setInterval(int((period_seconds or PERIOD_SECONDS) * 1000))
        self.timer.timeout.connect(self.sync_now)
        self.listener = Listener(library.settings.database_url, self._rounds.wake)
        self._stopped = False

    def _post(self, signal: Any, *args: object) -> None:
        """Hand a result to the UI thread; dropped once the window is gone."""
        with contextlib.suppress(RuntimeError):  # the controller went with its window
            emit(signal, *args)

    def start(self) -> None:
        self._rounds.thread.start()
        self.listener.start()
        self.timer.start()
        self.sync_now()  # the round at open: deliver, catch up, refresh the cache

    def sync_now(self) -> None:
        """Ask for a round (any thread); it runs as soon as the current one ends."""
        if not self._stopped:
            self._rounds.wake()

    def note_offline(self) -> None:
        """A call on the worker found the database gone before a round did."""
        if self.state.online:
            self._set(replace(self.state, online=False))
            self.sync_now()  # the round confirms it and counts what is queued

    def stop(self, timeout: float = 5.0) -> None:
        """End the timer, the listener and the round thread; safe to call twice.

        A round stuck on a dead network is not waited for beyond `timeout`:
        its thread is a daemon, and anything it was delivering stays in the
        outbox, where its key keeps the next delivery from counting it twice.
        """
        if self._stopped:
            return
        self._stopped = True
        self.timer.stop()
        self._rounds.stopping.set()  # a rebuild in progress stops at its next batch
        self.listener.stop(timeout)
        if not self._rounds.stop(timeout):
            log.warning("a team sync round did not end within %.0f s", timeout)
        self._library.catch_up_progress = None
        self._library.catch_up_cancelled = None

    @property
    def running(self) -> bool:
        return self._rounds.thread.is_alive()

    @Slot(object)
    def _round_done(self, status: SyncStatus | None) -> None:
        if self._stopped:
            return
        rounds = self.state.rounds + 1
        if status is None:
            self._set(replace(self.state, catching_up=None, rounds=rounds))
            return
        self._set(TeamState(status.online, status.queued, status.message, None, rounds))
        emit(self.synced, status)

    @Slot(int, int)
    def _show_progress(self, done: int, total: int) -> None:
        if not self._stopped:
            self._set(replace(self.state, catching_up=(done, total)))

    def _set(self, state: TeamState) -> None:
        self.state = state
        emit(self.state_changed, state)
