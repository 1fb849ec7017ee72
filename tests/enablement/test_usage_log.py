"""The buffered usage log: nothing written until a flush, nothing lost, nothing doubled."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, func, select
from sqlalchemy.orm import Session, sessionmaker

from enablement.db import make_engine, session_factory, upgrade
from enablement.models import UsageEvent, User
from enablement.permissions import Actor
from enablement.services import usage
from enablement.usage_log import UsageLog, UsageLogClosed

SELLER = Actor(1, "sam", "seller", "test")


class DatabaseDown(Exception):
    pass


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'usage.sqlite3'}")
    upgrade(engine)
    with session_factory(engine, writer=True).begin() as session:
        session.add(User(id=1, name="sam", role="seller"))
    yield engine
    engine.dispose()


@pytest.fixture
def writer(engine: Engine) -> sessionmaker[Session]:
    return session_factory(engine, writer=True)


def logged(engine: Engine) -> list[UsageEvent]:
    with Session(engine) as session:
        return list(session.scalars(select(UsageEvent).order_by(UsageEvent.id)))


def count(engine: Engine) -> int:
    with Session(engine) as session:
        return int(session.scalar(select(func.count()).select_from(UsageEvent)) or 0)


def test_events_are_buffered_until_flush(engine: Engine, writer: sessionmaker[Session]) -> None:
    log = UsageLog(writer.begin, background=False)
    keys = [log.record(SELLER, "view", asset_id=None) for _ in range(3)]
    search = log.record(SELLER, "search", query="Pricing  Sheet", result_count=0)
    assert count(engine) == 0 and log.pending() == 4
    assert log.flush() == 4
    rows = logged(engine)
    assert [r.event_key for r in rows] == [*keys, search]
    assert rows[-1].normalized_query == "pricing sheet"
    assert all(r.occurred_at.tzinfo == UTC for r in rows)
    assert rows[0].occurred_at <= rows[-1].occurred_at <= datetime.now(UTC)
    assert log.pending() == 0 and log.flush() == 0


def test_flushes_in_the_background_at_the_threshold(
    engine: Engine, writer: sessionmaker[Session]
) -> None:
    flushed = threading.Event()
    log = UsageLog(writer.begin, batch_size=5, interval=None)
    original = log.flush

    def flush() -> int:
        n = original()
        if n:
            flushed.set()
        return n

    log.flush = flush  # type: ignore[method-assign]
    try:
        for _ in range(4):
            log.record(SELLER, "open")
        assert not flushed.wait(0.2) and count(engine) == 0
        log.record(SELLER, "open")
        assert flushed.wait(10), "no flush after the fifth event"
        assert count(engine) == 5
    finally:
        log.close()


def test_nothing_is_lost_on_close(engine: Engine, writer: sessionmaker[Session]) -> None:
    log = UsageLog(writer.begin, batch_size=50, interval=None)
    for _ in range(120):
        log.record(SELLER, "view")
    log.close()
    assert count(engine) == 120
    with pytest.raises(UsageLogClosed):
        log.record(SELLER, "view")


def test_a_failed_flush_keeps_the_events(engine: Engine, writer: sessionmaker[Session]) -> None:
    log = UsageLog(writer.begin, background=False)
    log.record(SELLER, "view")

    def refuse(*_args: object) -> None:
        raise DatabaseDown("the database went away")

    event.listen(engine, "before_cursor_execute", refuse)
    try:
        with pytest.raises(DatabaseDown):
            log.flush()
        assert log.pending() == 1
    finally:
        event.remove(engine, "before_cursor_execute", refuse)
    log.record(SELLER, "open")
    assert log.flush() == 2
    assert [r.kind for r in logged(engine)] == ["view", "open"]


def test_redelivery_after_a_partial_failure_does_not_duplicate(
    engine: Engine, writer: sessionmaker[Session]
) -> None:
    log = UsageLog(writer.begin, background=False)
    keys = [log.record(SELLER, "view") for _ in range(3)]
    # The first two had reached the log (say the commit went through but the
    # connection dropped before the client heard back).
    with writer.begin() as session:
        for queued in log._queue[:2]:
            usage.record(
                session,
                SELLER,
                queued.kind,
                event_key=queued.event_key,
                occurred_at=queued.occurred_at,
            )
    assert log.flush() == 3
    assert [r.event_key for r in logged(engine)] == keys
    assert log.pending() == 0


def test_search_use_is_resolved_whichever_event_arrives_first(
    engine: Engine, writer: sessionmaker[Session]
) -> None:
    log = UsageLog(writer.begin, background=False)
    search = log.record(SELLER, "search", query="roi", result_count=3)
    log.record(SELLER, "click", search_key=search, rank=1)
    unanswered = log.record(SELLER, "search", query="gdpr", result_count=2)
    log.record(SELLER, "rate", search_key=unanswered)  # not a follow-up
    log.flush()
    # A follow-up delivered before its search (another client's outbox).
    late = "00000000-0000-0000-0000-000000000001"
    with writer.begin() as session:
        usage.record(session, SELLER, "open", search_key=late)
    with writer.begin() as session:
        usage.record(session, SELLER, "search", query="late", result_count=1, event_key=late)
    used = {r.event_key: r.search_used for r in logged(engine) if r.kind == "search"}
    assert used == {search: True, unanswered: False, late: True}


def test_concurrent_record_from_threads(engine: Engine, writer: sessionmaker[Session]) -> None:
    log = UsageLog(writer.begin, batch_size=25, interval=None)
    start = threading.Barrier(8)
    keys: list[list[str]] = [[] for _ in range(8)]

    def seller(n: int) -> None:
        start.wait()
        for _ in range(100):
            keys[n].append(log.record(SELLER, "view"))

    threads = [threading.Thread(target=seller, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    log.close()
    rows = logged(engine)
    assert len(rows) == 800
    assert {r.event_key for r in rows} == {k for ks in keys for k in ks}
    for ks in keys:  # each thread's events keep their order
        ids = {r.event_key: r.id for r in rows}
        assert [ids[k] for k in ks] == sorted(ids[k] for k in ks)


def test_unknown_kind_is_refused_at_record_time(writer: sessionmaker[Session]) -> None:
    log = UsageLog(writer.begin, background=False)
    with pytest.raises(ValueError, match="unknown usage event kind"):
        log.record(SELLER, "teleport")
    assert log.pending() == 0
