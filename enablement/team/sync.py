"""When a team client brings itself up to date: at start, on a timer, on NOTIFY.

`TeamSync.run_once` does one round: deliver what the offline outbox holds,
absorb the catalogue changes into the local index, and refresh the cached
asset details offline search answers from. It never raises for an absent
database; it reports `online=False` and the next round tries again.

Rounds are triggered three ways: once when the library opens, by the UI on
a timer (`run_once` is cheap when nothing changed: one query), and by the
database itself: `enablement team init` installs a trigger on the change
sequence that `pg_notify`s `CHANNEL` when a change commits, and `Listener`
waits on that channel on a connection of its own and runs a round at once.
While changes keep coming (an import commits file by file, a whole team
rates), it runs at most one round per `ROUND_INTERVAL_SECONDS`: each round
reads everything committed so far, so a round per notification would only
multiply the load on the database by the number of desktops.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import psycopg
from sqlalchemy import make_url

from ..offline import Offline, is_unreachable
from .security import CHANGE_CHANNEL

if TYPE_CHECKING:
    from ..library import Library

log = logging.getLogger(__name__)

CHANNEL = CHANGE_CHANNEL
PERIOD_SECONDS = 60.0  # the UI timer's suggested period; NOTIFY makes most rounds instant
RECONNECT_SECONDS = 5.0
ROUND_INTERVAL_SECONDS = 0.5  # at most one round per this while changes keep coming


@dataclass(frozen=True)
class SyncStatus:
    online: bool
    indexed: int  # assets re-indexed this round (-1: the index was rebuilt)
    delivered: int  # queued events, ratings and requests sent this round
    queued: int  # still waiting in the outbox
    message: str | None


class TeamSync:
    def __init__(self, library: Library) -> None:
        self._lib = library
        self._lock = threading.Lock()

    def run_once(self) -> SyncStatus:
        """One round; safe to call from any worker thread, one round at a time."""
        lib = self._lib
        offline = lib.offline
        with self._lock:
            delivered = indexed = 0
            try:
                if offline is not None:
                    delivered = offline.deliver()
                indexed = (
                    offline.attempt(lib.catch_up_index, probe=True)
                    if offline is not None
                    else lib.catch_up_index()
                )
                if offline is not None:
                    # What offline search shows next time. Every round: it is
                    # one query when nothing changed, and this client's own
                    # ratings (indexed as they were made) change details too.
                    offline.refresh()
                    if indexed:  # the taxonomy may have changed with the catalogue
                        offline.remember_profile()
                    offline.online = True
            except Offline as exc:
                if offline is not None:
                    offline.online = False
                queued = offline.outbox.pending() if offline is not None else 0
                return SyncStatus(False, indexed, delivered, queued, exc.message)
            queued = offline.outbox.pending() if offline is not None else 0
            return SyncStatus(True, indexed, delivered, queued, None)


class Listener:
    """Runs `wake` whenever a catalogue change commits (LISTEN on its own connection).

    Reconnects after an outage; every reconnect also calls `wake`, since
    notifications sent while away are lost.
    """

    def __init__(self, database_url: str, wake: Callable[[], object]) -> None:
        self._conninfo = make_url(database_url).set(drivername="postgresql").render_as_string(False)
        self._wake = wake
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="team-listener", daemon=True)
        self.listening = threading.Event()

    def start(self) -> Listener:
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        first = True
        while not self._stop.is_set():
            try:
                with psycopg.connect(self._conninfo, autocommit=True, connect_timeout=5) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.listening.set()
                    if not first:
                        self._call()
                    first = False
                    self._listen(conn)
            except psycopg.Error as exc:
                self.listening.clear()
                if not is_unreachable(exc):
                    log.warning("change notifications stopped: %s", exc)
                self._stop.wait(RECONNECT_SECONDS)

    def _listen(self, conn: psycopg.Connection[tuple[object, ...]]) -> None:
        last = float("-inf")
        while not self._stop.is_set():
            if any(True for _ in conn.notifies(timeout=0.5, stop_after=1)):
                # The first change after a quiet spell wakes at once. During a
                # burst (an import commits file by file, a team rates) one
                # round per interval absorbs everything committed so far, so
                # what arrives before the interval is up needs no round of its own.
                wait = last + ROUND_INTERVAL_SECONDS - time.monotonic()
                if wait > 0:
                    for _ in conn.notifies(timeout=wait):
                        pass
                last = time.monotonic()
                self._call()

    def _call(self) -> None:
        try:
            self._wake()
        except Exception:  # the wake-up is best effort; the timer still runs
            log.warning("catch-up after a change notification failed", exc_info=True)
