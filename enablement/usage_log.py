"""A buffered, thread-safe recorder for usage events that never blocks its caller.

`record()` only stamps the event (a fresh idempotency key and the current UTC
time) and appends it to an in-memory queue, so the UI thread can log every
view and click for free. The events reach the database in batches, each in
one transaction through `services.usage.record`: on a background thread when
`batch_size` are queued or `interval` seconds have passed, and on `flush()`
and `close()`. A batch that fails stays queued for the next try. Because each
event carries its key, delivering a batch again after a failure that had in
fact committed (a lost connection at COMMIT) inserts nothing twice: on a
unique-key conflict the batch is retried row by row, skipping keys already in
the log.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypedDict, Unpack

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .models import EVENT_KINDS, UsageEvent, utcnow
from .permissions import Actor
from .services import usage

log = logging.getLogger(__name__)

BATCH_SIZE = 50
INTERVAL_SECONDS = 30.0

# `sessionmaker.begin` of the writer: a context manager that commits on exit.
SessionFactory = Callable[[], AbstractContextManager[Session]]


class UsageFields(TypedDict, total=False):
    """The optional fields of an event, as `services.usage.record` takes them."""

    asset_id: int | None
    version_id: int | None
    request_id: int | None
    query: str | None
    filters: Mapping[str, Sequence[str]] | None
    result_count: int | None
    rank: int | None
    search_key: str | None


@dataclass(frozen=True)
class QueuedEvent:
    actor: Actor
    kind: str
    event_key: str
    occurred_at: datetime
    fields: dict[str, Any] = field(default_factory=dict)


class UsageLogClosed(RuntimeError):
    """record() after close(): a bug in the caller's shutdown order."""


class UsageLog:
    def __init__(
        self,
        begin: SessionFactory,
        *,
        batch_size: int = BATCH_SIZE,
        interval: float | None = INTERVAL_SECONDS,
        background: bool = True,
    ) -> None:
        """`begin` opens a write transaction, e.g. `sessionmaker.begin`.

        With `background` off nothing is written until `flush()` or
        `close()`, which suits tests and a caller with its own DB worker.
        """
        self._begin = begin
        self.batch_size = batch_size
        self._interval = interval
        self._queue: list[QueuedEvent] = []
        self._lock = threading.Lock()  # guards _queue and _closed; held only briefly
        self._flushing = threading.Lock()  # one flush at a time
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._closed = False
        self._thread: threading.Thread | None = None
        if background:
            self._thread = threading.Thread(target=self._run, name="usage-log", daemon=True)
            self._thread.start()

    def record(self, actor: Actor, kind: str, **fields: Unpack[UsageFields]) -> str:
        """Queue one event and return its key (for a search: the `search_key`)."""
        if kind not in EVENT_KINDS:  # fail here, not in a later batch
            raise ValueError(f"unknown usage event kind {kind!r}")
        event = QueuedEvent(actor, kind, str(uuid.uuid4()), utcnow(), dict(fields))
        with self._lock:
            if self._closed:
                raise UsageLogClosed("the usage log is closed")
            self._queue.append(event)
            full = len(self._queue) >= self.batch_size
        if full:
            self._wake.set()
        return event.event_key

    def pending(self) -> int:
        with self._lock:
            return len(self._queue)

    def flush(self) -> int:
        """Write everything queued so far in one transaction; return how many.

        On failure the events stay queued and the error propagates.
        """
        with self._flushing:
            with self._lock:
                batch = list(self._queue)
            if not batch:
                return 0
            self._deliver(batch)
            with self._lock:
                # Only flush removes, and record() only appends: the batch is
                # still the head of the queue.
                del self._queue[: len(batch)]
            return len(batch)

    def close(self, timeout: float | None = 30.0) -> None:
        """Stop the background writer and flush what is left (raises if that fails)."""
        with self._lock:
            self._closed = True
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self.flush()

    def __enter__(self) -> UsageLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- delivery -------------------------------------------------------------

    def _deliver(self, batch: list[QueuedEvent]) -> None:
        try:
            with self._begin() as session:
                for event in batch:
                    _write(session, event)
        except IntegrityError:
            # Some keys are in the log already (an earlier delivery committed
            # after all): write row by row, skipping those.
            self._deliver_each(batch)

    def _deliver_each(self, batch: list[QueuedEvent]) -> None:
        with self._begin() as session:
            for event in batch:
                if _logged(session, event.event_key):
                    continue
                try:
                    with session.begin_nested():
                        _write(session, event)
                except IntegrityError as exc:
                    if not _logged(session, event.event_key):
                        # Not a duplicate, so it can never be written (e.g. its
                        # asset was deleted meanwhile); keeping it would block
                        # every later batch.
                        log.warning("dropping usage event %s: %s", event.event_key, exc)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self._interval)
            self._wake.clear()
            if self._stop.is_set():
                return
            try:
                self.flush()
            except Exception:  # keep the thread alive; the events stay queued
                log.warning("usage events not written yet; will retry", exc_info=True)
                self._stop.wait(self._interval or 1.0)


def _write(session: Session, event: QueuedEvent) -> None:
    usage.record(
        session,
        event.actor,
        event.kind,
        event_key=event.event_key,
        occurred_at=event.occurred_at,
        **event.fields,
    )


def _logged(session: Session, event_key: str) -> bool:
    found = session.scalar(select(UsageEvent.id).where(UsageEvent.event_key == event_key))
    return found is not None
